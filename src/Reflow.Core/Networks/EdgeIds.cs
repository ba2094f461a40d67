using System.Collections.Immutable;
using Reflow.Actors;

namespace Reflow.Networks;

/// <summary>
/// Names edges the way a graph file writes them (<c>source.OUT[1] -> target.IN</c>), so an id is the same in every
/// load of the same graph and a host can match it against the graph it drew. A connection written more than once
/// gets an ordinal from its second occurrence on (<c>… #2</c>), in connection order.
/// </summary>
internal static class EdgeIds
{
    /// <summary>The host's side of an exported port, in an edge id: <c>(host).values -> add.IN</c>.</summary>
    public const string Host = "(host)";

    public static string Of(string fromNode, string fromPort, int fromIndex, string toNode, string toPort, int toIndex) =>
        $"{fromNode}.{fromPort}{Index(fromIndex)} -> {toNode}.{toPort}{Index(toIndex)}";

    private static string Index(int index) => index < 0 ? "" : $"[{index}]";

    /// <summary>The edges with their <see cref="EdgeDefinition.Id"/> set, in the same order.</summary>
    public static ImmutableArray<EdgeDefinition> Assign(ImmutableArray<NodeDefinition> nodes, ImmutableArray<EdgeDefinition> edges)
    {
        ImmutableArray<EdgeDefinition>.Builder named = ImmutableArray.CreateBuilder<EdgeDefinition>(edges.Length);
        var seen = new Dictionary<string, int>(edges.Length, StringComparer.Ordinal);
        foreach (EdgeDefinition edge in edges)
        {
            NodeDefinition from = nodes[edge.FromNode], to = nodes[edge.ToNode];
            string id = Of(
                from.Id, from.Component.Description.OutPorts[edge.FromPort].Name, edge.FromIndex,
                to.Id, to.Component.Description.InPorts[edge.ToPort].Name, edge.ToIndex);
            int occurrence = seen[id] = seen.GetValueOrDefault(id) + 1;
            named.Add(edge with { Id = occurrence == 1 ? id : $"{id} #{occurrence}" });
        }

        return named.MoveToImmutable();
    }
}
