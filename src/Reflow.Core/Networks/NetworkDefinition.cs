using System.Collections.Immutable;
using Reflow.Actors;

namespace Reflow.Networks;

/// <summary>
/// A validated network, every name resolved to an index: what the runtime instantiates. Made by
/// <see cref="NetworkBuilder.Build"/>; immutable.
/// </summary>
public sealed class NetworkDefinition
{
    internal NetworkDefinition(
        ImmutableArray<NodeDefinition> nodes,
        ImmutableArray<EdgeDefinition> edges,
        ImmutableArray<InitialDefinition> initials,
        ImmutableArray<ExportedPortDefinition> inPorts,
        ImmutableArray<ExportedPortDefinition> outPorts)
    {
        Nodes = nodes;
        Edges = EdgeIds.Assign(nodes, edges);
        Initials = initials;
        InPorts = inPorts;
        OutPorts = outPorts;
    }

    /// <summary>The nodes, in the order they were added.</summary>
    public ImmutableArray<NodeDefinition> Nodes { get; }

    /// <summary>The edges, in the order they were connected.</summary>
    public ImmutableArray<EdgeDefinition> Edges { get; }

    /// <summary>The initial packets (IIPs, then port defaults), in delivery order.</summary>
    public ImmutableArray<InitialDefinition> Initials { get; }

    /// <summary>The exported in-ports the host can send to.</summary>
    public ImmutableArray<ExportedPortDefinition> InPorts { get; }

    /// <summary>The exported out-ports the host can read from.</summary>
    public ImmutableArray<ExportedPortDefinition> OutPorts { get; }

    /// <summary>The node called <paramref name="id"/>, or null.</summary>
    public NodeDefinition? FindNode(string id)
    {
        foreach (NodeDefinition node in Nodes)
        {
            if (string.Equals(node.Id, id, StringComparison.Ordinal))
            {
                return node;
            }
        }

        return null;
    }
}
