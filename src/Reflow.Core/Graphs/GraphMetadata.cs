using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Reflow.Graphs;

/// <summary>
/// An immutable, ordered map of JSON values: the metadata of a node, connection, IIP, exported port or group,
/// and the graph's properties.
/// </summary>
/// <remarks>
/// Values are <see cref="JsonElement"/>s detached from any document, so whatever a graph file held (numbers
/// with their exact text, nested objects, keys no one here knows) survives read → write → read. Equality
/// ignores key order and compares values with <see cref="JsonElement.DeepEquals"/> (so <c>1</c> equals
/// <c>1.0</c>). Every change returns a new instance: a graph hands out its metadata without copying and
/// nobody can change it behind the graph's back (which would bypass its change events and undo history).
/// </remarks>
public sealed class GraphMetadata : IReadOnlyDictionary<string, JsonElement>, IEquatable<GraphMetadata>
{
    private readonly KeyValuePair<string, JsonElement>[] _entries;

    private GraphMetadata(KeyValuePair<string, JsonElement>[] entries) => _entries = entries;

    /// <summary>The metadata with no entries.</summary>
    public static GraphMetadata Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => _entries.Length;

    /// <summary>Whether there are no entries.</summary>
    public bool IsEmpty => _entries.Length == 0;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <inheritdoc/>
    public IEnumerable<JsonElement> Values => _entries.Select(e => e.Value);

    /// <inheritdoc/>
    public JsonElement this[string key] =>
        TryGetValue(key, out JsonElement value) ? value : throw new KeyNotFoundException($"No metadata entry '{key}'.");

    /// <summary>Reads a JSON object (for example <c>{"x": 10, "label": "Read"}</c>).</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="ArgumentException">The JSON is not an object.</exception>
    public static GraphMetadata Parse(string json) => FromElement(JsonValues.Parse(json));

    /// <summary>Takes the properties of a JSON object; a repeated key keeps its first position and its last value.</summary>
    /// <exception cref="ArgumentException"><paramref name="element"/> is not an object.</exception>
    public static GraphMetadata FromElement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"Metadata must be a JSON object, not {element.ValueKind}.", nameof(element));
        }

        var entries = new List<KeyValuePair<string, JsonElement>>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            Set(entries, property.Name, property.Value.Clone());
        }

        return entries.Count == 0 ? Empty : new GraphMetadata([.. entries]);
    }

    /// <summary>
    /// Takes the properties of a JSON object whose keys are known to be distinct, without copying each value: they
    /// stay views of <paramref name="element"/>'s document (for a parser that wrote the object itself).
    /// </summary>
    internal static GraphMetadata FromDistinctProperties(JsonElement element)
    {
        var entries = new List<KeyValuePair<string, JsonElement>>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            entries.Add(new(property.Name, property.Value));
        }

        return entries.Count == 0 ? Empty : new GraphMetadata([.. entries]);
    }

    /// <summary>Makes metadata from key/value pairs, in order; a repeated key keeps its last value.</summary>
    public static GraphMetadata From(IEnumerable<KeyValuePair<string, JsonElement>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<KeyValuePair<string, JsonElement>>();
        foreach (KeyValuePair<string, JsonElement> entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry.Key);
            Set(list, entry.Key, entry.Value.Clone());
        }

        return list.Count == 0 ? Empty : new GraphMetadata([.. list]);
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        int index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : default;
        return index >= 0;
    }

    /// <summary>The entry <paramref name="key"/> when it is a JSON string, else null.</summary>
    public string? GetString(string key) =>
        TryGetValue(key, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The entry <paramref name="key"/> when it is a JSON number that fits a 64-bit integer, else null.</summary>
    public long? GetInt64(string key) =>
        TryGetValue(key, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) ? n : null;

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (kept in place when it existed).</summary>
    public GraphMetadata With(string key, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var list = new List<KeyValuePair<string, JsonElement>>(_entries);
        Set(list, key, value.Clone());
        return new GraphMetadata([.. list]);
    }

    /// <summary>A copy with <paramref name="key"/> set to a JSON string.</summary>
    public GraphMetadata With(string key, string value) => With(key, JsonValues.String(value));

    /// <summary>A copy with <paramref name="key"/> set to a JSON number.</summary>
    public GraphMetadata With(string key, long value) => With(key, JsonValues.Number(value));

    /// <summary>A copy without <paramref name="key"/> (this instance when it had none).</summary>
    public GraphMetadata Without(string key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return this;
        }

        return _entries.Length == 1 ? Empty : new GraphMetadata([.. _entries[..index], .. _entries[(index + 1)..]]);
    }

    /// <summary>
    /// A copy with every entry of <paramref name="patch"/> applied: a JSON <c>null</c> removes the key, any other
    /// value sets it (the merge rule of NoFlo's and the original's <c>setNodeMetadata</c>).
    /// </summary>
    public GraphMetadata Merge(GraphMetadata patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        GraphMetadata result = this;
        foreach (KeyValuePair<string, JsonElement> entry in patch._entries)
        {
            result = entry.Value.ValueKind == JsonValueKind.Null ? result.Without(entry.Key) : result.With(entry.Key, entry.Value);
        }

        return result;
    }

    /// <summary>Writes the entries as one JSON object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (KeyValuePair<string, JsonElement> entry in _entries)
        {
            writer.WritePropertyName(entry.Key);
            entry.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>The entries as one detached JSON object.</summary>
    public JsonElement ToElement() => JsonValues.Parse(ToString());

    /// <summary>The entries as compact JSON text.</summary>
    public override string ToString() => JsonValues.ToJson(WriteTo);

    /// <inheritdoc/>
    public bool Equals(GraphMetadata? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._entries.Length != _entries.Length)
        {
            return false;
        }

        foreach (KeyValuePair<string, JsonElement> entry in _entries)
        {
            if (!other.TryGetValue(entry.Key, out JsonElement value) || !JsonElement.DeepEquals(entry.Value, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GraphMetadata);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // Order-insensitive and consistent with DeepEquals: keys and value kinds only.
        int hash = _entries.Length;
        foreach (KeyValuePair<string, JsonElement> entry in _entries)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(entry.Key), entry.Value.ValueKind);
        }

        return hash;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, JsonElement>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (int i = 0; i < _entries.Length; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Set(List<KeyValuePair<string, JsonElement>> entries, string key, JsonElement value)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                entries[i] = new(key, value);
                return;
            }
        }

        entries.Add(new(key, value));
    }
}
