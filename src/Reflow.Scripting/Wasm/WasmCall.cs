using Reflow.Messages;

namespace Reflow.Scripting.Wasm;

/// <summary>What one call into a plugin works on (the store's data): the kernel memory, the input, the output or error, and the node it runs for.</summary>
/// <param name="memory">The node's kernel memory, already reset, or null to make one on first use (batch plugins rarely import the kernel).</param>
/// <param name="memoryLimit">The limit of a kernel memory made here.</param>
/// <param name="input">The input (<c>input_*</c>), read during the call only.</param>
/// <param name="node">The node the call runs for.</param>
internal sealed class WasmCall(ExtismMemory? memory, long? memoryLimit, ReadOnlyMemory<byte> input, WasmNodeState node) : IDisposable
{
    private ExtismMemory? _memory = memory;
    private long _inputOffset;
    private long _outputOffset;
    private long _outputLength = -1;
    private string? _error;
    private WasiFdTable? _files;

    public ExtismMemory Memory => _memory ??= new ExtismMemory(memoryLimit);

    public ReadOnlyMemory<byte> Input { get; } = input;

    /// <summary>Whether the plugin called <c>output_set</c>.</summary>
    public bool HasOutput => _outputLength >= 0;

    /// <summary>
    /// What the plugin set with <c>output_set</c> (empty if nothing), read in place from the kernel memory as Extism
    /// reads it after the call: valid until the memory's next reset.
    /// </summary>
    public ReadOnlySpan<byte> Output => _outputLength > 0 ? Memory.Range(_outputOffset, _outputLength) : [];

    /// <summary><c>output_set</c>: the range is checked now, read after the call.</summary>
    public void SetOutput(long offset, long length)
    {
        _ = Memory.Range(offset, length);
        _outputOffset = offset;
        _outputLength = length;
    }

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
    public long InputOffset => _inputOffset != 0 ? _inputOffset : _inputOffset = Memory.Alloc(Input.Span);
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
