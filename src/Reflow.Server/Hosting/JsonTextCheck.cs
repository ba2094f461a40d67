using System.Text.Json;

namespace Reflow.Server.Hosting;

/// <summary>
/// What the JSON parsers let through but no string can be read from: bytes that are not UTF-8 inside a string, and a
/// <c>\u</c> escape of half a surrogate pair. System.Text.Json checks both only when a string is read, and then throws
/// <see cref="InvalidOperationException"/>, which a handler would meet far from the message it came in.
/// </summary>
internal static class JsonTextCheck
{
    /// <summary>
    /// Parse options that refuse an object with a key twice: a <see cref="System.Text.Json.Nodes.JsonObject"/> would
    /// throw <see cref="ArgumentException"/> for it when first read, not when parsed.
    /// </summary>
    public static readonly JsonDocumentOptions NoDuplicateKeys = new() { AllowDuplicateProperties = false };

    /// <summary>Why <paramref name="utf8"/> cannot be read as JSON text (before or after parsing it), or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return "it is not UTF-8 text";
        }

        return utf8.IndexOf("\\u"u8) >= 0 && LoneSurrogateAt(utf8) is long offset
            ? $"the string at byte {offset} escapes a lone surrogate (half of a UTF-16 pair)"
            : null;
    }

    private static long? LoneSurrogateAt(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 1024 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    try
                    {
                        reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return reader.TokenStartIndex;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the parser reports it.
        }

        return null;
    }
}
