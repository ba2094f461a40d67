namespace Reflow.Scripting.Wasm;

/// <summary>A host function refused a plugin's call (a bad offset, proc_exit, a limit): ends the call with this message.</summary>
internal sealed class WasmPluginFault(string message, string? limit = null) : Exception(message)
{
    /// <summary>The limit setting hit (<c>memory_limit</c>), or null for a plain failure.</summary>
    public string? Limit { get; } = limit;
}
