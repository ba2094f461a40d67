using System.Buffers;
using System.Text.Json;
using Reflow.Messages;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// One node's plugin: each message is one call of <c>process</c> with <c>{"payload": {port: tagged}, "config": {...},
/// "state": {...}}</c>; its <c>{"outputs": {port: tagged}, "state": {...}|null}</c> is emitted, and a non-null state
/// replaces the node's. The state lives here, across calls; guest memory does not, unless the plugin keeps its instance (<c>keep_instance</c>).
/// </summary>
internal sealed class WasmEngine(WasmPlugin plugin) : ScriptEngine
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private WasmNodeState? _node;
    private WasmInstance? _kept;

    public override void Start(ScriptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _node = new WasmNodeState(context);
    }

    public override void Process(ScriptContext context, in ScriptInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        WasmNodeState node = _node ??= new WasmNodeState(context);
        byte[] output = plugin.Call("process", Input(context, input, node), node, context.Limits, ref _kept);
        if (output.Length > 0)
        {
            WasmOutput.Apply(output, context, node, plugin.Name);
        }
    }

    private byte[] Input(ScriptContext context, in ScriptInput input, WasmNodeState node)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("payload");
            writer.WritePropertyName(input.Port);
            MessageJson.WriteTagged(writer, input.Message);
            writer.WriteEndObject();
            writer.WriteStartObject("config");
            writer.WriteString("node_id", context.NodeId);
            writer.WriteString("component", context.Declaration.Name);
            writer.WriteStartObject("resolved_env");
            writer.WriteEndObject();
            writer.WritePropertyName("config");
            MessageJson.Write(writer, Message.Object(context.Configuration));
            writer.WriteNull("namespace");
            writer.WriteEndObject();
            writer.WriteStartObject("state");
            foreach (KeyValuePair<string, byte[]> entry in node.State)
            {
                writer.WritePropertyName(entry.Key);
                writer.WriteRawValue(entry.Value, skipInputValidation: true);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return _buffer.WrittenSpan.ToArray();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kept?.Dispose(); // a kept instance (keep_instance) ends with its node
            _kept = null;
        }
    }
}
