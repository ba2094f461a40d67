using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Distributed.Cluster;

/// <summary>What a <see cref="ClusterNode"/> is called, where its cluster is, and how it builds the networks of its parts.</summary>
public sealed record ClusterNodeOptions
{
    /// <summary>The node's name in the cluster (letters, digits, <c>-</c> and <c>_</c>; unique among live nodes).</summary>
    public required string Name { get; init; }

    /// <summary>The NATS servers and credentials.</summary>
    public ClusterConnectionOptions Connection { get; init; } = new();

    /// <summary>
    /// Builds a part's network from its graph; the second argument is the directory the graph file came from (relative
    /// subgraph and script paths resolve against it when it exists on this machine). The node's own component registry
    /// and configuration decide what a component name means here: only data crosses the wire, and code only as script files
    /// the deployment lists with their hashes, taken when <see cref="AcceptScripts"/> is set.
    /// </summary>
    public required Func<Graph, string?, Network> CreateNetwork { get; init; }

    /// <summary>
    /// Whether the node takes script files a coordinator ships with a part (the deployment's <c>[scripts]</c>; <c>reflow
    /// node --accept-scripts</c>). Default false: a part that comes with scripts is refused. An accepted script is
    /// checked against its SHA-256, written into a folder private to the run, and runs under this node's grants and
    /// runtime settings only (a part graph that carries a <c>permissions</c> setting, a grant from the coordinator, is
    /// refused whatever its components).
    /// </summary>
    public bool AcceptScripts { get; init; }

    /// <summary>Labels the node advertises (<c>gpu=true</c>, <c>zone=b</c>), shown by coordinators.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>How often the node rewrites its membership entry. Default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the membership entry lives without a heartbeat: a dead node is noticed within this. Default 3 s.</summary>
    public TimeSpan MemberTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A part whose coordinator falls silent this long is stopped and forgotten. Default 15 s.</summary>
    public TimeSpan CoordinatorTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Receives every step of the node's life (joined, parts prepared, started, finished, failed); called on any thread.</summary>
    public Action<ClusterEvent>? OnEvent { get; init; }
}
