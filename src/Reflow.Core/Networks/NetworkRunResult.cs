namespace Reflow.Networks;

/// <summary>The statistics of a finished run.</summary>
/// <param name="Elapsed">From start to the moment the last piece of work was handled.</param>
/// <param name="Nodes">Per node, in definition order.</param>
/// <param name="Edges">Per edge, in definition order.</param>
public sealed record NetworkRunResult(TimeSpan Elapsed, IReadOnlyList<NodeStatistics> Nodes, IReadOnlyList<EdgeStatistics> Edges)
{
    /// <summary>Messages handled over all edges.</summary>
    public long Messages => Edges.Sum(e => e.Messages);

    /// <summary>Actor calls that threw, over all nodes.</summary>
    public long Errors => Nodes.Sum(n => n.Errors);
}
