using System.Text.Json.Nodes;

namespace Reflow.Server.Network;

/// <summary>
/// One edge of a running network as the protocol names it: the source and target as the client drew them, and the
/// textual id noflo uses (<c>Hello() OUT -> IN World()</c>). Built once per edge at start, so an event on it costs a
/// dictionary look-up, not string formatting.
/// </summary>
internal sealed record WatchedEdge(string SourceNode, string SourcePort, int SourceIndex, string TargetNode, string TargetPort, int TargetIndex)
{
    /// <summary>The id of an IIP's "edge", which has no source node.</summary>
    public const string InitialSource = "DATA";

    /// <summary>The protocol's textual id.</summary>
    public string Id { get; } = $"{(SourceNode.Length == 0 ? InitialSource : $"{SourceNode}() {SourcePort.ToUpperInvariant()}{Index(SourceIndex)}")} -> {TargetPort.ToUpperInvariant()}{Index(TargetIndex)} {TargetNode}()";

    /// <summary>How <c>network:edges</c> selections are matched: nodes exactly, ports ignoring case (clients differ), indices ignored.</summary>
    public string Key { get; } = KeyOf(SourceNode, SourcePort, TargetNode, TargetPort);

    /// <summary>Whether the edge carried a message in this run (its <c>connect</c> was sent); read and set by the event pump only.</summary>
    public bool Connected { get; set; }

    /// <summary>An IIP to <paramref name="node"/>.<paramref name="port"/>.</summary>
    public static WatchedEdge Initial(string node, string port, int index) => new("", "", -1, node, port, index);

    public static string KeyOf(string sourceNode, string sourcePort, string targetNode, string targetPort) =>
        $"{sourceNode}\0{sourcePort.ToUpperInvariant()}\0{targetNode}\0{targetPort.ToUpperInvariant()}";

    /// <summary>A fresh payload with <c>id</c>, <c>src</c> (not for an IIP), <c>tgt</c> and <c>graph</c>; the caller adds the rest.</summary>
    public JsonObject Payload(string graph)
    {
        var payload = new JsonObject { ["id"] = Id };
        if (SourceNode.Length > 0)
        {
            payload["src"] = Port(SourceNode, SourcePort, SourceIndex);
        }

        payload["tgt"] = Port(TargetNode, TargetPort, TargetIndex);
        payload["graph"] = graph;
        return payload;
    }

    private static JsonObject Port(string node, string port, int index)
    {
        var o = new JsonObject { ["node"] = node, ["port"] = port };
        if (index >= 0)
        {
            o["index"] = index;
        }

        return o;
    }

    private static string Index(int index) => index < 0 ? "" : $"[{index}]";
}
