namespace Reflow.Graphs.Analysis;

/// <summary>Why a node is a bottleneck candidate.</summary>
public enum BottleneckKind
{
    /// <summary>Its degree (distinct neighbours in and out) is above the mean plus two standard deviations, and at least 3: much of the traffic meets there.</summary>
    HighDegree,

    /// <summary>
    /// It is an articulation point of the graph taken undirected, with connections on both sides: every path
    /// between the parts it separates passes through it, so its throughput bounds theirs.
    /// </summary>
    ArticulationPoint,

    /// <summary>A chain of three or more nodes with one way in and one way out each: a sequential pipeline that cannot run wider than its slowest stage.</summary>
    SequentialChain,
}
