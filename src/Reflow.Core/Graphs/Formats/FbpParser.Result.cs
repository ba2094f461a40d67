using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Reflow.Graphs.Formats;

// What the npm package does in its actions and in getResult: declaring nodes with their metadata, annotations,
// pairing port items into connections, and the final checks that every node has a component and every
// reference names a declared node.
internal sealed partial class FbpParser
{
    /// <summary>
    /// The npm package's <c>addNode</c>: a non-empty component replaces the node's component; metadata, when
    /// given, replaces the node's metadata. Items are <c>key=value</c>; an item without <c>=</c> is a value of
    /// <c>routes</c>; <c>x</c> and <c>y</c> become numbers as JavaScript's <c>parseFloat</c> reads them.
    /// </summary>
    private void Declare(string name, string component, string? meta, int offset)
    {
        if (!_nodes.TryGetValue(name, out NodeDeclaration? node))
        {
            node = new NodeDeclaration(offset);
            _nodes.Add(name, node);
        }

        if (component.Length > 0)
        {
            node.Component = component;
        }

        if (meta is null)
        {
            return;
        }

        node.Metadata = Metadata(meta);
    }

    // A repeated key keeps its first position and its last value. The items are gathered first and written as one
    // JSON object read once: a copy of the metadata per item (GraphMetadata.With) cost ~900 bytes per item, and a
    // fuzzer's 30 000 commas made 59 MB of a 30 KB file (fuzz/regressions/fbp).
    private static GraphMetadata Metadata(string meta)
    {
        var keys = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in meta.Split(','))
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            (string key, string value) = equals < 0 ? ("routes", item) : (item[..equals], SecondPart(item, equals + 1));
            if (!values.ContainsKey(key))
            {
                keys.Add(key);
            }

            values[key] = value;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (string key in keys)
            {
                string value = values[key];
                writer.WritePropertyName(key);
                if (key is not ("x" or "y"))
                {
                    writer.WriteStringValue(value);
                }
                else if (ParseFloatPrefix(value) is var number && double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteNullValue(); // NaN, as JSON.stringify writes it
                }
            }

            writer.WriteEndObject();
        }

        return GraphMetadata.FromDistinctProperties(JsonElement.Parse(buffer.WrittenSpan));
    }

    // JavaScript's item.split('=')[1]: the text between the first '=' and the next one.
    private static string SecondPart(string item, int from)
    {
        int next = item.IndexOf('=', from);
        return next < 0 ? item[from..] : item[from..next];
    }

    /// <summary>
    /// JavaScript's <c>parseFloat</c> on the characters metadata may hold (<c>[a-zA-Z/_0-9]</c>: no sign or point):
    /// the longest prefix of digits with an optional exponent, <c>Infinity</c>, or NaN.
    /// </summary>
    private static double ParseFloatPrefix(string text)
    {
        if (text.StartsWith("Infinity", StringComparison.Ordinal))
        {
            return double.PositiveInfinity;
        }

        int end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end == 0)
        {
            return double.NaN;
        }

        int mantissa = end;
        if (end < text.Length && text[end] is 'e' or 'E')
        {
            int exponent = end + 1;
            while (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                exponent++;
            }

            end = exponent > end + 1 ? exponent : mantissa;
        }

        return double.Parse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The npm package's <c>registerAnnotation</c>: <c>runtime</c> becomes <c>environment.type</c>.</summary>
    private void RegisterAnnotation(string key, string value)
    {
        _properties ??= GraphMetadata.Empty;
        _properties = key == "runtime"
            ? _properties.With("environment", GraphMetadata.Empty.With("type", value).ToElement())
            : _properties.With(key, value);
    }

    private Graph Build()
    {
        var graph = new Graph(caseSensitive: _caseSensitive, properties: _properties);
        var problems = new List<GraphProblem>();
        void Problem(int offset, string message) => problems.Add(new GraphProblem(
            ProblemSeverity.Error, GraphProblemCodes.DanglingReference, Location(offset).ToString(), message));

        foreach (KeyValuePair<string, NodeDeclaration> node in _nodes)
        {
            if (node.Value.Component is null)
            {
                Problem(node.Value.Offset, $"the node '{node.Key}' has no component: declare it once as {node.Key}(Component)");
            }
            else
            {
                graph.AddNode(node.Key, node.Value.Component, node.Value.Metadata);
            }
        }

        foreach ((string kind, OrderedDictionary<string, Export> exports) in (ReadOnlySpan<(string, OrderedDictionary<string, Export>)>)[("INPORT", _inPorts), ("OUTPORT", _outPorts)])
        {
            foreach (KeyValuePair<string, Export> export in exports)
            {
                if (!_nodes.ContainsKey(export.Value.Node))
                {
                    Problem(export.Value.Offset, $"{kind} '{export.Key}' refers to the node '{export.Value.Node}', which is never declared with a component");
                }
            }
        }

        // Every out-port item or IIP directly followed by an in-port item is a connection (the npm package's
        // processEdges); the items left over are the unused ends of bridges and lone node declarations.
        var pairs = new List<(Item From, Item To)>();
        for (int i = 1; i < _items.Count; i++)
        {
            if (_items[i - 1].Kind != ItemKind.In && _items[i].Kind == ItemKind.In)
            {
                pairs.Add((_items[i - 1], _items[i]));
                i++;
            }
        }

        foreach ((Item from, Item to) in pairs)
        {
            foreach (Item end in (ReadOnlySpan<Item>)[from, to])
            {
                if (end.Kind != ItemKind.Data && !_nodes.ContainsKey(end.Port.Node))
                {
                    Problem(end.Offset, $"the node '{end.Port.Node}' is never declared with a component, e.g. {end.Port.Node}(Component)");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new GraphFormatException(_fileName, problems);
        }

        foreach ((Item from, Item to) in pairs)
        {
            if (from.Kind == ItemKind.Data)
            {
                graph.AddInitial(to.Port, from.Data);
            }
            else
            {
                graph.Connect(from.Port, to.Port);
            }
        }

        foreach ((PortDirection direction, OrderedDictionary<string, Export> exports) in (ReadOnlySpan<(PortDirection, OrderedDictionary<string, Export>)>)[(PortDirection.In, _inPorts), (PortDirection.Out, _outPorts)])
        {
            foreach (KeyValuePair<string, Export> export in exports)
            {
                graph.ExportPort(direction, export.Key, new NodePort(export.Value.Node, export.Value.Port));
            }
        }

        return graph;
    }
}
