using Reflow.Networks;

namespace Reflow.Scripting.Wasm;

/// <summary>Adds WebAssembly plugin components to a <see cref="ComponentRegistry"/>.</summary>
public static class WasmRegistryExtensions
{
    /// <summary>
    /// Lets graphs use WebAssembly plugins with the Extism-compatible ABI (<c>script/wasm</c>, files ending <c>.wasm</c>)
    /// with <paramref name="options"/>: nothing granted by default.
    /// </summary>
    public static ComponentRegistry AddWasm(this ComponentRegistry registry, ScriptingOptions? options = null) =>
        registry.AddScriptRuntime(new WasmRuntime(), options);
}
