using System.Text;
using System.Text.Json;

namespace Reflow.Graphs.Formats;

/// <summary>
/// The <c>.fbp</c> text DSL, read with the grammar of the <c>fbp</c> npm package 1.8.0 and written so that both
/// parsers read it back.
/// </summary>
/// <remarks>
/// <para>
/// Reading follows the npm package exactly (a test compares the two on a corpus), quirks included: unless
/// <c>caseSensitive</c> is set, port names and exported port names are lowercased (node ids are not);
/// <c># @runtime x</c> becomes the property <c>environment: {type: x}</c> and <c># @key value</c> the property
/// <c>key</c>; node metadata <c>(Component:key=value,…)</c> holds strings, except <c>x</c> and <c>y</c>, which are
/// read as JavaScript's <c>parseFloat</c> reads them, and an item without <c>=</c> is a value of <c>routes</c>;
/// an anonymous node <c>(Component)</c> is named <c>_Component_N</c>; tabs are not white space; a statement may
/// end with a comma, a comment or a newline; a connection written twice is kept twice.
/// </para>
/// <para>
/// The DSL cannot hold groups, connection, IIP and exported-port metadata, array indices on exported ports,
/// non-string properties, or node metadata values outside its character set: the writer leaves them out. IIPs
/// on exported in-ports are written to the node ports behind them. Node ids, component names and port names the
/// grammar cannot spell make <see cref="Write"/> throw, naming the id and the character that cannot be written.
/// </para>
/// </remarks>
public static class FbpFormat
{
    /// <summary>Reads a graph written in the DSL.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="fileName">The file's name, for error messages.</param>
    /// <param name="caseSensitive">Keep port names as written instead of lowercasing them (the npm package's option of that name).</param>
    /// <exception cref="GraphFormatException">A syntax error (with line, column and what was expected), or nodes that are used but never declared with a component (all listed).</exception>
    public static Graph Read(string text, string? fileName = null, bool caseSensitive = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new FbpParser(text, fileName, caseSensitive).Parse();
    }

    /// <summary>Writes a graph in the DSL: annotations, node declarations, exported ports, connections, IIPs.</summary>
    /// <exception cref="ArgumentException">A node id, component or port name cannot be written in the DSL.</exception>
    public static string Write(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var text = new StringBuilder();
        foreach (KeyValuePair<string, JsonElement> property in graph.Properties)
        {
            string? value = AnnotationValue(property.Key, property.Value);
            if (value is not null)
            {
                text.Append("# @").Append(property.Key == "environment" ? "runtime" : property.Key).Append(' ').Append(value).Append('\n');
            }
        }

        foreach (GraphNode node in graph.Nodes)
        {
            text.Append(NodeId(node.Id)).Append('(').Append(Check(node.Component, IsComponentChar, IsComponentChar, "component name"));
            string meta = Metadata(node.Metadata);
            if (meta.Length > 0)
            {
                text.Append(':').Append(meta);
            }

            text.Append(")\n");
        }

        foreach (ExportedPort port in graph.InPorts.Concat(graph.OutPorts))
        {
            text.Append(port.Direction == PortDirection.In ? "INPORT=" : "OUTPORT=")
                .Append(NodeId(port.Target.Node)).Append('.').Append(PortName(port.Target.Port))
                .Append(':').Append(PortName(port.Name)).Append('\n');
        }

        foreach (GraphConnection connection in graph.Connections)
        {
            text.Append(NodeId(connection.From.Node)).Append(' ').Append(Port(connection.From))
                .Append(" -> ").Append(Port(connection.To)).Append(' ').Append(NodeId(connection.To.Node)).Append('\n');
        }

        foreach (GraphInitial initial in GraphJson.AllInitials(graph))
        {
            text.Append(Initial(initial.Data)).Append(" -> ").Append(Port(initial.To)).Append(' ').Append(NodeId(initial.To.Node)).Append('\n');
        }

        return text.ToString();
    }

