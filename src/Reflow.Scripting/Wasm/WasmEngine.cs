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
    private readonly WasmOutput _output = new();
    private Utf8JsonWriter? _writer;
    private ExtismMemory? _memory;
    private ScriptContext? _configFor;
    private byte[] _config = [];
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
        ExtismMemory memory = _memory ??= new ExtismMemory(context.Limits.MemoryBytes);
        ReadOnlySpan<byte> output = plugin.Call("process", Input(context, input, node), node, context.Limits, memory, ref _kept);
        if (output.Length > 0)
        {
            _output.Apply(output, context, node, plugin.Name);
        }
    }

    /// <summary>The input JSON in the engine's buffer (read by the plugin during the call, rewritten for the next).</summary>
    private ReadOnlyMemory<byte> Input(ScriptContext context, in ScriptInput input, WasmNodeState node)
    {
        _buffer.ResetWrittenCount();
        Utf8JsonWriter writer = _writer ??= new Utf8JsonWriter(_buffer);
        writer.Reset(_buffer);
        writer.WriteStartObject();
        writer.WriteStartObject("payload");
        writer.WritePropertyName(input.Port);
        MessageJson.WriteTagged(writer, input.Message);
        writer.WriteEndObject();
        writer.WritePropertyName("config");
        writer.WriteRawValue(Config(context), skipInputValidation: true);
        writer.WriteStartObject("state");
        foreach (KeyValuePair<string, byte[]> entry in node.State)
        {
            writer.WritePropertyName(entry.Key);
            writer.WriteRawValue(entry.Value, skipInputValidation: true);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>The input's <c>config</c> object: the node's, the same for every message, so written once per node.</summary>
    private byte[] Config(ScriptContext context)
    {
        if (ReferenceEquals(context, _configFor))
        {
            return _config;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("node_id", context.NodeId);
            writer.WriteString("component", context.Declaration.Name);
            writer.WriteStartObject("resolved_env");
            writer.WriteEndObject();
            writer.WritePropertyName("config");
            MessageJson.Write(writer, Message.Object(context.Configuration));
            writer.WriteNull("namespace");
            writer.WriteEndObject();
        }

        _config = buffer.WrittenSpan.ToArray();
        _configFor = context;
        return _config;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kept?.Dispose(); // a kept instance (keep_instance) ends with its node
            _kept = null;
            _writer?.Dispose();
            _writer = null;
        }
    }
}
