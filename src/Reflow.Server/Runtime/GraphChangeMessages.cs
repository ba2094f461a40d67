using System.Text.Json.Nodes;
using Reflow.Graphs;

namespace Reflow.Server.Runtime;

/// <summary>
/// The <c>graph</c> protocol messages that tell clients about one change of a <see cref="Graph"/>, in the shape of the
/// schema's output messages (graph.yml). Built from the graph's own change events, so an edit that cascades — a
/// removed node takes its edges, IIPs and exported ports with it — is reported change by change, as fbp-graph's
/// journal expects (<c>removeedge</c> before <c>removenode</c>).
/// </summary>
internal static class GraphChangeMessages
{
    /// <summary>The message for <paramref name="change"/>, or null for a change the protocol has no message for (transactions, graph properties, IIPs of exported ports).</summary>
    public static (string Command, JsonObject Payload)? For(string graph, GraphChange change) => change.Kind switch
    {
        GraphChangeKind.NodeAdded when change.After is GraphNode n =>
            ("addnode", new JsonObject { ["id"] = n.Id, ["component"] = n.Component, ["metadata"] = ProtocolJson.ToObject(n.Metadata), ["graph"] = graph }),
        GraphChangeKind.NodeRemoved when change.Before is GraphNode n =>
            ("removenode", new JsonObject { ["id"] = n.Id, ["graph"] = graph }),
        GraphChangeKind.NodeRenamed when change.Before is GraphNode from && change.After is GraphNode to =>
            ("renamenode", new JsonObject { ["from"] = from.Id, ["to"] = to.Id, ["graph"] = graph }),
        GraphChangeKind.NodeChanged when change.After is GraphNode n =>
            ("changenode", ChangeNode(graph, n)),
        GraphChangeKind.ConnectionAdded when change.After is GraphConnection c =>
            ("addedge", Edge(graph, c, withMetadata: true)),
        GraphChangeKind.ConnectionRemoved when change.Before is GraphConnection c =>
            ("removeedge", Edge(graph, c, withMetadata: false)),
        GraphChangeKind.ConnectionChanged when change.After is GraphConnection c =>
            ("changeedge", Edge(graph, c, withMetadata: true)),
        GraphChangeKind.InitialAdded when change.After is GraphInitial i =>
            ("addinitial", Initial(graph, i, withMetadata: true)),
        GraphChangeKind.InitialRemoved when change.Before is GraphInitial i =>
            ("removeinitial", Initial(graph, i, withMetadata: false)),
        GraphChangeKind.PortAdded when change.After is ExportedPort p =>
            (p.Direction == PortDirection.In ? "addinport" : "addoutport", AddPort(graph, p)),
        GraphChangeKind.PortRemoved when change.Before is ExportedPort p =>
            (p.Direction == PortDirection.In ? "removeinport" : "removeoutport", new JsonObject { ["public"] = p.Name, ["graph"] = graph }),
        GraphChangeKind.PortRenamed when change.Before is ExportedPort from && change.After is ExportedPort to =>
            (from.Direction == PortDirection.In ? "renameinport" : "renameoutport", new JsonObject { ["from"] = from.Name, ["to"] = to.Name, ["graph"] = graph }),
        GraphChangeKind.GroupAdded when change.After is GraphGroup g =>
            ("addgroup", new JsonObject { ["name"] = g.Name, ["nodes"] = new JsonArray([.. g.Nodes.Select(n => (JsonNode?)n)]), ["metadata"] = ProtocolJson.ToObject(g.Metadata), ["graph"] = graph }),
        GraphChangeKind.GroupRemoved when change.Before is GraphGroup g =>
            ("removegroup", new JsonObject { ["name"] = g.Name, ["graph"] = graph }),
        GraphChangeKind.GroupRenamed when change.Before is GraphGroup from && change.After is GraphGroup to =>
            ("renamegroup", new JsonObject { ["from"] = from.Name, ["to"] = to.Name, ["graph"] = graph }),
        GraphChangeKind.GroupChanged when change.After is GraphGroup g =>
            ("changegroup", ChangeGroup(graph, g)),

        // PortChanged (an exported port's target) has no protocol message: the protocol changes a target by remove + add.
        _ => null,
    };

    /// <summary><c>changenode</c>: the node's whole metadata after the merge.</summary>
    public static JsonObject ChangeNode(string graph, GraphNode node) =>
        new() { ["id"] = node.Id, ["metadata"] = ProtocolJson.ToObject(node.Metadata), ["graph"] = graph };

    /// <summary><c>changegroup</c>: the group's whole metadata after the merge.</summary>
    public static JsonObject ChangeGroup(string graph, GraphGroup group) =>
        new() { ["name"] = group.Name, ["metadata"] = ProtocolJson.ToObject(group.Metadata), ["graph"] = graph };

    /// <summary><c>addedge</c>/<c>changeedge</c> (with metadata) or <c>removeedge</c> (the schema allows none).</summary>
    public static JsonObject Edge(string graph, GraphConnection connection, bool withMetadata)
    {
        var o = new JsonObject { ["src"] = ProtocolJson.PortObject(connection.From), ["tgt"] = ProtocolJson.PortObject(connection.To) };
        if (withMetadata)
        {
            o["metadata"] = ProtocolJson.ToObject(connection.Metadata);
        }

        o["graph"] = graph;
        return o;
    }

    private static JsonObject Initial(string graph, GraphInitial initial, bool withMetadata)
    {
        var o = new JsonObject
        {
            ["src"] = new JsonObject { ["data"] = ProtocolJson.ToNode(initial.Data) },
            ["tgt"] = ProtocolJson.PortObject(initial.To),
        };
        if (withMetadata)
        {
            o["metadata"] = ProtocolJson.ToObject(initial.Metadata);
        }

        o["graph"] = graph;
        return o;
    }

    private static JsonObject AddPort(string graph, ExportedPort port)
    {
        // The schema's port field is the inner port's name; an index is written into it as fbp-graph does ("out[2]").
        var o = new JsonObject
        {
            ["public"] = port.Name,
            ["node"] = port.Target.Node,
            ["port"] = port.Target.Index is int i ? $"{port.Target.Port}[{i}]" : port.Target.Port,
        };

        // Only when there is some: fbp-test expects the ack of an addinport sent without metadata to have none.
        if (!port.Metadata.IsEmpty)
        {
            o["metadata"] = ProtocolJson.ToObject(port.Metadata);
        }

        o["graph"] = graph;
        return o;
    }
}
