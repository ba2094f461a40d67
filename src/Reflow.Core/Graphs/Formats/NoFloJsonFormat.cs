using System.Text.Json;

namespace Reflow.Graphs.Formats;

/// <summary>
/// NoFlo's JSON graph format (the <c>fbp</c> package's <c>graph.yaml</c> schema), read and written.
/// </summary>
/// <remarks>
/// <para>
/// Top level: <c>caseSensitive</c>, <c>properties</c>, <c>inports</c> and <c>outports</c>
/// (<c>{public: {process, port, index, metadata}}</c>), <c>groups</c> (<c>[{name, nodes, metadata}]</c>),
/// <c>processes</c> (<c>{id: {component, metadata}}</c>) and <c>connections</c>
/// (<c>[{src: {process, port, index}, tgt: {…}, metadata}]</c>, an IIP being <c>{data, tgt, metadata}</c>).
/// No other key is allowed anywhere but inside metadata and properties. The schema lists <c>index</c> only on
/// connection ends; on an exported port (the element of an array port it stands for) it is this reader's
/// addition, which the schema's exported-port objects do not forbid and NoFlo ignores.
/// </para>
/// <para>
/// Port names are kept as written, also when <c>caseSensitive</c> is false (NoFlo lowercases them; see
/// <see cref="Graph.CaseSensitive"/>). A repeated process, port or group keeps the first and is recorded in
/// <see cref="Graph.LoadProblems"/>; a repeated connection is kept as often as it is written. References to processes that do not exist fail the read,
/// all of them listed. NoFlo cannot hold IIPs on exported ports: the writer sends them to the node port behind
/// the export. It writes edges first, then IIPs.
/// </para>
/// </remarks>
public static class NoFloJsonFormat
{
    /// <summary>Reads a graph.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="fileName">The file's name, for error messages.</param>
    /// <exception cref="GraphFormatException">The text is not a valid NoFlo graph.</exception>
    public static Graph Read(string json, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var source = new JsonSource(fileName);
        using JsonDocument document = source.Parse(json);
        JsonElement root = source.Keys(document.RootElement, "$", "a graph object",
            "caseSensitive", "properties", "inports", "outports", "groups", "processes", "connections");

        bool caseSensitive = root.TryGetProperty("caseSensitive", out JsonElement cs) && source.Boolean(cs, "$.caseSensitive");
        var graph = new Graph(caseSensitive: caseSensitive, properties: source.Metadata(root, "$", "properties"));

        if (root.TryGetProperty("processes", out JsonElement processes))
        {
            foreach (JsonProperty process in source.Object(processes, "$.processes", "an object of processes").EnumerateObject())
            {
                string path = JsonSource.Child("$.processes", process.Name);
                JsonElement node = source.Keys(process.Value, path, "a process object", "component", "metadata");
                string component = source.String(source.Required(node, path, "component", "the component name"), JsonSource.Child(path, "component"), "a non-empty component name");
                if (process.Name.Length == 0)
                {
                    throw source.Error(path, "a non-empty process name", "an empty one");
                }

                if (graph.HasNode(process.Name))
                {
                    source.Duplicate(graph, path, $"the process '{process.Name}' is defined again; the first definition is kept");
                    continue;
                }

                graph.AddNode(process.Name, component, source.Metadata(node, path));
            }
        }

        if (root.TryGetProperty("connections", out JsonElement connections))
        {
            ReadConnections(source, graph, source.Array(connections, "$.connections", "an array of connections"));
        }

        ReadPorts(source, graph, root, PortDirection.In, "inports");
        ReadPorts(source, graph, root, PortDirection.Out, "outports");
        if (root.TryGetProperty("groups", out JsonElement groups))
        {
            GraphJson.ReadGroups(source, graph, source.Array(groups, "$.groups", "an array of groups"), "name");
        }

        source.ThrowIfReferenceErrors();
        return graph;
    }

    /// <summary>Writes a graph as NoFlo JSON.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="indented">Whether to indent (two spaces) or write one line.</param>
    public static string Write(Graph graph, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return GraphJson.WriteToString(writer => Write(writer, graph), indented);
    }

    /// <summary>Writes a graph as NoFlo JSON to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Graph graph)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(graph);
        writer.WriteStartObject();
        writer.WriteBoolean("caseSensitive", graph.CaseSensitive);
        if (!graph.Properties.IsEmpty)
        {
            writer.WritePropertyName("properties");
            graph.Properties.WriteTo(writer);
        }

