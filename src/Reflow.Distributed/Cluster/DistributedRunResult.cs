namespace Reflow.Distributed.Cluster;

/// <summary>The result of a distributed run: every part's, every remote edge's, and the totals.</summary>
/// <param name="RunId">The run's id (in every subject and event of the run).</param>
/// <param name="Elapsed">From start to the last part's end, as the coordinator saw it.</param>
/// <param name="Parts">Each part, by node name.</param>
/// <param name="Edges">Each remote edge, by id.</param>
public sealed record DistributedRunResult(string RunId, TimeSpan Elapsed, IReadOnlyList<DistributedPartResult> Parts, IReadOnlyList<RemoteEdgeStatistics> Edges)
{
    /// <summary>Messages handled by the actors of every part.</summary>
    public long Messages => Parts.Sum(p => p.Messages);

    /// <summary>Messages lost on remote edges (at-most-once edges count them; at-least-once edges lose none).</summary>
    public long Lost => Edges.Sum(e => e.Lost);

    /// <summary>Actor failures on every part.</summary>
    public long Failures => Parts.Sum(p => p.Failures);

    /// <summary>True when every part finished without unhandled failures and no message was lost.</summary>
    public bool Succeeded => Parts.All(p => p.Succeeded) && Lost == 0;
}
