using System.Text.Json;
using Reflow.Messages;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Applies what <c>process</c> wrote: <c>{"outputs": {port: {"type", "data"}}, "state": {...}|null}</c>. The whole
/// output, or one port's value, may be a JSON string holding base64 of the JSON (the Go PDK writes it so): it is
/// decoded first.
/// </summary>
internal static class WasmOutput
{
    public static void Apply(byte[] output, ScriptContext context, WasmNodeState node, string plugin)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(output);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                if (!WasmMetadataReader.TryBase64(root.GetString()!, out byte[] decoded))
                {
                    throw Wrong(plugin, "it is a JSON string that is not base64 of the JSON result");
                }

                Apply(decoded, context, node, plugin);
                return;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Wrong(plugin, $"expected a JSON object {{\"outputs\": ..., \"state\": ...}}, got {root.ValueKind}");
            }

            if (root.TryGetProperty("state", out JsonElement state) && state.ValueKind != JsonValueKind.Null)
            {
                node.State = State(state, plugin);
            }

            if (root.TryGetProperty("outputs", out JsonElement outputs) && outputs.ValueKind != JsonValueKind.Null)
            {
                if (outputs.ValueKind != JsonValueKind.Object)
                {
                    throw Wrong(plugin, "'outputs' must be an object {port: {\"type\", \"data\"}}");
                }

                foreach (JsonProperty port in outputs.EnumerateObject())
                {
                    context.Emit(port.Name, Tagged(port, plugin));
                }
            }
        }
        catch (JsonException ex)
        {
            throw Wrong(plugin, "it is not JSON: " + ex.Message);
        }
    }

    private static Message Tagged(JsonProperty port, string plugin)
    {
        byte[] json = port.Value.ValueKind == JsonValueKind.String && WasmMetadataReader.TryBase64(port.Value.GetString()!, out byte[] decoded)
            ? decoded
            : System.Text.Encoding.UTF8.GetBytes(port.Value.GetRawText());
        try
        {
            return MessageJson.ParseTagged(json);
        }
        catch (MessageFormatException ex)
        {
            throw Wrong(plugin, $"output '{port.Name}' is not a tagged message {{\"type\", \"data\"}}: {ex.Message}");
        }
    }

    private static Dictionary<string, byte[]> State(JsonElement state, string plugin)
    {
        if (state.ValueKind != JsonValueKind.Object)
        {
            throw Wrong(plugin, "'state' must be an object or null");
        }

        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (JsonProperty entry in state.EnumerateObject())
        {
            values[entry.Name] = System.Text.Encoding.UTF8.GetBytes(entry.Value.GetRawText());
        }

        return values;
    }

    private static ScriptException Wrong(string plugin, string what) => new($"{plugin}: process wrote a wrong result: {what}", file: plugin);
}
