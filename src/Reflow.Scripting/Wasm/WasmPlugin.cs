using System.Text;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// A compiled plugin with its imports linked: shared by every node running it. Each call gets a fresh store and
/// instance (guest memory does not carry over, as the original re-instantiated per call) with the node's limits.
/// </summary>
internal sealed class WasmPlugin
{
    private readonly Module _module;
    private readonly Linker _linker;
    private readonly bool _initialize;

    public WasmPlugin(Module module, Linker linker, string name)
    {
        _module = module;
        _linker = linker;
        Name = name;
        foreach (Export export in module.Exports)
        {
            _initialize |= export is FunctionExport && export.Name == "_initialize";
        }
    }

    /// <summary>How errors name the plugin: its file, or the node with an inline source.</summary>
    public string Name { get; }

    public bool Exports(string name)
    {
        foreach (Export export in _module.Exports)
        {
            if (export is FunctionExport && export.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Calls export <paramref name="function"/> with <paramref name="input"/> and returns what it set with <c>output_set</c> (empty if nothing).</summary>
    /// <exception cref="ScriptException">The plugin failed (a non-zero return, error_set, a trap); the message names the plugin.</exception>
    /// <exception cref="ScriptLimitException">The call hit a limit.</exception>
    public byte[] Call(string function, byte[] input, WasmNodeState node, ScriptLimits limits)
    {
        using var call = new WasmCall(new ExtismMemory(limits.MemoryBytes), input, node)
        {
            Deadline = limits.Timeout is TimeSpan timeout ? Environment.TickCount64 + (long)timeout.TotalMilliseconds : long.MaxValue,
        };
        using var store = new Store(WasmHost.Engine, call);
        store.SetLimits(memorySize: limits.MemoryBytes, tableElements: 1_000_000, instances: 1, tables: 10, memories: 1);
        store.SetEpochDeadline(WasmHost.DeadlineTicks(limits.Timeout));
        int result;
        Instance? instance = null;
        try
        {
            instance = _linker.Instantiate(store, _module);
            if (_initialize)
            {
                instance.GetAction("_initialize")!();
            }

            Function export = instance.GetFunction(function)
                ?? throw new ScriptException($"{Name}: exports no function '{function}'", file: Name);
            result = export.Invoke() switch
            {
                int value => value,
                long value => (int)Math.Clamp(value, int.MinValue, int.MaxValue),
                _ => 0,
            };
        }
        catch (TrapException trap)
        {
            throw Trapped(trap, function, limits, instance, call);
        }
        catch (WasmtimeException ex) when (ex.InnerException is not null)
        {
            throw Faulted(ex.InnerException, function);
        }
        catch (WasmtimeException ex)
        {
            throw new ScriptException($"{Name}: {function} failed: {ex.Message}", file: Name, innerException: ex);
        }
        catch (WasmPluginFault fault)
        {
            throw Faulted(fault, function);
        }

        if (call.Error is { } error)
        {
            throw new ScriptException($"{Name}: {function} failed: {error}", file: Name);
        }

        if (result != 0)
        {
            throw new ScriptException(call.Explain($"{Name}: {function} returned {result}{(call.Output is { Length: > 0 } output ? ": " + Encoding.UTF8.GetString(output) : "")}"), file: Name);
        }

        return call.Output ?? [];
    }

    private Exception Faulted(Exception inner, string function) => inner switch
    {
        WasmPluginFault { Limit: { } limit } fault => new ScriptLimitException(limit, $"{Name}: {function}: {fault.Message}", innerException: fault),
        WasmPluginFault fault => new ScriptException($"{Name}: {function}: {fault.Message}", file: Name, innerException: fault),
        ScriptException script => script,
        _ => new ScriptException($"{Name}: {function}: a host function failed: {inner.Message}", file: Name, innerException: inner),
    };

    private ScriptException Trapped(TrapException trap, string function, ScriptLimits limits, Instance? instance, WasmCall call)
    {
        string message = trap.Message.Split('\n', 2)[0];
        if (trap.InnerException is { } inner)
        {
            return (ScriptException)Faulted(inner, function);
        }

        return trap.Type switch
        {
            TrapCode.Interrupt => new ScriptLimitException("timeout", $"{Name}: {function} ran longer than {limits.Timeout?.TotalMilliseconds} ms and was stopped (raise the setting 'timeout')", trap.Message, trap),
            TrapCode.OutOfFuel => new ScriptLimitException("timeout", $"{Name}: {function} ran out of fuel and was stopped (raise the setting 'timeout')", trap.Message, trap),
            TrapCode.StackOverflow => new ScriptLimitException("max_recursion", $"{Name}: {function} overflowed the WebAssembly stack ({WasmHost.StackBytes / 1024} KiB): unbounded recursion?", trap.Message, trap),
            _ when AtMemoryLimit(instance, limits) => new ScriptLimitException("memory_limit",
                $"{Name}: {function} trapped ({message}) with its memory at {instance!.GetMemory("memory")!.GetLength()} of its limit of {limits.MemoryBytes} bytes: out of memory? (raise the setting 'memory_limit')", trap.Message, trap),
            _ => new ScriptException(call.Explain($"{Name}: {function} trapped: {message}"), trap.Message, Name, innerException: trap),
        };
    }

    /// <summary>
    /// Whether the guest's memory is near the limit: a trap then is most likely the plugin's answer to a failed
    /// <c>memory.grow</c> (an allocator aborts), which Wasmtime's .NET API does not report itself. "Near" is within a
    /// quarter of the limit, since allocators grow in chunks; the message gives both sizes.
    /// </summary>
    private static bool AtMemoryLimit(Instance? instance, ScriptLimits limits) =>
        limits.MemoryBytes is { } limit && instance?.GetMemory("memory") is { } memory && memory.GetLength() > limit - Math.Max(limit / 4, Memory.PageSize);
}
