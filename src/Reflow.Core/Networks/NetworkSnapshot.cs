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

    /// <summary>
    /// Uncaught failures so far of nodes whose policy does not ignore them (as <see cref="NetworkRunResult.UncaughtFailures"/>):
    /// a host can tell while the network runs that its run will not succeed (a health check, say).
    /// </summary>
    public long UncaughtFailures { get; init; }

    /// <summary>Dead letters so far lost to failures on nodes whose policy does not ignore them (as <see cref="NetworkRunResult.DeadLettersFromFailures"/>).</summary>
    public long DeadLettersFromFailures { get; init; }

    /// <summary>Whether the run so far has what makes <see cref="NetworkRunResult.HasUnhandledFailures"/> true.</summary>
    public bool HasUnhandledFailures => UncaughtFailures > 0 || DeadLettersFromFailures > 0;
}
