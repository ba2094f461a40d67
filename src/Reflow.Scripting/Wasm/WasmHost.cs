using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// The process's one Wasmtime engine (compiled code is shared through it) and the clock of its call deadlines: the
/// epoch advances every <see cref="Tick"/>, and each call's store may run a number of ticks (its timeout).
/// </summary>
internal static class WasmHost
{
    /// <summary>The wasm stack of every call: deep enough for ordinary plugins, far below the pool thread's own stack.</summary>
    public const int StackBytes = 512 * 1024;

    /// <summary>The most elements a plugin's table may have: the pool's table slots are this large.</summary>
    public const int MaxTableElements = 100_000;

    /// <summary>
    /// The largest linear memory the pool makes room for: all of wasm32's 4 GiB, so a node's memory_limit (enforced by
    /// its store) is never cut short by the pool.
    /// </summary>
    public const long MaxMemoryBytes = 4L * 1024 * 1024 * 1024;

    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private static readonly Lazy<Engine> Shared = new(Create);
    private static Timer? _clock;

    public static Engine Engine => Shared.Value;

    /// <summary>The epoch deadline of a call with <paramref name="timeout"/>: whole ticks, one more for the tick in progress.</summary>
    public static ulong DeadlineTicks(TimeSpan? timeout) =>
        timeout is { } limit ? (ulong)Math.Ceiling(limit.TotalMilliseconds / Tick.TotalMilliseconds) + 1 : 1UL << 62;

    private static Engine Create()
    {
        // The pooling allocator: every call of a plugin without keep_instance instantiates it afresh, and the pool's
        // preallocated slots make that about 3x faster than the on-demand allocator (measured: ~10 vs ~31 us for a
        // small plugin). Its slots reserve address space only (the default 1000 instances, each memory up to 4 GiB);
        // at most that many instances live at once (calls in flight plus nodes keeping theirs).
        using var pool = new PoolingAllocationConfig()
            .WithMaxMemorySize(unchecked((nuint)MaxMemoryBytes)) // 64-bit hosts only (Wasmtime's own)
            .WithMaxTableElements(MaxTableElements);
        using var config = new Config().WithEpochInterruption(true).WithMaximumStackSize(StackBytes).WithPoolingAllocationStrategy(pool);
        var engine = new Engine(config);
        _clock = new Timer(static state => ((Engine)state!).IncrementEpoch(), engine, Tick, Tick);
        return engine;
    }
}
