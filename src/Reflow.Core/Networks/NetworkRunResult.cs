namespace Reflow.Networks;

/// <summary>The statistics of a finished run.</summary>
/// <param name="Elapsed">From start to the moment the last piece of work was handled (or the stop).</param>
/// <param name="Nodes">Per node, in definition order.</param>
/// <param name="Edges">Per edge, in definition order.</param>
public sealed record NetworkRunResult(TimeSpan Elapsed, IReadOnlyList<NodeStatistics> Nodes, IReadOnlyList<EdgeStatistics> Edges)
{
    /// <summary>Messages handled over all edges.</summary>
    public long Messages => Edges.Sum(e => e.Messages);

    /// <summary>Actor calls that threw, over all nodes.</summary>
    public long Errors => Nodes.Sum(n => n.Errors);

    /// <summary>
    /// True when the run ended because all its work was done (or drained by <see cref="Network.StopAsync"/>);
    /// false when it was stopped without draining, cancelled, or disposed while running.
    /// </summary>
    public bool Completed { get; init; } = true;

    /// <summary>Messages that went to the dead letters (all of them, including any discarded past the sink's capacity).</summary>
    public long DeadLetters { get; init; }

    /// <summary>Events discarded because a subscriber read too slowly.</summary>
    public long EventsDiscarded { get; init; }
}
