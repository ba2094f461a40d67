using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// One store and the plugin's instance in it, with the node's limits: used for one call, or kept for a node's calls
/// when the plugin opts in (<c>keep_instance</c>). Also what the batch ABI remembers of an instance: whether
/// <c>reflow_init</c> ran, and the guest buffer batches are written into.
/// </summary>
internal sealed class WasmInstance(Store store, Instance instance) : IDisposable
{
    public Store Store { get; } = store;

    public Instance Instance { get; } = instance;

    /// <summary>Whether the batch ABI's <c>reflow_init</c> ran in this instance.</summary>
    public bool Initialized { get; set; }

    /// <summary>The guest buffer (from <c>reflow_alloc</c>) the host writes batches into, 0 before one.</summary>
    public int Buffer { get; set; }

    /// <summary>The size of <see cref="Buffer"/> in bytes.</summary>
    public int BufferLength { get; set; }

    // The batch ABI's exports, looked up once per instance rather than once per batch (each lookup makes a delegate).
    private Memory? _memory;
    private Func<int, int>? _alloc;
    private Func<int, int, long>? _process;

    /// <summary>The exported <c>memory</c> (a batch plugin's, checked at load).</summary>
    public Memory Memory => _memory ??= Instance.GetMemory("memory")!;

    /// <summary>The batch ABI's <c>reflow_alloc</c> (checked at load).</summary>
    public Func<int, int> Alloc => _alloc ??= Instance.GetFunction<int, int>("reflow_alloc")!;

    /// <summary>The batch ABI's <c>reflow_process</c> (checked at load).</summary>
    public Func<int, int, long> Process => _process ??= Instance.GetFunction<int, int, long>("reflow_process")!;

    public void Dispose() => Store.Dispose();
}
