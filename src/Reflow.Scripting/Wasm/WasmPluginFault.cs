namespace Reflow.Scripting.Wasm;

/// <summary>A host function refused a plugin's call (a bad offset, proc_exit, a limit): ends the call with this message.</summary>
internal sealed class WasmPluginFault(string message, string? limit = null, int? exitCode = null) : Exception(message)
{
    /// <summary>The limit setting hit (<c>memory_limit</c>), or null for a plain failure.</summary>
    public string? Limit { get; } = limit;

    /// <summary>The code the plugin gave <c>proc_exit</c>, when that is what ended the call.</summary>
    public int? ExitCode { get; } = exitCode;

    /// <summary>The <c>proc_exit</c> code that ended a call which threw <paramref name="exception"/>, or null.</summary>
    public static int? ExitCodeOf(Exception exception) => exception switch
    {
        WasmPluginFault fault => fault.ExitCode,
        Wasmtime.WasmtimeException { InnerException: WasmPluginFault fault } => fault.ExitCode,
        _ => null,
    };
}
