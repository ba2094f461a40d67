using Reflow.Actors;
using Reflow.Graphs;

namespace Reflow.Networks;

/// <summary>
/// One placement of a graph in the network being loaded: the top graph, or a subgraph behind one node of its parent.
/// Its nodes' ids in the network are prefixed with <see cref="NodeId"/> and <c>/</c>.
/// </summary>
/// <param name="source">The graph and where it came from.</param>
/// <param name="nodeId">The network id of the node it replaces (<c>outer/mid</c>); empty for the top graph.</param>
/// <param name="parent">The instance whose node it replaces; null for the top graph.</param>
/// <param name="inherited">The metadata its nodes inherit from the nodes that placed it (see <see cref="GraphValues.Inherit"/>).</param>
internal sealed class GraphInstance(SubgraphSource source, string nodeId, GraphInstance? parent, GraphMetadata inherited)
{
    public SubgraphSource Source { get; } = source;

    public Graph Graph => Source.Graph;

    public string NodeId { get; } = nodeId;

    public GraphInstance? Parent { get; } = parent;

    public GraphMetadata Inherited { get; } = inherited;

    /// <summary>The keys of <see cref="Inherited"/> whose values were written as text (see <see cref="SubgraphSource.TextSettings"/>).</summary>
    public IReadOnlySet<string> InheritedText { get; init; } = new HashSet<string>();

    /// <summary>The network id of the graph's node <paramref name="id"/>.</summary>
    public string IdOf(string id) => NodeId.Length == 0 ? id : NodeId + "/" + id;

    /// <summary>What each resolved node of the graph became; nodes that resolved to nothing are absent.</summary>
    public Dictionary<string, Binding> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>A node of the graph in the network: an actor of <paramref name="Component"/>, or the nodes of <paramref name="Subgraph"/>.</summary>
    internal readonly record struct Binding(string Id, Component? Component, GraphInstance? Subgraph);
}
