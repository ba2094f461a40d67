namespace Reflow.Distributed.Cluster;

/// <summary>One step of a cluster's life, for a log or the command line: when, what, which node and run, in words.</summary>
/// <param name="Time">When it was seen, by the process that reports it.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Node">The node it concerns, if any.</param>
/// <param name="RunId">The run it concerns, if any.</param>
/// <param name="Message">A sentence saying what happened.</param>
public sealed record ClusterEvent(DateTimeOffset Time, ClusterEventKind Kind, string? Node, string? RunId, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Time:HH:mm:ss.fff} {Kind}{(Node is null ? "" : " node=" + Node)}{(RunId is null ? "" : " run=" + RunId)}: {Message}";
}
