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

    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private static readonly Lazy<Engine> Shared = new(Create);
    private static Timer? _clock;

    public static Engine Engine => Shared.Value;

    /// <summary>The epoch deadline of a call with <paramref name="timeout"/>: whole ticks, one more for the tick in progress.</summary>
    public static ulong DeadlineTicks(TimeSpan? timeout) =>
        timeout is { } limit ? (ulong)Math.Ceiling(limit.TotalMilliseconds / Tick.TotalMilliseconds) + 1 : 1UL << 62;

    private static Engine Create()
    {
        using var config = new Config().WithEpochInterruption(true).WithMaximumStackSize(StackBytes);
        var engine = new Engine(config);
        _clock = new Timer(static state => ((Engine)state!).IncrementEpoch(), engine, Tick, Tick);
        return engine;
    }
}
