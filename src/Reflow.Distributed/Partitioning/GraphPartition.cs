namespace Reflow.Distributed.Partitioning;

/// <summary>One graph split across a cluster: what <see cref="GraphPartitioner.Partition"/> returns.</summary>
/// <param name="Parts">One part per cluster node that got at least one graph node, ordered by cluster node name (ordinal).</param>
/// <param name="Edges">The remote edges, by <see cref="RemoteEdge.Id"/> (0, 1, 2 …).</param>
/// <param name="Placement">Graph node id to cluster node name, for every graph node.</param>
internal sealed record GraphPartition(IReadOnlyList<GraphPart> Parts, IReadOnlyList<RemoteEdge> Edges, IReadOnlyDictionary<string, string> Placement)
{
    /// <summary>The part of <paramref name="clusterNode"/>, or null when it runs nothing.</summary>
    public GraphPart? PartOf(string clusterNode)
    {
        foreach (GraphPart part in Parts)
        {
            if (string.Equals(part.ClusterNode, clusterNode, StringComparison.Ordinal))
            {
                return part;
            }
        }

        return null;
    }

    /// <summary>The remote edges <paramref name="part"/> sends on (use <see cref="RemoteEdge.Coordinator"/> for the coordinator's).</summary>
    public IEnumerable<RemoteEdge> EdgesFrom(string part) => Edges.Where(e => string.Equals(e.FromPart, part, StringComparison.Ordinal));

    /// <summary>The remote edges <paramref name="part"/> receives on (use <see cref="RemoteEdge.Coordinator"/> for the coordinator's).</summary>
    public IEnumerable<RemoteEdge> EdgesTo(string part) => Edges.Where(e => string.Equals(e.ToPart, part, StringComparison.Ordinal));
}
