using System.Text.Json;
using Reflow.Graphs.Formats;

namespace Reflow.Graphs;

/// <summary>Reads and writes graph files in any of the <see cref="GraphFormat"/>s.</summary>
public static class GraphFile
{
    /// <summary>
    /// How deep a value in a graph file (an IIP, a metadata or property value) may nest arrays and objects: as deep
    /// as a <c>Message</c> may (<c>[[1]]</c> is 2 deep). A JSON graph file may nest this much more the few levels
    /// the format itself puts around a value. A deeper file is rejected with a <see cref="GraphFormatException"/>
    /// naming the place, so no reader can be driven into a stack overflow.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// The largest graph file <see cref="Load"/> reads: 64 MiB, some thousand times the largest graph written by hand,
    /// so a wrong path (a log, a disk image) is refused before it is read into memory. Not configurable: a graph that
    /// large is better split into subgraph files.
    /// </summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Reads a graph file: <c>.fbp</c> is the DSL; JSON is Reflow's or NoFlo's, told apart by <see cref="DetectJsonFormat"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="caseSensitive">
    /// For <c>.fbp</c>: keep port names as written instead of lowercasing them, and match them case-sensitively (the
    /// npm <c>fbp</c> parser's <c>caseSensitive</c> option). A JSON file says itself whether it is case-sensitive.
    /// </param>
    /// <exception cref="GraphFormatException">The file is not a valid graph, or is larger than <see cref="MaxFileBytes"/>; the message names it.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Graph Load(string path, bool caseSensitive = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (file.Length > MaxFileBytes)
        {
            throw new GraphFormatException(new GraphFileLocation(path), $"a graph file of at most {MaxFileBytes} bytes (GraphFile.MaxFileBytes)", $"{file.Length} bytes");
        }

        using var reader = new StreamReader(file, detectEncodingFromByteOrderMarks: true); // as File.ReadAllText reads it
        string text = reader.ReadToEnd();
        return Read(text, FormatOf(path, text), path, caseSensitive);
    }

    /// <summary>Reads a graph from text in the given format (<paramref name="caseSensitive"/>: see <see cref="Load"/>).</summary>
    /// <exception cref="GraphFormatException">The text is not a valid graph.</exception>
    public static Graph Read(string text, GraphFormat format, string? fileName = null, bool caseSensitive = false) => format switch
    {
        GraphFormat.ReflowJson => ReflowJsonFormat.Read(text, fileName),
        GraphFormat.NoFloJson => NoFloJsonFormat.Read(text, fileName),
        GraphFormat.Fbp => FbpFormat.Read(text, fileName, caseSensitive),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Writes a graph as text in the given format.</summary>
    public static string Write(Graph graph, GraphFormat format) => format switch
    {
        GraphFormat.ReflowJson => ReflowJsonFormat.Write(graph),
        GraphFormat.NoFloJson => NoFloJsonFormat.Write(graph),
        GraphFormat.Fbp => FbpFormat.Write(graph),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Writes a graph to a file in the given format (written whole to a temporary file, then moved into place).</summary>
    public static void Save(Graph graph, string path, GraphFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = Write(graph, format);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Tells the two JSON formats apart: Reflow's uses <c>from</c>/<c>to</c> edges with <c>nodeId</c>, groups with
    /// <c>id</c>, processes with <c>id</c> and may use snake_case keys; NoFlo's uses <c>src</c>/<c>tgt</c> and
    /// <c>process</c>. A graph with none of these reads the same either way and is taken as NoFlo JSON.
    /// </summary>
    public static GraphFormat DetectJsonFormat(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, JsonValues.DocumentOptions);
            return LooksLikeReflow(document.RootElement) ? GraphFormat.ReflowJson : GraphFormat.NoFloJson;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The reader reports the syntax error, or the escaped lone surrogate a key's name cannot be read with.
            return GraphFormat.NoFloJson;
        }
    }

    private static GraphFormat FormatOf(string path, string text) =>
        string.Equals(Path.GetExtension(path), ".fbp", StringComparison.OrdinalIgnoreCase) ? GraphFormat.Fbp : DetectJsonFormat(text);

    private static bool LooksLikeReflow(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name.Contains('_', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return Any(root, "connections", c => c.TryGetProperty("from", out _) || c.TryGetProperty("to", out _))
            || Any(root, "groups", g => g.TryGetProperty("id", out _))
            || Values(root, "processes").Any(p => p.TryGetProperty("id", out _))
            || Values(root, "inports").Concat(Values(root, "outports")).Any(p => p.TryGetProperty("nodeId", out _) || p.TryGetProperty("node_id", out _));
    }

    private static bool Any(JsonElement root, string key, Func<JsonElement, bool> test) =>
        root.TryGetProperty(key, out JsonElement array) && array.ValueKind == JsonValueKind.Array
        && array.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && test(e));

    private static IEnumerable<JsonElement> Values(JsonElement root, string key) =>
        root.TryGetProperty(key, out JsonElement map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().Select(p => p.Value).Where(v => v.ValueKind == JsonValueKind.Object)
            : [];
}
