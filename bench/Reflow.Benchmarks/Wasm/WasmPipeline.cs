using Reflow.Benchmarks.Infrastructure;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.Wasm;

namespace Reflow.Benchmarks.Wasm;

/// <summary>
/// B11's pipeline: a native source → a WebAssembly plugin as a <c>script/wasm</c> node (its <c>file</c> a
/// <c>.wasm</c>) → a native sink (<see cref="ScriptNodePipeline{TFold}"/>, through
/// <c>AddStandardComponents().AddWasm()</c>), the <c>wasm</c> pool at one thread; the sink folds what arrives into a
/// <see cref="B11Checksum"/>.
/// </summary>
public sealed class WasmPipeline
{
    /// <summary>The WebAssembly runtime's execution pool.</summary>
    public const string Pool = "wasm";

    private readonly ScriptNodePipeline<B11Checksum> _pipeline;

    /// <summary>Loads the pipeline around the plugin at <paramref name="wasmPath"/>.</summary>
    public WasmPipeline(string wasmPath) =>
        _pipeline = new ScriptNodePipeline<B11Checksum>("b11", new ComponentRegistry().AddStandardComponents().AddWasm(), "script/wasm", wasmPath, Pool);

    /// <summary>Runs <paramref name="inputs"/> through a fresh network and returns the checksum of what reached the sink.</summary>
    /// <exception cref="InvalidOperationException">The network reported errors.</exception>
    public Task<B11Checksum> RunAsync(Message[] inputs) => _pipeline.RunAsync(inputs, default);
}