        WritePorts(writer, "inports", graph.InPorts);
        WritePorts(writer, "outports", graph.OutPorts);
        writer.WriteStartArray("groups");
        foreach (GraphGroup group in graph.Groups)
        {
            writer.WriteStartObject();
            writer.WriteString("name", group.Name);
            GraphJson.WriteStrings(writer, "nodes", group.Nodes);
            GraphJson.WriteMetadataIfAny(writer, group.Metadata);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("processes");
        foreach (GraphNode node in graph.Nodes)
        {
            writer.WriteStartObject(node.Id);
            writer.WriteString("component", node.Component);
            GraphJson.WriteMetadataIfAny(writer, node.Metadata);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartArray("connections");
        foreach (GraphConnection connection in graph.Connections)
        {
            writer.WriteStartObject();
            WriteEnd(writer, "src", connection.From);
            WriteEnd(writer, "tgt", connection.To);
            GraphJson.WriteMetadataIfAny(writer, connection.Metadata);
            writer.WriteEndObject();
        }

        foreach (GraphInitial initial in GraphJson.AllInitials(graph))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            initial.Data.WriteTo(writer);
            WriteEnd(writer, "tgt", initial.To);
            GraphJson.WriteMetadataIfAny(writer, initial.Metadata);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void ReadConnections(JsonSource source, Graph graph, JsonElement connections)
    {
        int i = 0;
        foreach (JsonElement item in connections.EnumerateArray())
        {
            string path = JsonSource.Item("$.connections", i++);
            JsonElement connection = source.Keys(item, path, "a connection object", "src", "tgt", "data", "metadata");
            NodePort? to = ReadEnd(source, graph, connection, path, "tgt", required: true);
            bool isInitial = connection.TryGetProperty("data", out JsonElement data);
            NodePort? from = ReadEnd(source, graph, connection, path, "src", required: !isInitial);
            if (isInitial && connection.TryGetProperty("src", out _))
            {
                throw source.Error(JsonSource.Child(path, "src"), "either 'src' (an edge) or 'data' (an IIP)", "both");
            }

            GraphMetadata metadata = source.Metadata(connection, path);
            if (to is null || (!isInitial && from is null))
            {
                continue; // a missing process, already recorded
            }

            if (isInitial)
            {
                graph.AddInitial(to.Value, data, metadata);
            }
            else
            {
                graph.Connect(from!.Value, to.Value, metadata); // a connection written twice is kept twice
            }
        }
    }

    private static NodePort? ReadEnd(JsonSource source, Graph graph, JsonElement connection, string path, string key, bool required)
    {
        if (!connection.TryGetProperty(key, out JsonElement value))
        {
            return required ? throw source.Error(path, $"the key '{key}'", "a connection without it") : null;
        }

        path = JsonSource.Child(path, key);
        source.Keys(value, path, "a port reference {process, port, index}", "process", "port", "index");
        string process = source.String(source.Required(value, path, "process", "the process id"), JsonSource.Child(path, "process"), "a process id");
        string port = source.String(source.Required(value, path, "port", "the port name"), JsonSource.Child(path, "port"), "a non-empty port name");
        int? index = value.TryGetProperty("index", out JsonElement i) ? source.Index(i, JsonSource.Child(path, "index")) : null;
        if (!graph.HasNode(process))
        {
            source.ReferenceError(JsonSource.Child(path, "process"), $"the process '{process}' is not defined in 'processes'");
            return null;
        }

        return new NodePort(process, port, index);
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
            JsonElement port = source.Keys(entry.Value, path, "an exported port {process, port, index, metadata}", "process", "port", "index", "metadata");
            string process = source.String(source.Required(port, path, "process", "the process id"), JsonSource.Child(path, "process"), "a process id");
            string inner = source.String(source.Required(port, path, "port", "the port name"), JsonSource.Child(path, "port"), "a non-empty port name");
            int? index = port.TryGetProperty("index", out JsonElement i) ? source.Index(i, JsonSource.Child(path, "index")) : null;
            GraphJson.AddPort(source, graph, path, direction, entry.Name, new NodePort(process, inner, index), source.Metadata(port, path));
        }
    }

    private static void WritePorts(Utf8JsonWriter writer, string key, IReadOnlyList<ExportedPort> ports)
    {
        writer.WriteStartObject(key);
        foreach (ExportedPort port in ports)
        {
            writer.WriteStartObject(port.Name);
            writer.WriteString("process", port.Target.Node);
            writer.WriteString("port", port.Target.Port);
            if (port.Target.Index is int index)
            {
                writer.WriteNumber("index", index);
            }

            GraphJson.WriteMetadataIfAny(writer, port.Metadata);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteEnd(Utf8JsonWriter writer, string key, NodePort port)
    {
        writer.WriteStartObject(key);
        writer.WriteString("process", port.Node);
        writer.WriteString("port", port.Port);
        if (port.Index is int index)
        {
            writer.WriteNumber("index", index);
        }

        writer.WriteEndObject();
    }
}
