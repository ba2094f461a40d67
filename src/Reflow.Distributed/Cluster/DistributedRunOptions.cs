using Reflow.Distributed.Partitioning;
using Reflow.Graphs;

namespace Reflow.Distributed.Cluster;

/// <summary>What a coordinator runs across a cluster: the graph, how to place it, where the cluster is.</summary>
public sealed record DistributedRunOptions
{
    /// <summary>The whole graph; its exported ports become the run's (fed and read by the coordinator).</summary>
    public required Graph Graph { get; init; }

    /// <summary>Placement, delivery modes and edge settings; an empty deployment places everything by the graph's metadata and neighbours.</summary>
    public DeploymentFile Deployment { get; init; } = DeploymentFile.Default;

    /// <summary>The NATS servers and credentials.</summary>
    public ClusterConnectionOptions Connection { get; init; } = new();

    /// <summary>The directory of the graph file (nodes resolve relative subgraph and script paths against it when they have it).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>The capacity of a remote edge whose connection sets none (the graph's <c>message_buffer_size</c>). Default 1024.</summary>
    public int DefaultEdgeCapacity { get; init; } = 1024;

    /// <summary>How long a node may take to build its part. Default 60 s.</summary>
    public TimeSpan PrepareTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the membership entry of a node lives without a heartbeat (as the nodes were started with). Default 3 s.</summary>
    public TimeSpan MemberTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Receives every step of the run (placed, parts prepared, started, finished, nodes lost, edges given up); called on any thread.</summary>
    public Action<ClusterEvent>? OnEvent { get; init; }
}
