using Reflow.Graphs;

namespace Reflow.Distributed.Partitioning;

/// <summary>The graph one cluster node runs: its graph nodes, the connections between them, their IIPs, and a <c>_remote&lt;k&gt;</c> export per remote edge end.</summary>
/// <param name="ClusterNode">The cluster node's name.</param>
/// <param name="Graph">The part graph: an ordinary graph that loads into an ordinary network.</param>
internal sealed record GraphPart(string ClusterNode, Graph Graph)
{
    /// <summary>The part graph as Reflow graph JSON: what is sent to the cluster node (<see cref="GraphFile.Read"/> with <see cref="GraphFormat.ReflowJson"/> reads it back equal).</summary>
    public string ToJson() => GraphFile.Write(Graph, GraphFormat.ReflowJson);
}
