using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Reflow.Graphs;

/// <summary>Makes detached <see cref="JsonElement"/>s for IIP data and metadata values.</summary>
public static class JsonValues
{
    /// <summary>A JSON string.</summary>
    public static JsonElement String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Build(w => w.WriteStringValue(value));
    }

    /// <summary>A JSON number.</summary>
    public static JsonElement Number(long value) => Build(w => w.WriteNumberValue(value));

    /// <summary>A JSON number; NaN and infinities become <c>null</c>, as JavaScript's JSON.stringify writes them.</summary>
    public static JsonElement Number(double value) =>
        double.IsFinite(value) ? Build(w => w.WriteNumberValue(value)) : Null;

    /// <summary>A JSON Boolean.</summary>
    public static JsonElement Boolean(bool value) => value ? True : False;

    /// <summary>The JSON <c>null</c>.</summary>
    public static JsonElement Null { get; } = JsonElement.Parse("null");

    private static JsonElement True { get; } = JsonElement.Parse("true");

    private static JsonElement False { get; } = JsonElement.Parse("false");

    /// <summary>Parses JSON text into a detached element.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static JsonElement Parse(string json) => JsonElement.Parse(json, DocumentOptions);

    /// <summary>How deep a graph file's JSON may nest: a value (IIP, metadata) <see cref="GraphFile.MaxDepth"/> deep at the deepest place a format puts one.</summary>
    internal const int DocumentMaxDepth = GraphFile.MaxDepth + 4;

    internal static JsonDocumentOptions DocumentOptions => new() { MaxDepth = DocumentMaxDepth };

    internal static JsonReaderOptions ReaderOptions => new() { MaxDepth = DocumentMaxDepth };

    /// <summary>Compact JSON text of <paramref name="value"/>.</summary>
    public static string ToJson(JsonElement value) => ToJson(value.WriteTo);

    internal static string ToJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan, ReaderOptions);
        return JsonElement.ParseValue(ref reader);
    }
}
