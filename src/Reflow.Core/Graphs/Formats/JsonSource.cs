using System.Text;
using System.Text.Json;
using System.Runtime.InteropServices;

namespace Reflow.Graphs.Formats;

/// <summary>
/// Reads a JSON graph file with the path of every value at hand, so each error says where it is (file, JSON
/// path, line and column for syntax errors), what was found and what was expected.
/// </summary>
internal sealed class JsonSource(string? fileName)
{
    private readonly List<GraphProblem> _referenceErrors = [];

    public string? FileName { get; } = fileName;

    /// <summary>Parses the text; a syntax error becomes a <see cref="GraphFormatException"/> with line and column.</summary>
    public JsonDocument Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonValues.DocumentOptions);
        }
        catch (JsonException e) when (TooDeep(json) is GraphFileLocation place)
        {
            throw new GraphFormatException(
                place, $"JSON nested at most {JsonValues.DocumentMaxDepth} arrays and objects deep (a value at most {GraphFile.MaxDepth})", "deeper nesting", e);
        }
        catch (ArgumentException e)
        {
            // Text from a file never holds one (decoding replaces it), but a string handed in may.
            throw new GraphFormatException(new GraphFileLocation(FileName), "text of whole Unicode characters", "a lone surrogate (half of a UTF-16 pair)", e);
        }
        catch (JsonException e)
        {
            // System.Text.Json counts lines and byte positions from zero.
            var location = new GraphFileLocation(FileName, (int?)(e.LineNumber + 1), (int?)(e.BytePositionInLine + 1));
            string found = e.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ');
            throw new GraphFormatException(location, "well-formed JSON", found, e);
        }

        if (BadEscape(document.RootElement) is (string path, string bad))
        {
            document.Dispose();
            throw Error("$" + path, "keys and strings that are valid Unicode", bad);
        }

        return document;
    }

    /// <summary>
    /// Where a key or string's <c>\u</c> escapes spell a lone UTF-16 surrogate (<c>"\ud800"</c>), as a path below
    /// <paramref name="element"/> and what is there; null when none does. The parser accepts such escapes, but reading
    /// the value then throws <see cref="InvalidOperationException"/>. Only text with a <c>\u</c> escape is decoded and
    /// a path is built only for a bad one, so a graph without them costs no allocation here.
    /// </summary>
    private static (string Path, string Found)? BadEscape(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    ReadOnlySpan<byte> rawName = JsonMarshal.GetRawUtf8PropertyName(property);
                    if (HasUnicodeEscape(rawName) && !Decodes(property))
                    {
                        return ("", $"the key \"{Shorten(Encoding.UTF8.GetString(rawName))}\", which has a lone surrogate escape");
                    }

                    if (BadEscape(property.Value) is (string below, string found))
                    {
                        return (Child("", property.Name) + below, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (BadEscape(item) is (string below, string found))
                    {
                        return (Item("", i) + below, found);
                    }

                    i++;
                }

                break;
            case JsonValueKind.String:
                if (HasUnicodeEscape(JsonMarshal.GetRawUtf8Value(element)) && !Decodes(element))
                {
                    return ("", $"the string {Shorten(element.GetRawText())}, which has a lone surrogate escape");
                }

                break;
        }

        return null;
    }

    private static bool HasUnicodeEscape(ReadOnlySpan<byte> raw) => raw.IndexOf("\\u"u8) >= 0;

    private static bool Decodes(JsonProperty property)
    {
        try
        {
            _ = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Decodes(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Where <paramref name="json"/> first nests deeper than the limit, or null when it does not (the parse failed for
    /// another reason). Only called after a failed parse; the scan is iterative, so depth costs no stack.
    /// </summary>
    private GraphFileLocation? TooDeep(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = JsonValues.DocumentMaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= JsonValues.DocumentMaxDepth && reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    return LocationOf(bytes, (int)reader.TokenStartIndex);
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>A byte offset as System.Text.Json reports places elsewhere: lines by \n, columns in bytes, both from 1.</summary>
    private GraphFileLocation LocationOf(byte[] bytes, int start)
    {
        int lineStart = bytes.AsSpan(0, start).LastIndexOf((byte)'\n') + 1;
        int line = bytes.AsSpan(0, start).Count((byte)'\n') + 1;
        return new GraphFileLocation(FileName, line, start - lineStart + 1);
    }

    public GraphFormatException Error(string path, string expected, string found) =>
        new(new GraphFileLocation(FileName, JsonPath: path), expected, found);

    public GraphFormatException Error(string path, string expected, JsonElement found) => Error(path, expected, Describe(found));

    public JsonElement Object(JsonElement element, string path, string what) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Error(path, what, element);

    public JsonElement Array(JsonElement element, string path, string what) =>
        element.ValueKind == JsonValueKind.Array ? element : throw Error(path, what, element);

    public string String(JsonElement element, string path, string what, bool allowEmpty = false) =>
        element.ValueKind == JsonValueKind.String && (allowEmpty || element.GetString()!.Length > 0)
            ? element.GetString()!
            : throw Error(path, what, element);

    public bool Boolean(JsonElement element, string path) =>
        element.ValueKind is JsonValueKind.True or JsonValueKind.False ? element.GetBoolean() : throw Error(path, "true or false", element);

    public int? Index(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int index) && index >= 0
            ? index
            : throw Error(path, "a non-negative integer array-port index", element);
    }

    /// <summary>Metadata: an object, or null/absent for none.</summary>
    public GraphMetadata Metadata(JsonElement owner, string path, string key = "metadata") =>
        owner.TryGetProperty(key, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? GraphMetadata.FromElement(Object(value, Child(path, key), "a metadata object"))
            : GraphMetadata.Empty;

    /// <summary>
    /// Checks that <paramref name="element"/> is an object whose keys are all in <paramref name="allowed"/>, each once.
    /// </summary>
    public JsonElement Keys(JsonElement element, string path, string what, params string[] allowed)
    {
        Object(element, path, what);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (System.Array.IndexOf(allowed, property.Name) < 0)
            {
                throw Error(Child(path, property.Name), "one of the keys " + string.Join(", ", allowed), $"the unknown key '{property.Name}'");
            }

            if (!seen.Add(property.Name))
            {
                throw Error(Child(path, property.Name), "each key once", $"the key '{property.Name}' again");
            }
        }

        return element;
    }

    /// <summary>The value of the first of <paramref name="keys"/> present (camelCase and snake_case spellings of one key).</summary>
    public static bool TryGet(JsonElement owner, out JsonElement value, out string key, params string[] keys)
    {
        foreach (string candidate in keys)
        {
            if (owner.TryGetProperty(candidate, out value))
            {
                key = candidate;
                return true;
            }
        }

        value = default;
        key = keys[0];
        return false;
    }

    public JsonElement Required(JsonElement owner, string path, string key, string what) =>
        owner.TryGetProperty(key, out JsonElement value) ? value : throw Error(path, $"the key '{key}' ({what})", "an object without it");

    /// <summary>Remembers a reference to a missing node or port; <see cref="ThrowIfReferenceErrors"/> reports them all at once.</summary>
    public void ReferenceError(string path, string message) =>
        _referenceErrors.Add(new GraphProblem(ProblemSeverity.Error, GraphProblemCodes.DanglingReference, new GraphFileLocation(FileName, JsonPath: path).ToString(), message));

    public void ThrowIfReferenceErrors()
    {
        if (_referenceErrors.Count > 0)
        {
            throw new GraphFormatException(FileName, _referenceErrors);
        }
    }

    /// <summary>Keeps the first of a repeated id and records the repetition for validation.</summary>
    public void Duplicate(Graph graph, string path, string message) =>
        graph.AddLoadProblem(new GraphProblem(ProblemSeverity.Warning, GraphProblemCodes.DuplicateId, new GraphFileLocation(FileName, JsonPath: path).ToString(), message));

    public static string Child(string path, string key)
    {
        foreach (char c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return $"{path}['{key.Replace("'", "\\'", StringComparison.Ordinal)}']";
            }
        }

        return key.Length == 0 || char.IsAsciiDigit(key[0]) ? $"{path}['{key}']" : $"{path}.{key}";
    }

    public static string Item(string path, int index) => $"{path}[{index}]";

    /// <summary>A short description of a value for error messages: <c>the number 5</c>, <c>an array</c>, …</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "the string " + Shorten(value.GetRawText()),
        JsonValueKind.Number => "the number " + Shorten(value.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : new StringBuilder(text, 0, 37, 40).Append("...").ToString();
}
