using Reflow.Scheduling;

namespace Reflow.Networks;

/// <summary>
/// What a live edit will do (Network.UpdateAsync), worked out and checked in full before anything is applied: the cells
/// and edges of the new shape (kept ones reused, new ones made but not yet started or attached) and what changes.
/// </summary>
internal sealed class UpdatePlan(NetworkDefinition definition)
{
    public NetworkDefinition Definition { get; } = definition;

    /// <summary>The cells of the new shape, by node index of <see cref="Definition"/>.</summary>
    public ActorCell[] Cells { get; } = new ActorCell[definition.Nodes.Length];

    /// <summary>Per node index: the cell is new (an added or replaced node).</summary>
    public bool[] IsNew { get; } = new bool[definition.Nodes.Length];

    /// <summary>The edges of the new shape: those of <see cref="Definition"/> in its order, then the host's (kept).</summary>
    public Edge[] Edges { get; set; } = [];

    /// <summary>Per edge index of <see cref="Definition"/>: the edge is new (added, or rebuilt because an end was replaced).</summary>
    public bool[] IsNewEdge { get; } = new bool[definition.Edges.Length];

    /// <summary>The old edges to detach: removed ones and those of removed or replaced nodes.</summary>
    public List<Edge> Detached { get; } = [];

    /// <summary>The old cells to retire: removed and replaced nodes.</summary>
    public List<ActorCell> Retiring { get; } = [];

    /// <summary>The initial packets to deliver, in definition order.</summary>
    public List<InitialDefinition> Initials { get; } = [];

    /// <summary>Ring slots the new cross-worker edges take, by worker (applied to the network's slack when the plan is).</summary>
    public long[]? RingTaken { get; set; }

    public List<string> AddedNodes { get; } = [];

    public List<string> RemovedNodes { get; } = [];

    public List<string> ReplacedNodes { get; } = [];

    public List<string> AddedEdges { get; } = [];

    public List<string> RemovedEdges { get; } = [];

    public NetworkUpdate Report(int initialsSent) =>
        new([.. AddedNodes], [.. RemovedNodes], [.. ReplacedNodes], [.. AddedEdges], [.. RemovedEdges], initialsSent);
}
