namespace Reflow.Networks;

/// <summary>The counters of a network at one moment of its run; see <see cref="Network.GetSnapshot"/>.</summary>
/// <param name="Elapsed">How long the network had been running when the snapshot was taken.</param>
/// <param name="Edges">Every edge, in the order of <see cref="NetworkRunResult.Edges"/>: the definition's edges, then the host edges of the exported in-ports and out-ports.</param>
/// <param name="Nodes">Every node, in the order of <see cref="NetworkDefinition.Nodes"/>.</param>
public sealed record NetworkSnapshot(TimeSpan Elapsed, IReadOnlyList<EdgeSnapshot> Edges, IReadOnlyList<NodeSnapshot> Nodes)
{
    /// <summary>Messages sent to the dead letters so far.</summary>
    public long DeadLetters { get; init; }

    /// <summary>Events discarded so far because a subscriber read too slowly.</summary>
    public long EventsDiscarded { get; init; }
}
