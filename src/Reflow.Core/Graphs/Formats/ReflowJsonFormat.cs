using System.Text.Json;

namespace Reflow.Graphs.Formats;

/// <summary>
/// Reflow's own graph JSON (the original system's <c>GraphExport</c>), read and written.
/// </summary>
/// <remarks>
/// <para>
/// Top level: <c>caseSensitive</c>, <c>properties</c>, <c>processes</c> (<c>{id: {id, component, metadata}}</c>),
/// <c>connections</c> (<c>[{from, to, metadata}]</c>; an IIP is a connection with <c>data</c>),
/// <c>inports</c>/<c>outports</c> (<c>{public: edge}</c>) and <c>groups</c> (<c>[{id, nodes, metadata}]</c>).
/// An edge is <c>{portName, portId, nodeId, index, expose, portType, metadata}</c>. Every key is accepted in
/// camelCase and in the snake_case the original's own files use (<c>node_id</c>, <c>case_sensitive</c>, …);
/// the writer uses camelCase.
/// </para>
/// <para>
/// The original's naming quirk is kept: on connection and IIP edges the node's port is <c>portId</c> (with
/// <c>portName</c> as a fallback); on exported ports the map key is the public name and <c>portName</c> is the
/// node's port. An IIP whose <c>to</c> edge has <c>expose: true</c> and whose <c>portId</c> names an exported
/// in-port is an IIP on that exported port. As in the original, <c>"data": null</c> on a connection with a
/// <c>from</c> edge means "not an IIP"; with an empty <c>from</c> edge it is an IIP whose packet is null.
/// </para>
/// <para>
/// Fields the model has no place for: the workspace keys (<c>graphDependencies</c>, <c>externalConnections</c>,
/// <c>providedInterfaces</c>, <c>requiredInterfaces</c>, either spelling) are kept in <see cref="Graph.Extensions"/>
/// and written back; a node's <c>scriptRuntime</c> and an exported port's non-<c>any</c> <c>portType</c> are kept
/// in their metadata under those names and written back in place. Connection edges' <c>portType</c> is not kept
/// (types come from components). Any other unknown key is an error.
/// </para>
/// </remarks>
public static class ReflowJsonFormat
{
    private static readonly string[] s_extensionKeys =
    [
        "graphDependencies", "graph_dependencies", "externalConnections", "external_connections",
        "providedInterfaces", "provided_interfaces", "requiredInterfaces", "required_interfaces",
    ];

    private static readonly string[] s_edgeKeys =
        ["portName", "port_name", "portId", "port_id", "nodeId", "node_id", "index", "expose", "data", "metadata", "portType", "port_type"];

    /// <summary>The metadata key that keeps a node's <c>scriptRuntime</c>.</summary>
    public const string ScriptRuntimeKey = "scriptRuntime";

    /// <summary>The metadata key that keeps an exported port's <c>portType</c>.</summary>
    public const string PortTypeKey = "portType";

    /// <summary>Reads a graph.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="fileName">The file's name, for error messages.</param>
    /// <exception cref="GraphFormatException">The text is not a valid Reflow graph.</exception>
    public static Graph Read(string json, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var source = new JsonSource(fileName);
        using JsonDocument document = source.Parse(json);
        JsonElement root = source.Keys(document.RootElement, "$", "a graph object",
            ["caseSensitive", "case_sensitive", "properties", "processes", "connections", "inports", "outports", "groups", .. s_extensionKeys]);

        bool caseSensitive = JsonSource.TryGet(root, out JsonElement cs, out string csKey, "caseSensitive", "case_sensitive")
            && source.Boolean(cs, "$." + csKey);
        var graph = new Graph(caseSensitive: caseSensitive, properties: source.Metadata(root, "$", "properties"));
        graph.Extensions = GraphMetadata.From(root.EnumerateObject()
            .Where(p => Array.IndexOf(s_extensionKeys, p.Name) >= 0)
            .Select(p => KeyValuePair.Create(p.Name, p.Value)));

        if (root.TryGetProperty("processes", out JsonElement processes))
        {
            foreach (JsonProperty process in source.Object(processes, "$.processes", "an object of processes").EnumerateObject())
            {
                ReadNode(source, graph, process);
            }
        }

        ReadPorts(source, graph, root, PortDirection.In, "inports");
        ReadPorts(source, graph, root, PortDirection.Out, "outports");
        if (root.TryGetProperty("connections", out JsonElement connections))
        {
            int i = 0;
            foreach (JsonElement item in source.Array(connections, "$.connections", "an array of connections").EnumerateArray())
            {
                ReadConnection(source, graph, item, JsonSource.Item("$.connections", i++));
            }
        }

        if (root.TryGetProperty("groups", out JsonElement groups))
        {
            GraphJson.ReadGroups(source, graph, source.Array(groups, "$.groups", "an array of groups"), "id");
        }

        source.ThrowIfReferenceErrors();
        return graph;
    }

