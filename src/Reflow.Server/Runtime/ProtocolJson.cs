using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Server.Protocol;

namespace Reflow.Server.Runtime;

/// <summary>
/// Conversions between the protocol's JSON (payload fields, <c>{node, port, index}</c> objects, port definitions) and
/// Core's graph model, with refusals that name the command and the field.
/// </summary>
internal static class ProtocolJson
{
    /// <summary>A detached JSON node for a graph value (metadata entries and IIP data are <see cref="JsonElement"/>s).</summary>
    public static JsonNode? ToNode(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(element.GetRawText());

    /// <summary>A detached JSON element for a payload node (null: JSON null).</summary>
    public static JsonElement ToElement(JsonNode? node)
    {
        using JsonDocument document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return document.RootElement.Clone();
    }

    /// <summary>The metadata as a JSON object.</summary>
    public static JsonObject ToObject(GraphMetadata metadata) => JsonNode.Parse(metadata.ToString())!.AsObject();

    /// <summary>The payload's optional object <paramref name="name"/> as metadata (null when absent).</summary>
    /// <exception cref="FbpProtocolException">Present but not an object.</exception>
    public static GraphMetadata? OptionalMetadata(FbpRequest request, string name = "metadata") => request.Message.Payload[name] switch
    {
        null => null,
        JsonObject o => GraphMetadata.Parse(o.ToJsonString()),
        _ => throw new FbpProtocolException($"{Describe(request)}: \"{name}\" must be a JSON object of key/value pairs."),
    };

    /// <summary>The payload's required object <paramref name="name"/> as metadata.</summary>
    /// <exception cref="FbpProtocolException">Missing or not an object.</exception>
    public static GraphMetadata RequireMetadata(FbpRequest request, string name = "metadata") =>
        OptionalMetadata(request, name)
        ?? throw new FbpProtocolException($"{Describe(request)} needs a \"{name}\" object in its payload.");

    /// <summary>The payload's <c>{node, port, index?}</c> object <paramref name="name"/> (<c>src</c> or <c>tgt</c>).</summary>
    /// <exception cref="FbpProtocolException">Missing, or node/port not strings, or an index that is not a non-negative integer.</exception>
    public static NodePort RequirePort(FbpRequest request, string name)
    {
        if (request.Message.Payload[name] is not JsonObject o)
        {
            throw new FbpProtocolException($"{Describe(request)} needs \"{name}\": an object with \"node\" and \"port\" (and \"index\" for an addressable port).");
        }

        string node = o["node"] is JsonValue n && n.TryGetValue(out string? ns) && ns.Length > 0
            ? ns
            : throw new FbpProtocolException($"{Describe(request)}: \"{name}.node\" must be a node id (a non-empty string).");
        string port = o["port"] is JsonValue p && p.TryGetValue(out string? ps) && ps.Length > 0
            ? ps
            : throw new FbpProtocolException($"{Describe(request)}: \"{name}.port\" must be a port name (a non-empty string).");
        return new NodePort(node, port, Index(request, name, o["index"]));
    }

    /// <summary>The <c>{node, port, index?}</c> object of a node's port.</summary>
    public static JsonObject PortObject(NodePort port)
    {
        var o = new JsonObject { ["node"] = port.Node, ["port"] = port.Port };
        if (port.Index is int index)
        {
            o["index"] = index;
        }

        return o;
    }

    /// <summary>
    /// One entry of a protocol port list (<c>component:component</c>, <c>runtime:ports</c>): id, type, required,
    /// addressable and, when there is one, description.
    /// </summary>
    public static JsonObject PortDefinition(string id, CatalogPort? port, string? description)
    {
        var o = new JsonObject
        {
            ["id"] = id,
            ["type"] = FbpType(port?.Type ?? "any"),
            ["required"] = port?.Required ?? false,
            ["addressable"] = port?.Addressable ?? false,
        };
        if (!string.IsNullOrEmpty(description))
        {
            o["description"] = description;
        }

        return o;
    }

    /// <summary>"graph:addnode" — how refusals name the request.</summary>
    public static string Describe(FbpRequest request) => $"{request.Message.Protocol}:{request.Message.Command}";

    // The type names FBP clients know (noflo-ui colours ports by them) for Reflow's port types; others pass as they are.
    private static string FbpType(string type) => type switch
    {
        "integer" => "int",
        "float" => "number",
        "bytes" => "buffer",
        "flow" => "bang",
        _ => type,
    };

    private static int? Index(FbpRequest request, string name, JsonNode? index)
    {
        switch (index)
        {
            case null:
                return null;
            case JsonValue v when v.TryGetValue(out int i) && i >= 0:
                return i;
            case JsonValue v when v.TryGetValue(out double d) && d >= 0 && d <= int.MaxValue && d == Math.Floor(d):
                return (int)d;
            case JsonValue v when v.TryGetValue(out string? s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed):
                return parsed; // the schema allows the index as a string
            default:
                throw new FbpProtocolException($"{Describe(request)}: \"{name}.index\" must be a non-negative integer (the connection's index on an addressable port), not {index.ToJsonString()}.");
        }
    }
}
