using System.Text;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// A compiled plugin with its imports linked: shared by every node running it. Each call gets a fresh store and
/// instance (guest memory does not carry over, as the original re-instantiated per call) with the node's limits,
/// unless the plugin opts in to <see cref="KeepInstance"/>.
/// </summary>
internal sealed class WasmPlugin
{
    private readonly Module _module;
    private readonly Linker _linker;
    private readonly string? _initializer;

    public WasmPlugin(Module module, Linker linker, string name)
    {
        _module = module;
        _linker = linker;
        Name = name;

        // As Extism's own host: a WASI runtime's constructors (__wasm_call_ctors) or else a reactor's _initialize run
        // once per instance, before any export; a command's _start is never called (it would run main and end the
        // runtime), its exports are called directly.
        _initializer = Initializer(module, "__wasm_call_ctors") ?? Initializer(module, "_initialize");
    }

    /// <summary>How errors name the plugin: its file, or the node with an inline source.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether the plugin opted in (<c>"keep_instance": true</c> in its metadata) to one instance per node, its memory
    /// carrying over between calls: set once while loading, before any node uses the plugin.
    /// </summary>
    public bool KeepInstance { get; set; }

    public bool Exports(string name) => Export(name) is FunctionExport;

    public Export? Export(string name)
    {
        foreach (Export export in _module.Exports)
        {
            if (export.Name == name)
            {
                return export;
            }
        }

        return null;
    }

    /// <summary>
    /// A new store (its data <paramref name="data"/>, the node's limits, a deadline) and instance, its runtime
    /// initialised. Throws what Wasmtime throws: callers map it with <see cref="WasmFaults"/>.
    /// </summary>
    public WasmInstance Instantiate(object data, ScriptLimits limits)
    {
        var store = new Store(WasmHost.Engine, data);
        try
        {
            store.SetLimits(memorySize: limits.MemoryBytes, tableElements: WasmHost.MaxTableElements, instances: 1, tables: 10, memories: 1);
            store.SetEpochDeadline(WasmHost.DeadlineTicks(limits.Timeout));
            var instance = new WasmInstance(store, _linker.Instantiate(store, _module));
            if (_initializer is not null)
            {
                instance.Instance.GetAction(_initializer)!();
            }

            return instance;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Calls export <paramref name="function"/> with <paramref name="input"/> and returns what it set with
    /// <c>output_set</c> (empty if nothing). With <see cref="KeepInstance"/>, <paramref name="kept"/> is the node's
    /// instance: made on first use, kept after a call that succeeded, dropped after one that failed.
    /// </summary>
    /// <exception cref="ScriptException">The plugin failed (a non-zero return, error_set, a trap); the message names the plugin.</exception>
    /// <exception cref="ScriptLimitException">The call hit a limit.</exception>
    public byte[] Call(string function, byte[] input, WasmNodeState node, ScriptLimits limits, ref WasmInstance? kept) =>
        Call(function, input, node, limits, new ExtismMemory(limits.MemoryBytes), ref kept).ToArray();

    /// <summary>
    /// As <see cref="Call(string, byte[], WasmNodeState, ScriptLimits, ref WasmInstance?)"/>, with the node's kernel
    /// <paramref name="memory"/> (reset here) and the output read in place: valid until that memory's next call.
    /// </summary>
    public ReadOnlySpan<byte> Call(string function, ReadOnlyMemory<byte> input, WasmNodeState node, ScriptLimits limits, ExtismMemory memory, ref WasmInstance? kept)
    {
        memory.Reset();
        using var call = new WasmCall(memory, null, input, node)
        {
            Deadline = limits.Timeout is TimeSpan timeout ? Environment.TickCount64 + (long)timeout.TotalMilliseconds : long.MaxValue,
        };
        WasmInstance? instance = KeepInstance ? kept : null;
        bool succeeded = false, exited = false;
        try
        {
            if (instance is null)
            {
                instance = Instantiate(call, limits);
            }
            else
            {
                // A kept instance: its memory carries over, but each call has its own kernel memory, data and deadline.
                instance.Store.SetData(call);
                instance.Store.SetEpochDeadline(WasmHost.DeadlineTicks(limits.Timeout));
            }

            Function export = instance.Instance.GetFunction(function)
                ?? throw new ScriptException($"{Name}: exports no function '{function}'", file: Name);
            int result;
            try
            {
                result = export.Invoke() switch
                {
                    int value => value,
                    long value => (int)Math.Clamp(value, int.MinValue, int.MaxValue),
                    _ => 0,
                };
            }
            catch (Exception ex) when (WasmPluginFault.ExitCodeOf(ex) == 0)
            {
                // Extism's host: proc_exit(0) ends the call as a return of 0 would (a Go plugin's os.Exit(0)): a
                // success with the output it set, unless it set an error (checked below). The instance has exited:
                // it is not kept.
                exited = true;
                result = 0;
            }

            if (call.Error is { } error)
            {
                throw new ScriptException($"{Name}: {function} failed: {error}", file: Name);
            }

            if (result != 0)
            {
                throw new ScriptException(call.Explain($"{Name}: {function} returned {result}{(call.Output.Length > 0 ? ": " + Encoding.UTF8.GetString(call.Output) : "")}"), file: Name);
            }

            succeeded = true;
            return call.Output;
        }
        catch (Exception ex) when (WasmFaults.IsGuestFault(ex))
        {
            throw WasmFaults.Map(ex, Name, function, limits, instance?.Instance, call);
        }
        finally
        {
            if (succeeded && KeepInstance && !exited)
            {
                kept = instance;
            }
            else
            {
                instance?.Dispose();
                kept = null;
            }
        }
    }

    private static string? Initializer(Module module, string name)
    {
        foreach (Export export in module.Exports)
        {
            if (export is FunctionExport { Parameters.Count: 0, Results.Count: 0 } && export.Name == name)
            {
                return name;
            }
        }

        return null;
    }
}
