using System.Text.Json;
using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Scripting;
using Reflow.Server.Protocol;

namespace Reflow.Server.Runtime;

// The graph protocol's lookups and refusals: each finds what a command names, or says what exists instead.
internal sealed partial class GraphProtocol
{
    private (string Id, Graph Graph) EditableGraph(FbpRequest request)
    {
        string id = request.Message.Payload["graph"] switch
        {
            null => throw new FbpProtocolException(NoGraphSpecified),
            JsonValue v when v.TryGetValue(out string? s) && s.Length > 0 => s,
            _ => throw new FbpProtocolException(NoGraphSpecified),
        };
        if (!_state.Graphs.TryGetValue(id, out Graph? graph))
        {
            throw new FbpProtocolException(GraphNotFound);
        }

        return (id, graph);
    }

    // What a running network cannot take without a restart (its exported ports, or the whole graph cleared) is refused
    // before the graph changes; every other edit is applied to the running network too (ApplyToRunningAsync).
    private void RefuseWhileRunning(string id, string command)
    {
        if (_state.Networks.TryGetValue(id, out ILiveNetwork? network) && network.IsRunning)
        {
            throw new FbpProtocolException(
                $"graph:{command}: graph \"{id}\" has a running network, which keeps its exported ports and its graph while it runs: stop the network first (network:stop), then edit and start it again.");
        }
    }

