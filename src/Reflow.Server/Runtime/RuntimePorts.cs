using System.Text.Json.Nodes;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Validation;

namespace Reflow.Server.Runtime;

/// <summary>
/// The <c>runtime:ports</c> payload of a graph: its exported in-ports and out-ports, each typed by the inner port it
/// stands for (as the registry describes the node's component; <c>any</c> when that cannot be resolved).
/// </summary>
internal static class RuntimePorts
{
    public static JsonObject For(RuntimeState state, string graphId, Graph graph) => new()
    {
        ["graph"] = graphId,
        ["inPorts"] = new JsonArray([.. graph.InPorts.Select(p => (JsonNode?)Describe(state, graph, p))]),
        ["outPorts"] = new JsonArray([.. graph.OutPorts.Select(p => (JsonNode?)Describe(state, graph, p))]),
    };

    /// <summary>Broadcasts the ports of <paramref name="graphId"/> when it is the main graph (the only one <c>runtime:ports</c> is about).</summary>
    public static ValueTask BroadcastIfMainAsync(RuntimeState state, string graphId, CancellationToken cancellationToken) =>
        state.MainGraph == graphId && state.Graphs.TryGetValue(graphId, out Graph? graph)
            ? state.BroadcastAsync("runtime", "ports", For(state, graphId, graph), cancellationToken)
            : ValueTask.CompletedTask;

    private static JsonObject Describe(RuntimeState state, Graph graph, ExportedPort port)
    {
        CatalogPort? inner = null;
        string? description = null;
        if (graph.GetNode(port.Target.Node) is GraphNode node)
        {
            inner = Find(state, node)?.FindPort(port.Direction, port.Target.Port, graph.PortComparison);
            if (state.Components.FindComponent(node.Component)?.Description is ComponentDescription component)
            {
                description = (port.Direction == PortDirection.In ? component.InPorts : component.OutPorts)
                    .FirstOrDefault(p => string.Equals(p.Name, port.Target.Port, graph.PortComparison))?.Description;
            }
        }

        // An exported port is one connection of the inner port, never an array port of its own.
        return ProtocolJson.PortDefinition(port.Name, inner is null ? null : inner with { Addressable = false }, description);
    }

    private static ComponentPorts? Find(RuntimeState state, GraphNode node)
    {
        try
        {
            return state.Components.FindForNode(node);
        }
        catch (Exception ex) when (ex is ComponentDefinitionException or IOException or ArgumentException)
        {
            return null; // a script node whose settings do not make a component yet: its ports are untyped
        }
    }
}