    /// <summary>Writes a graph as Reflow JSON (camelCase keys).</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="indented">Whether to indent (two spaces) or write one line.</param>
    public static string Write(Graph graph, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return GraphJson.WriteToString(writer => Write(writer, graph), indented);
    }

    /// <summary>Writes a graph as Reflow JSON to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Graph graph)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(graph);
        writer.WriteStartObject();
        writer.WriteBoolean("caseSensitive", graph.CaseSensitive);
        writer.WritePropertyName("properties");
        graph.Properties.WriteTo(writer);
        writer.WriteStartObject("processes");
        foreach (GraphNode node in graph.Nodes)
        {
            writer.WriteStartObject(node.Id);
            writer.WriteString("id", node.Id);
            writer.WriteString("component", node.Component);
            writer.WritePropertyName("metadata");
            node.Metadata.Without(ScriptRuntimeKey).WriteTo(writer);
            if (node.Metadata.TryGetValue(ScriptRuntimeKey, out JsonElement runtime))
            {
                writer.WritePropertyName(ScriptRuntimeKey);
                runtime.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartArray("connections");
        foreach (GraphConnection connection in graph.Connections)
        {
            writer.WriteStartObject();
            WriteEdge(writer, "from", connection.From.Node, connection.From.Port, connection.From.Port, connection.From.Index, expose: false);
            WriteEdge(writer, "to", connection.To.Node, connection.To.Port, connection.To.Port, connection.To.Index, expose: false);
            writer.WritePropertyName("metadata");
            connection.Metadata.WriteTo(writer);
            writer.WriteEndObject();
        }

        foreach (GraphInitial initial in graph.Initials)
        {
            WriteInitial(writer, initial.To.Node, initial.To.Port, initial.To.Port, initial.To.Index, expose: false, initial.Data, initial.Metadata);
        }

        foreach (ExportedPortInitial initial in graph.ExportedPortInitials)
        {
            NodePort target = graph.GetExportedPort(PortDirection.In, initial.InPort)!.Target;
            WriteInitial(writer, target.Node, target.Port, initial.InPort, target.Index, expose: true, initial.Data, initial.Metadata);
        }

        writer.WriteEndArray();
        WritePorts(writer, "inports", graph.InPorts);
        WritePorts(writer, "outports", graph.OutPorts);
        writer.WriteStartArray("groups");
        foreach (GraphGroup group in graph.Groups)
        {
            writer.WriteStartObject();
            writer.WriteString("id", group.Name);
            GraphJson.WriteStrings(writer, "nodes", group.Nodes);
            writer.WritePropertyName("metadata");
            group.Metadata.WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        foreach (KeyValuePair<string, JsonElement> extension in graph.Extensions)
        {
            writer.WritePropertyName(extension.Key);
            extension.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void ReadNode(JsonSource source, Graph graph, JsonProperty process)
    {
        string path = JsonSource.Child("$.processes", process.Name);
        JsonElement node = source.Keys(process.Value, path, "a process object", "id", "component", "metadata", "scriptRuntime", "script_runtime");
        if (process.Name.Length == 0)
        {
            throw source.Error(path, "a non-empty process id", "an empty one");
        }

        if (node.TryGetProperty("id", out JsonElement id) && source.String(id, JsonSource.Child(path, "id"), "the process id") != process.Name)
        {
            throw source.Error(JsonSource.Child(path, "id"), $"the id '{process.Name}' (the key of the process)", JsonSource.Describe(id));
        }

        string component = source.String(source.Required(node, path, "component", "the component name"), JsonSource.Child(path, "component"), "a non-empty component name");
        GraphMetadata metadata = source.Metadata(node, path);
        if (JsonSource.TryGet(node, out JsonElement runtime, out _, "scriptRuntime", "script_runtime") && runtime.ValueKind != JsonValueKind.Null)
        {
            metadata = metadata.With(ScriptRuntimeKey, runtime);
        }

        if (graph.HasNode(process.Name))
        {
            source.Duplicate(graph, path, $"the process '{process.Name}' is defined again; the first definition is kept");
            return;
        }

        graph.AddNode(process.Name, component, metadata);
    }

    /// <summary>An edge's node, node port (portId, else portName), public name (the other one), index and expose flag.</summary>
    private static (string Node, string Port, string Public, int? Index, bool Expose)? ReadEdge(
        JsonSource source, JsonElement owner, string path, string key, bool portNameFirst)
    {
        if (!owner.TryGetProperty(key, out JsonElement value))
        {
            throw source.Error(path, $"the key '{key}'", "an object without it");
        }

        path = JsonSource.Child(path, key);
        source.Keys(value, path, "an edge {portName, portId, nodeId, index, expose, portType}", s_edgeKeys);
        string Text(string camel, string snake) =>
            JsonSource.TryGet(value, out JsonElement v, out string k, camel, snake) && v.ValueKind != JsonValueKind.Null
                ? source.String(v, JsonSource.Child(path, k), "a string", allowEmpty: true)
                : "";

        string node = Text("nodeId", "node_id");
        string portName = Text("portName", "port_name");
        string portId = Text("portId", "port_id");
        int? index = value.TryGetProperty("index", out JsonElement i) ? source.Index(i, JsonSource.Child(path, "index")) : null;
        bool expose = value.TryGetProperty("expose", out JsonElement e) && e.ValueKind != JsonValueKind.Null && source.Boolean(e, JsonSource.Child(path, "expose"));
        if (node.Length == 0 && portName.Length == 0 && portId.Length == 0)
        {
            return null; // the empty "from" edge of an IIP
        }

        (string port, string other) = portNameFirst ? (portName, portId) : (portId, portName);
        if (port.Length == 0)
        {
            (port, other) = (other, port);
        }

        if (node.Length == 0 || port.Length == 0)
        {
            throw source.Error(path, "an edge with a nodeId and a portId or portName", "an edge without them");
        }

        return (node, port, other.Length == 0 ? port : other, index, expose);
    }

    private static void ReadConnection(JsonSource source, Graph graph, JsonElement item, string path)
    {
        JsonElement connection = source.Keys(item, path, "a connection {from, to, metadata, data}", "from", "to", "metadata", "data");
        GraphMetadata metadata = source.Metadata(connection, path);
        var to = ReadEdge(source, connection, path, "to", portNameFirst: false);
        if (to is null)
        {
            throw source.Error(JsonSource.Child(path, "to"), "an edge with a nodeId and a portId", "an empty edge");
        }

        var from = connection.TryGetProperty("from", out _) ? ReadEdge(source, connection, path, "from", portNameFirst: false) : null;
        bool isInitial = connection.TryGetProperty("data", out JsonElement data) && (data.ValueKind != JsonValueKind.Null || from is null);
        if (!isInitial && from is null)
        {
            throw source.Error(JsonSource.Child(path, "from"), "an edge with a nodeId and a portId (or 'data' for an IIP)", "an empty edge");
        }

        if (isInitial && from is not null)
        {
            throw source.Error(JsonSource.Child(path, "from"), "an empty 'from' edge on an IIP (one with 'data')", "an edge from " + from.Value.Node);
        }

        // On an exported port's IIP, portId is the public name (as in the inports map) and portName the node's port.
        if (isInitial && to.Value.Expose && graph.GetExportedPort(PortDirection.In, to.Value.Port) is not null)
        {
            graph.AddExportedPortInitial(to.Value.Port, data, metadata);
            return;
        }

        bool missing = false;
        foreach ((string end, string? node) in (ReadOnlySpan<(string, string?)>)[("to", to.Value.Node), ("from", from?.Node)])
        {
            if (node is not null && !graph.HasNode(node))
            {
                source.ReferenceError(JsonSource.Child(JsonSource.Child(path, end), "nodeId"), $"the node '{node}' is not defined in 'processes'");
                missing = true;
            }
        }

        if (missing)
        {
            return;
        }

        var target = new NodePort(to.Value.Node, to.Value.Port, to.Value.Index);
        if (isInitial)
        {
            graph.AddInitial(target, data, metadata);
            return;
        }

        var origin = new NodePort(from!.Value.Node, from.Value.Port, from.Value.Index);
        graph.Connect(origin, target, metadata); // a connection written twice is kept twice
    }

    private static void ReadPorts(JsonSource source, Graph graph, JsonElement root, PortDirection direction, string key)
    {
        if (!root.TryGetProperty(key, out JsonElement ports))
        {
            return;
        }

        foreach (JsonProperty entry in source.Object(ports, "$." + key, "an object of exported ports").EnumerateObject())
        {
            string path = JsonSource.Child("$." + key, entry.Name);
            var edge = ReadEdge(source, ports, "$." + key, entry.Name, portNameFirst: true)
                ?? throw source.Error(path, "an edge with a nodeId and a portName", "an empty edge");
            GraphMetadata metadata = source.Metadata(entry.Value, path);
            if (JsonSource.TryGet(entry.Value, out JsonElement type, out _, "portType", "port_type") && !IsAny(type))
            {
                metadata = metadata.With(PortTypeKey, type);
            }

            GraphJson.AddPort(source, graph, path, direction, entry.Name, new NodePort(edge.Node, edge.Port, edge.Index), metadata);
        }
    }

    private static bool IsAny(JsonElement type) =>
        type.ValueKind == JsonValueKind.Null
        || (type.ValueKind == JsonValueKind.Object && type.TryGetProperty("type", out JsonElement t)
            && t.ValueKind == JsonValueKind.String && t.GetString() == "any" && !type.TryGetProperty("value", out _));

    private static void WritePorts(Utf8JsonWriter writer, string key, IReadOnlyList<ExportedPort> ports)
    {
        writer.WriteStartObject(key);
        foreach (ExportedPort port in ports)
        {
            port.Metadata.TryGetValue(PortTypeKey, out JsonElement type);
            WriteEdge(writer, port.Name, port.Target.Node, port.Target.Port, port.Name, port.Target.Index, expose: true,
                port.Metadata.Without(PortTypeKey), type);
        }

        writer.WriteEndObject();
    }

    private static void WriteInitial(Utf8JsonWriter writer, string node, string port, string portId, int? index, bool expose, JsonElement data, GraphMetadata metadata)
    {
        writer.WriteStartObject();
        WriteEdge(writer, "from", "", "", "", null, expose: false);
        WriteEdge(writer, "to", node, port, portId, index, expose);
        writer.WritePropertyName("metadata");
        metadata.WriteTo(writer);
        writer.WritePropertyName("data");
        data.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WriteEdge(
        Utf8JsonWriter writer, string key, string node, string portName, string portId, int? index, bool expose,
        GraphMetadata? metadata = null, JsonElement portType = default)
    {
        writer.WriteStartObject(key);
        writer.WriteString("portName", portName);
        writer.WriteString("portId", portId);
        writer.WriteString("nodeId", node);
        if (index is int i)
        {
            writer.WriteNumber("index", i);
        }

        writer.WriteBoolean("expose", expose);
        if (metadata is not null)
        {
            writer.WritePropertyName("metadata");
            metadata.WriteTo(writer);
        }

        writer.WritePropertyName("portType");
        if (portType.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "any");
            writer.WriteEndObject();
        }
        else
        {
            portType.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
