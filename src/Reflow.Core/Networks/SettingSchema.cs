using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Reflow.Actors;
using Reflow.Graphs;

namespace Reflow.Networks;

/// <summary>
/// The JSON types a component's configuration schema (<see cref="ComponentDescription.ConfigurationSchema"/>) gives
/// its settings — the <c>type</c> of each entry of the top-level <c>properties</c> — and the typing of node settings by
/// them: a setting written as text (the <c>.fbp</c> DSL has no other type, nor has <c>--set</c>) becomes the integer,
/// number or Boolean the schema asks for; a typed one (JSON) is checked against it. Other schema rules (ranges, enums,
/// required entries) are the component's to check when it starts.
/// </summary>
internal sealed class SettingSchema
{
    private static readonly ConditionalWeakTable<ComponentDescription, SettingSchema> s_schemas = [];
    private static readonly SettingSchema s_none = new([]);

    private readonly Dictionary<string, string[]> _types; // setting → its JSON types; empty array: any

    private SettingSchema(Dictionary<string, string[]> types) => _types = types;

    /// <summary>Whether the schema lists settings (then a setting it does not list is unknown).</summary>
    public bool HasSettings => _types.Count > 0;

    /// <summary>The settings the schema lists, in its order.</summary>
    public IEnumerable<string> Settings => _types.Keys;

    /// <summary>The schema of <paramref name="description"/>'s settings (read once per component).</summary>
    public static SettingSchema For(ComponentDescription description) =>
        description.ConfigurationSchema is null ? s_none : s_schemas.GetValue(description, static d => Read(d.ConfigurationSchema!));

    /// <summary>Whether the schema lists <paramref name="key"/>.</summary>
    public bool Knows(string key) => _types.ContainsKey(key);

    /// <summary>Whether the schema gives <paramref name="key"/> a type.</summary>
    public bool Types(string key) => _types.TryGetValue(key, out string[]? types) && types.Length > 0;

    /// <summary>
    /// Types one setting: text (<paramref name="fromText"/>) is converted to the schema's type; a typed value is
    /// checked against it. A setting the schema does not type is left as it is (text stays a string).
    /// </summary>
    /// <param name="key">The setting.</param>
    /// <param name="value">Its value.</param>
    /// <param name="fromText">The value was written as text, whatever type was meant.</param>
    /// <param name="typed">The value to use.</param>
    /// <param name="expected">When it does not fit: what the schema expects (<c>a number</c>, <c>an integer or a Boolean</c>).</param>
    public bool TryType(string key, JsonElement value, bool fromText, out JsonElement typed, out string? expected)
    {
        typed = value;
        expected = null;
        if (!_types.TryGetValue(key, out string[]? types) || types.Length == 0)
        {
            return true;
        }

        if (types.Any(type => Fits(value, type)))
        {
            return true; // text where a string may be stays text, whatever else it could be read as
        }

        foreach (string type in types)
        {
            if (fromText && value.ValueKind == JsonValueKind.String && TryConvert(value.GetString()!, type, out typed))
            {
                return true;
            }
        }

        typed = value;
        expected = string.Join(" or ", types.Select(Article));
        return false;
    }

    /// <summary>A value given as text for a setting the schema does not type: JSON when it is JSON (<c>5</c>, <c>[1,2]</c>), else the text.</summary>
    public static JsonElement Untyped(string text)
    {
        try
        {
            return JsonValues.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValues.String(text);
        }
    }

    private static bool Fits(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && (value.TryGetInt64(out _) || (value.TryGetDouble(out double d) && Math.Floor(d) == d)),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true, // a type this reader does not know: the component checks it
    };

    private static bool TryConvert(string text, string type, out JsonElement typed)
    {
        typed = default;
        switch (type)
        {
            case "integer" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer):
                typed = JsonValues.Number(integer);
                return true;
            case "number" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole):
                typed = JsonValues.Number(whole); // an integral number stays integral, as in JSON
                return true;
            case "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number):
                typed = JsonValues.Number(number);
                return true;
            case "boolean" when text is "true" or "false":
                typed = JsonValues.Boolean(text == "true");
                return true;
            case "array" or "object" or "null":
                JsonElement parsed = Untyped(text);
                typed = parsed;
                return parsed.ValueKind != JsonValueKind.String && Fits(parsed, type);
            default:
                return false;
        }
    }

    private static string Article(string type) => type switch
    {
        "integer" or "array" or "object" => "an " + (type == "integer" ? "integer" : type),
        "boolean" => "a Boolean (true or false)",
        "null" => "null",
        _ => "a " + type,
    };

    private static SettingSchema Read(string schema)
    {
        var types = new Dictionary<string, string[]>(StringComparer.Ordinal);
        try
        {
            using JsonDocument document = JsonDocument.Parse(schema);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in properties.EnumerateObject())
                {
                    types[property.Name] = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("type", out JsonElement type)
                        ? type.ValueKind switch
                        {
                            JsonValueKind.String => [type.GetString()!],
                            JsonValueKind.Array => [.. type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)],
                            _ => [],
                        }
                        : [];
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the component reports its own schema when it starts; settings stay as written.
        }

        return new SettingSchema(types);
    }
}
