using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Reflow.Graphs.Formats;

/// <summary>What the two JSON formats read and write alike.</summary>
internal static class GraphJson
{
    public static JsonWriterOptions WriterOptions(bool indented) => new()
    {
        Indented = indented,
        // Graph files are read by people and editors: keep non-ASCII text and quotes as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string WriteToString(Action<Utf8JsonWriter> write, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(indented)))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteMetadataIfAny(Utf8JsonWriter writer, GraphMetadata metadata, string key = "metadata")
    {
        if (!metadata.IsEmpty)
        {
            writer.WritePropertyName(key);
            metadata.WriteTo(writer);
        }
    }

    public static void WriteStrings(Utf8JsonWriter writer, string key, IEnumerable<string> values)
    {
        writer.WriteStartArray(key);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>The node IIPs, then the IIPs of exported in-ports sent to the node ports behind them.</summary>
    public static IEnumerable<GraphInitial> AllInitials(Graph graph)
    {
        foreach (GraphInitial initial in graph.Initials)
        {
            yield return initial;
        }

        foreach (ExportedPortInitial initial in graph.ExportedPortInitials)
        {
            ExportedPort port = graph.GetExportedPort(PortDirection.In, initial.InPort)!;
            yield return new GraphInitial(port.Target, initial.Data, initial.Metadata);
        }
    }

    public static void AddPort(JsonSource source, Graph graph, string path, PortDirection direction, string name, NodePort target, GraphMetadata metadata)
    {
        if (name.Length == 0)
        {
            throw source.Error(path, "a non-empty exported port name", "an empty one");
        }

        if (!graph.HasNode(target.Node))
        {
            source.ReferenceError(path, $"the exported port '{name}' targets the node '{target.Node}', which is not defined");
        }
        else if (graph.GetExportedPort(direction, name) is not null)
        {
            source.Duplicate(graph, path, $"the exported port '{name}' is defined again; the first definition is kept");
        }
        else
        {
            graph.ExportPort(direction, name, target, metadata);
        }
    }

    public static void ReadGroups(JsonSource source, Graph graph, JsonElement groups, string nameKey)
    {
        int i = 0;
        foreach (JsonElement item in groups.EnumerateArray())
        {
            string path = JsonSource.Item("$.groups", i++);
            JsonElement group = source.Keys(item, path, "a group object", nameKey, "nodes", "metadata");
            string name = source.String(source.Required(group, path, nameKey, "the group name"), JsonSource.Child(path, nameKey), "a non-empty group name");
            string nodesPath = JsonSource.Child(path, "nodes");
            var members = new List<string>();
            int j = 0;
            foreach (JsonElement node in source.Array(source.Required(group, path, "nodes", "the node ids"), nodesPath, "an array of node ids").EnumerateArray())
            {
                string nodePath = JsonSource.Item(nodesPath, j++);
                string id = source.String(node, nodePath, "a node id");
                if (graph.HasNode(id))
                {
                    members.Add(id);
                }
                else
                {
                    source.ReferenceError(nodePath, $"the group '{name}' lists the node '{id}', which is not defined");
                }
            }

            if (graph.GetGroup(name) is not null)
            {
                source.Duplicate(graph, path, $"the group '{name}' is defined again; the first definition is kept");
                continue;
            }

            graph.AddGroup(name, members, source.Metadata(group, path));
        }
    }
}
