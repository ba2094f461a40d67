using System.Text;
using System.Text.Json;
using Reflow.Messages;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Applies what <c>process</c> wrote: <c>{"outputs": {port: {"type", "data"}}, "state": {...}|null}</c>. The whole
/// output, or one port's value, may be a JSON string holding base64 of the JSON (the Go PDK writes it so): it is
/// decoded first. Read in place with a <see cref="Utf8JsonReader"/>, one per node (it caches the last port's name).
/// </summary>
internal sealed class WasmOutput
{
    private string _port = "";
    private byte[] _portUtf8 = [];

    /// <summary>
    /// Checks that <paramref name="output"/> is JSON before anything is applied, then replaces the node's state (when
    /// not null) and emits the outputs in order, as the plugin wrote them.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> output, ScriptContext context, WasmNodeState node, string plugin)
    {
        JsonTokenType root;
        Range state = default, outputs = default;
        string? text = null;
        try
        {
            var reader = new Utf8JsonReader(output);
            if (!reader.Read())
            {
                throw Wrong(plugin, "it is not JSON: it holds no value");
            }

            root = reader.TokenType;
            if (root == JsonTokenType.StartObject)
            {
                // Only the root's own properties; the last of a repeated one wins, as JsonElement.TryGetProperty finds it.
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isState = reader.ValueTextEquals("state"u8);
                    bool isOutputs = !isState && reader.ValueTextEquals("outputs"u8);
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (isState)
                    {
                        state = start..(int)reader.BytesConsumed;
                    }
                    else if (isOutputs)
                    {
                        outputs = start..(int)reader.BytesConsumed;
                    }
                }
            }
            else if (root == JsonTokenType.String)
            {
                text = reader.GetString();
            }
            else
            {
                reader.Skip();
            }

            reader.Read(); // throws on anything after the value
        }
        catch (JsonException ex)
        {
            throw Wrong(plugin, "it is not JSON: " + ex.Message);
        }

        if (text is not null)
        {
            if (!WasmMetadataReader.TryBase64(text, out byte[] decoded))
            {
                throw Wrong(plugin, "it is a JSON string that is not base64 of the JSON result");
            }

            Apply(decoded, context, node, plugin);
            return;
        }

        if (root != JsonTokenType.StartObject)
        {
            throw Wrong(plugin, $"expected a JSON object {{\"outputs\": ..., \"state\": ...}}, got {Kind(root)}");
        }

        if (state.End.Value > 0)
        {
            var reader = new Utf8JsonReader(output[state]);
            reader.Read();
            if (reader.TokenType != JsonTokenType.Null)
            {
                node.State = State(ref reader, output[state], plugin);
            }
        }

        if (outputs.End.Value > 0)
        {
            var reader = new Utf8JsonReader(output[outputs]);
            reader.Read();
            if (reader.TokenType != JsonTokenType.Null)
            {
                Emit(ref reader, context, plugin);
            }
        }
    }

    private void Emit(ref Utf8JsonReader reader, ScriptContext context, string plugin)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Wrong(plugin, "'outputs' must be an object {port: {\"type\", \"data\"}}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals(_portUtf8))
            {
                _port = reader.GetString()!;
                _portUtf8 = Encoding.UTF8.GetBytes(_port);
            }

            reader.Read();
            context.Emit(_port, Tagged(ref reader, plugin));
        }
    }

    private Message Tagged(ref Utf8JsonReader reader, string plugin)
    {
        try
        {
            if (reader.TokenType == JsonTokenType.String && WasmMetadataReader.TryBase64(reader.GetString()!, out byte[] decoded))
            {
                return MessageJson.ParseTagged(decoded);
            }

            return MessageJson.ReadTagged(ref reader);
        }
        catch (MessageFormatException ex)
        {
            throw Wrong(plugin, $"output '{_port}' is not a tagged message {{\"type\", \"data\"}}: {ex.Message}");
        }
    }

    private static Dictionary<string, byte[]> State(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string plugin)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Wrong(plugin, "'state' must be an object or null");
        }

        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            values[key] = json[start..(int)reader.BytesConsumed].ToArray();
        }

        return values;
    }

    /// <summary>The root's kind as <see cref="JsonValueKind"/> names it (the error's wording before the reader).</summary>
    private static JsonValueKind Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    };

    private static ScriptException Wrong(string plugin, string what) => new($"{plugin}: process wrote a wrong result: {what}", file: plugin);
}
