using System.Text.Json;
using Reflow.Actors;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Reads what a plugin's <c>get_metadata</c> wrote: <c>{component, description, inports: [{name, description,
/// port_type, required}], outports, config_schema?}</c>. Port types the host has no kind for (Event, Stream,
/// Optional) are Any.
/// </summary>
internal static class WasmMetadataReader
{
    public static ScriptDeclaration Read(ReadOnlySpan<byte> json, string plugin, string fallbackName)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String && TryBase64(root.GetString()!, out byte[] decoded))
            {
                return Read(decoded, plugin, fallbackName);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Wrong(plugin, $"expected a JSON object, got {root.ValueKind}");
            }

            string name = Text(root, "component", plugin) ?? fallbackName;
            string description = Text(root, "description", plugin) ?? "";
            string? schema = root.TryGetProperty("config_schema", out JsonElement config) && config.ValueKind != JsonValueKind.Null ? config.GetRawText() : null;
            return new ScriptDeclaration(name, description, Ports(root, "inports", plugin), Ports(root, "outports", plugin), schema);
        }
        catch (JsonException ex)
        {
            throw Wrong(plugin, "it is not JSON: " + ex.Message);
        }
    }

    /// <summary>
    /// The host options a description may add: <c>"keep_instance": true</c> (one instance per node, its memory carrying
    /// over) and the batch ABI's <c>"max_batch": N</c> (the most messages one call gets; null when absent).
    /// </summary>
    public static (bool KeepInstance, int? MaxBatch) Options(ReadOnlySpan<byte> json, string plugin)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String && TryBase64(root.GetString()!, out byte[] decoded))
            {
                return Options(decoded, plugin);
            }

            bool keep = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keep_instance", out JsonElement flag) && flag.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw Wrong(plugin, "'keep_instance' must be true or false"),
            };
            int? max = null;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("max_batch", out JsonElement size) && size.ValueKind != JsonValueKind.Null)
            {
                max = size.ValueKind == JsonValueKind.Number && size.TryGetInt32(out int n) && n is >= 1 and <= MaxBatchLimit
                    ? n
                    : throw Wrong(plugin, $"'max_batch' must be a whole number from 1 to {MaxBatchLimit}, got {size.GetRawText()}");
            }

            return (keep, max);
        }
        catch (JsonException ex)
        {
            throw Wrong(plugin, "it is not JSON: " + ex.Message);
        }
    }

    /// <summary>The largest <c>max_batch</c> a plugin may ask for.</summary>
    public const int MaxBatchLimit = 1 << 16;

    internal static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, bytes, out int written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }

    private static List<PortDefinition> Ports(JsonElement root, string key, string plugin)
    {
        var ports = new List<PortDefinition>();
        if (!root.TryGetProperty(key, out JsonElement list) || list.ValueKind == JsonValueKind.Null)
        {
            return ports;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(plugin, $"'{key}' must be an array of ports");
        }

        foreach (JsonElement port in list.EnumerateArray())
        {
            if (port.ValueKind != JsonValueKind.Object || Text(port, "name", plugin) is not { Length: > 0 } name)
            {
                throw Wrong(plugin, $"each of '{key}' must be an object with a 'name'");
            }

            string typeName = Text(port, "port_type", plugin) ?? "Any";
            PortType type = Enum.TryParse(typeName, ignoreCase: true, out PortType parsed) && Enum.IsDefined(parsed) ? parsed : PortType.Any;
            bool required = port.TryGetProperty("required", out JsonElement flag) && flag.ValueKind == JsonValueKind.True;
            ports.Add(new PortDefinition(name, type, Text(port, "description", plugin) ?? "", required));
        }

        return ports;
    }

    private static string? Text(JsonElement element, string key, string plugin)
    {
        if (!element.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong(plugin, $"'{key}' must be text");
    }

    private static ScriptException Wrong(string plugin, string what) =>
        new($"{plugin}: get_metadata wrote a wrong description: {what}", file: plugin);
}