    private void RequireComponent(string component)
    {
        if (_state.Components.Contains(component))
        {
            // A configured component (script/javascript, script/python…) runs the script its node's settings give,
            // inline or as a file on this machine: code from the client, as component:source is.
            if (!_state.Settings.AllowComponentSource && _state.Components.FindConfigured(component) is not null)
            {
                throw new FbpProtocolException(
                    $"\"{component}\" runs the script its node's settings give (inline source, or a file on this machine): this runtime takes code from clients only when started with --allow-component-source.");
            }

            return;
        }

        // Name the components of the same library (core/…), or all of them when the runtime has few.
        int slash = component.IndexOf('/', StringComparison.Ordinal);
        string library = slash > 0 ? component[..(slash + 1)] : "";
        List<string> near = [.. _state.Components.Names.Where(n => library.Length > 0 && n.StartsWith(library, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        string known = near.Count > 0
            ? $"the {library[..^1]} library has: {string.Join(", ", near)}"
            : _state.Components.Count <= 40
                ? $"the components are: {string.Join(", ", _state.Components.Names.Order(StringComparer.Ordinal))}"
                : $"component:list lists the {_state.Components.Count} there are";
        throw new FbpProtocolException($"Unknown component \"{component}\"; {known}.");
    }

    // A script node of the graph the server was started with: a client may not give it other code (its "source" or
    // "file" setting) unless the runtime takes code from clients.
    private void RefuseScriptCode(GraphMetadata patch, GraphNode node)
    {
        if (!_state.Settings.AllowComponentSource && _state.Components.FindConfigured(node.Component) is not null
            && (patch.ContainsKey(ScriptComponentProvider.SourceKey) || patch.ContainsKey(ScriptComponentProvider.FileKey)))
        {
            throw new FbpProtocolException(
                $"Node \"{node.Id}\" ({node.Component}) runs the script its settings give: this runtime takes code from clients only when started with --allow-component-source.");
        }
    }

    // A node's "permissions" metadata is a grant the network loader honours (NodePermissions): the protocol server
    // grants nothing (DESIGN §permissions), so a client may remove one but never write one.
    private static void RefuseGrant(GraphMetadata? metadata, string node)
    {
        if (metadata is not null && metadata.TryGetValue(PermissionsKey, out JsonElement grant) && grant.ValueKind != JsonValueKind.Null)
        {
            throw new FbpProtocolException(
                $"Node \"{node}\": the metadata \"{PermissionsKey}\" is a grant, and this runtime grants nothing to what clients send; grants come from the graph file or configuration the server was started with.");
        }
    }

    private static string RequireId(FbpRequest request, string name)
    {
        string value = request.RequireString(name);
        return value.Length > 0 ? value : throw new FbpProtocolException($"{ProtocolJson.Describe(request)}: \"{name}\" must not be empty.");
    }

    private static GraphNode RequireNode(Graph graph, string id, string node) =>
        graph.GetNode(node) ?? throw new FbpProtocolException(graph.Nodes.Count == 0
            ? $"Graph \"{id}\" has no node \"{node}\": it has no nodes yet."
            : $"Graph \"{id}\" has no node \"{node}\"; its nodes are: {string.Join(", ", graph.Nodes.Select(n => n.Id))}.");

    private NodePort RequirePort(FbpRequest request, Graph graph, string id, string field, PortDirection direction)
    {
        NodePort port = ProtocolJson.RequirePort(request, field);
        GraphNode node = RequireNode(graph, id, port.Node);
        RequireNodePort(graph, id, node, port.Port, direction);
        return port;
    }

    // Checks the port against the node's component when the registry can describe it (a script node's ports come from
    // its settings, which may not be complete while a client is still building the graph: then it is not checked).
    private void RequireNodePort(Graph graph, string id, GraphNode node, string port, PortDirection direction)
    {
        ComponentPorts? ports;
        try
        {
            ports = _state.Components.FindForNode(node);
        }
        catch (Exception ex) when (ex is Actors.ComponentDefinitionException or IOException or ArgumentException)
        {
            return;
        }

        if (ports is null || ports.FindPort(direction, port, graph.PortComparison) is not null)
        {
            return;
        }

        IReadOnlyList<CatalogPort> list = direction == PortDirection.In ? ports.InPorts : ports.OutPorts;
        throw new FbpProtocolException(list.Count == 0
            ? $"Node \"{node.Id}\" ({node.Component}) in graph \"{id}\" has no {Direction(direction)}s, so none called \"{port}\"."
            : $"Node \"{node.Id}\" ({node.Component}) in graph \"{id}\" has no {Direction(direction)} \"{port}\"; its {Direction(direction)}s are: {string.Join(", ", list.Select(p => p.Name))}.");
    }

    private static NodePort ParseInnerPort(FbpRequest request, string node)
    {
        // "out[2]" names one index of an addressable port, as fbp-graph writes exported array ports.
        string port = RequireId(request, "port");
        int open = port.IndexOf('[', StringComparison.Ordinal);
        if (open > 0 && port.EndsWith(']') && int.TryParse(port.AsSpan(open + 1, port.Length - open - 2), out int index) && index >= 0)
        {
            return new NodePort(node, port[..open], index);
        }

        return new NodePort(node, port);
    }

    private static GraphConnection RequireEdge(FbpRequest request, Graph graph, string id)
    {
        NodePort src = ProtocolJson.RequirePort(request, "src");
        NodePort tgt = ProtocolJson.RequirePort(request, "tgt");
        if (graph.GetConnection(src, tgt) is GraphConnection edge)
        {
            return edge;
        }

        string edges = graph.Connections.Count == 0 ? "it has no edges" : $"its edges are: {string.Join("; ", graph.Connections)}";
        throw new FbpProtocolException($"Graph \"{id}\" has no edge {src} -> {tgt}; {edges}.");
    }

    private static void RemoveInitials(FbpRequest request, Graph graph, string id)
    {
        NodePort tgt = ProtocolJson.RequirePort(request, "tgt");
        JsonElement? data = null;
        if (request.Message.Payload["src"] is JsonObject src && src.ContainsKey("data"))
        {
            data = ProtocolJson.ToElement(src["data"]);
        }

        // Without src every IIP to the port goes (fbp-test sends none); with it, only those with that data.
        List<GraphInitial> matching = [.. graph.Initials.Where(i =>
            i.To.Node == tgt.Node && string.Equals(i.To.Port, tgt.Port, graph.PortComparison) && (tgt.Index is null || i.To.Index == tgt.Index)
            && (data is not JsonElement d || JsonElement.DeepEquals(i.Data, d)))];
        if (matching.Count == 0)
        {
            string iips = graph.Initials.Count == 0 ? "it has no IIPs" : $"its IIPs are: {string.Join("; ", graph.Initials)}";
            throw new FbpProtocolException($"Graph \"{id}\" has no IIP to {tgt}{(data is null ? "" : " with that data")}; {iips}.");
        }

        using (graph.Transaction("remove initial"))
        {
            foreach (GraphInitial initial in matching)
            {
                graph.RemoveInitial(initial);
            }
        }
    }

    private static ExportedPort RequireExported(Graph graph, string id, PortDirection direction, string name)
    {
        if (graph.GetExportedPort(direction, name) is ExportedPort port)
        {
            return port;
        }

        IReadOnlyList<ExportedPort> list = direction == PortDirection.In ? graph.InPorts : graph.OutPorts;
        throw new FbpProtocolException(list.Count == 0
            ? $"Graph \"{id}\" exports no {Direction(direction)} \"{name}\": it exports no {Direction(direction)}s."
            : $"Graph \"{id}\" exports no {Direction(direction)} \"{name}\"; its exported {Direction(direction)}s are: {string.Join(", ", list.Select(p => p.Name))}.");
    }

    private static GraphGroup RequireGroup(Graph graph, string id, string name) =>
        graph.GetGroup(name) ?? throw new FbpProtocolException(graph.Groups.Count == 0
            ? $"Graph \"{id}\" has no group \"{name}\": it has no groups."
            : $"Graph \"{id}\" has no group \"{name}\"; its groups are: {string.Join(", ", graph.Groups.Select(g => g.Name))}.");

    private static string Direction(PortDirection direction) => direction == PortDirection.In ? "in-port" : "out-port";
}
