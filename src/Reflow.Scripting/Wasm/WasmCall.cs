using Reflow.Messages;

namespace Reflow.Scripting.Wasm;

/// <summary>What one call into a plugin works on (the store's data): the kernel memory, the input, the output or error, and the node it runs for.</summary>
internal sealed class WasmCall(ExtismMemory memory, byte[] input, WasmNodeState node) : IDisposable
{
    private long _inputOffset;
    private string? _error;
    private WasiFdTable? _files;

    public ExtismMemory Memory { get; } = memory;

    public byte[] Input { get; } = input;

    /// <summary>What the plugin set with <c>output_set</c>, or null.</summary>
    public byte[]? Output { get; set; }

    /// <summary>What the plugin set with <c>error_set</c>, or null; read back with the call's last denial appended (<see cref="Explain"/>).</summary>
    public string? Error
    {
        get => _error is null ? null : Explain(_error);
        set => _error = value;
    }

    public WasmNodeState Node { get; } = node;

    /// <summary>When the call must end (an <see cref="Environment.TickCount64"/>), or <see cref="long.MaxValue"/>: bounds a blocking host call.</summary>
    public long Deadline { get; init; } = long.MaxValue;

    /// <summary>The status of the last <c>http_request</c>'s response (<c>http_status_code</c>), 0 before one.</summary>
    public int HttpStatus { get; set; }

    /// <summary>The last <c>http_request</c>'s response headers as a JSON object (<c>http_headers</c>), or null before one.</summary>
    public byte[]? HttpHeaders { get; set; }

    /// <summary>The call's WASI descriptors (the node's preopened directories and what the plugin opened), made on first use.</summary>
    public WasiFdTable Files => _files ??= new WasiFdTable(Node.Context?.Permissions ?? Reflow.Permissions.PermissionSet.None);

    /// <summary>The last file access the call was denied (path and flag to grant), or null: a failure of the call ends with it.</summary>
    public string? Denial { get; set; }

    /// <summary><paramref name="message"/>, ending with the call's last denial when there was one: a plugin that fails after a forbidden open says why.</summary>
    public string Explain(string message) => Denial is null ? message : $"{message}; {Denial}";

    /// <summary>Closes what the plugin left open: no descriptor outlives its call.</summary>
    public void Dispose() => _files?.Dispose();

    /// <summary>The input as a block of the kernel memory (<c>input_offset</c>), copied on first use.</summary>
    public long InputOffset => _inputOffset != 0 ? _inputOffset : _inputOffset = Memory.Alloc(Input);
}

/// <summary>What outlives one call: the node's state (JSON values by key), the Extism vars, and the node's context (null while describing).</summary>
internal sealed class WasmNodeState(ScriptContext? context)
{
    public ScriptContext? Context { get; } = context;

    /// <summary>The node's state: each key's value as UTF-8 JSON, in insertion order of first set.</summary>
    public Dictionary<string, byte[]> State { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> Vars { get; } = new(StringComparer.Ordinal);

    public void Log(string text, string level)
    {
        if (Context is not null)
        {
            Context.Log(text, level);
        }
    }

    public void Emit(string port, Message message)
    {
        if (Context is null)
        {
            throw new WasmPluginFault($"__send_output called while describing the plugin (port '{port}')");
        }

        Context.Emit(port, message);
    }
}
