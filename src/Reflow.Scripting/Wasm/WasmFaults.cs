using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Turns what a call into a plugin threw (a trap, a host function's refusal, a Wasmtime error) into the host's
/// exceptions: <see cref="ScriptLimitException"/> for a limit hit, <see cref="ScriptException"/> otherwise, naming the
/// plugin and the export. Shared by both ABIs so that their failures read alike.
/// </summary>
internal static class WasmFaults
{
    /// <summary>Whether <see cref="Map"/> knows <paramref name="exception"/>: what a guest call can throw besides the host's own exceptions.</summary>
    public static bool IsGuestFault(Exception exception) => exception is WasmtimeException or WasmPluginFault;

    /// <summary>The host's exception for <paramref name="exception"/>, thrown by a call of <paramref name="function"/> on <paramref name="instance"/> (null while instantiating).</summary>
    public static Exception Map(Exception exception, string plugin, string function, ScriptLimits limits, Instance? instance) => exception switch
    {
        TrapException trap => Trapped(trap, plugin, function, limits, instance),
        WasmtimeException { InnerException: { } inner } => Faulted(inner, plugin, function),
        WasmtimeException wasmtime => new ScriptException($"{plugin}: {function} failed: {wasmtime.Message}", file: plugin, innerException: wasmtime),
        WasmPluginFault fault => Faulted(fault, plugin, function),
        _ => exception,
    };

    /// <summary>
    /// Whether the guest's memory is near the limit: a trap then is most likely the plugin's answer to a failed
    /// <c>memory.grow</c> (an allocator aborts), which Wasmtime's .NET API does not report itself. "Near" is within a
    /// quarter of the limit, since allocators grow in chunks; the message gives both sizes.
    /// </summary>
    public static bool AtMemoryLimit(Instance? instance, ScriptLimits limits) =>
        limits.MemoryBytes is { } limit && instance?.GetMemory("memory") is { } memory && memory.GetLength() > limit - Math.Max(limit / 4, Memory.PageSize);

    private static Exception Faulted(Exception inner, string plugin, string function) => inner switch
    {
        WasmPluginFault { Limit: { } limit } fault => new ScriptLimitException(limit, $"{plugin}: {function}: {fault.Message}", innerException: fault),
        WasmPluginFault fault => new ScriptException($"{plugin}: {function}: {fault.Message}", file: plugin, innerException: fault),
        ScriptException script => script,
        _ => new ScriptException($"{plugin}: {function}: a host function failed: {inner.Message}", file: plugin, innerException: inner),
    };

    private static ScriptException Trapped(TrapException trap, string plugin, string function, ScriptLimits limits, Instance? instance)
    {
        string message = trap.Message.Split('\n', 2)[0];
        if (trap.InnerException is { } inner)
        {
            return (ScriptException)Faulted(inner, plugin, function);
        }

        return trap.Type switch
        {
            TrapCode.Interrupt => new ScriptLimitException("timeout", $"{plugin}: {function} ran longer than {limits.Timeout?.TotalMilliseconds} ms and was stopped (raise the setting 'timeout')", trap.Message, trap),
            TrapCode.OutOfFuel => new ScriptLimitException("timeout", $"{plugin}: {function} ran out of fuel and was stopped (raise the setting 'timeout')", trap.Message, trap),
            TrapCode.StackOverflow => new ScriptLimitException("max_recursion", $"{plugin}: {function} overflowed the WebAssembly stack ({WasmHost.StackBytes / 1024} KiB): unbounded recursion?", trap.Message, trap),
            _ when AtMemoryLimit(instance, limits) => new ScriptLimitException("memory_limit",
                $"{plugin}: {function} trapped ({message}) with its memory at {instance!.GetMemory("memory")!.GetLength()} of its limit of {limits.MemoryBytes} bytes: out of memory? (raise the setting 'memory_limit')", trap.Message, trap),
            _ => new ScriptException($"{plugin}: {function} trapped: {message}", trap.Message, plugin, innerException: trap),
        };
    }
}