    private static string Initial(JsonElement data)
    {
        if (data.ValueKind == JsonValueKind.String)
        {
            string value = data.GetString()!;
            // '…' reads every character literally except \' (a quote): it cannot end with a backslash.
            if (!value.EndsWith('\\') && !value.Any(char.IsControl))
            {
                return "'" + value.Replace("'", "\\'", StringComparison.Ordinal) + "'";
            }
        }

        // At the start of a statement `true`, `false` and `null` read as node names; the JSON rule's leading
        // white space may be a tab where a node name may not start, which makes them JSON.
        string json = JsonValues.ToJson(data);
        return data.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null ? "\t" + json : json;
    }

    /// <summary>Node metadata the DSL can hold: string values of its character set, and numbers for x and y.</summary>
    private static string Metadata(GraphMetadata metadata)
    {
        var items = new List<string>();
        foreach (KeyValuePair<string, JsonElement> entry in metadata)
        {
            if (!entry.Key.All(IsMetadataChar))
            {
                continue;
            }

            if (entry.Key is "x" or "y")
            {
                if (entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt64(out long n) && n >= 0)
                {
                    items.Add($"{entry.Key}={n}");
                }
                else if (entry.Value.ValueKind == JsonValueKind.Null)
                {
                    items.Add(entry.Key + "=NaN"); // parseFloat gives NaN, which JSON writes as null
                }
            }
            else if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString()!.All(IsMetadataChar))
            {
                items.Add(entry.Key + "=" + entry.Value.GetString());
            }
        }

        return string.Join(',', items);
    }

    private static string? AnnotationValue(string key, JsonElement value)
    {
        if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || key == "runtime")
        {
            return null;
        }

        if (key == "environment")
        {
            // Only { "type": … } round-trips through # @runtime.
            if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Count() != 1 || !value.TryGetProperty("type", out value))
            {
                return null;
            }
        }

        string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        bool fits = !string.IsNullOrEmpty(text) && text[0] != ' '
            && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ' ' or '.');
        return fits ? text : null;
    }

    private static string Port(NodePort port) => port.Index is int i ? $"{PortName(port.Port)}[{i}]" : PortName(port.Port);

    private static string NodeId(string id) =>
        Check(id, c => char.IsAsciiLetter(c) || c == '_', c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-', "node id");

    private static string PortName(string name) =>
        Check(name, c => char.IsAsciiLetter(c) || c == '_', c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.', "port name");

    private static bool IsComponentChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.';

    private static bool IsMetadataChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '/' or '_';

    private static string Check(string value, Func<char, bool> first, Func<char, bool> rest, string what) =>
        value.Length > 0 && first(value[0]) && value.Skip(1).All(rest)
            ? value
            : throw new ArgumentException(CannotWrite(value, first, rest, what));

    private static string CannotWrite(string value, Func<char, bool> first, Func<char, bool> rest, string what)
    {
        string rule = what switch
        {
            "node id" => "a node id starts with a letter or '_' and goes on with letters, digits, '_' or '-'",
            "port name" => "a port name starts with a letter or '_' and goes on with letters, digits, '_' or '.'",
            _ => "a component name holds only letters, digits, '/', '-', '_' and '.'",
        };
        if (value.Length == 0)
        {
            return $"the .fbp DSL cannot write the empty {what}: {rule}.";
        }

        int bad = 0;
        if (first(value[0]))
        {
            bad = 1;
            while (bad < value.Length && rest(value[bad]))
            {
                bad++;
            }
        }

        string character = char.IsControl(value[bad]) ? $"U+{(int)value[bad]:X4}" : $"'{value[bad]}'";
        return $"the .fbp DSL cannot write the {what} '{value}': {rule}, and {character} at position {bad + 1} is not allowed there. Rename it, or convert to Reflow or NoFlo JSON.";
    }
}
