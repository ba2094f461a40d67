using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reflow.Rings;

/// <summary>
/// How a consumer waits for a slot that has not been published yet, and how a producer wakes it.
/// </summary>
/// <remarks>
/// <para>Pick one per ring (an instance belongs to exactly one sequencer):</para>
/// <list type="bullet">
/// <item><see cref="SpinYieldParkWaitStrategy"/> (the default): spins, then yields, then parks; a producer pays
/// for a wake-up only while a consumer is actually parked.</item>
/// <item><see cref="BusySpinWaitStrategy"/>: lowest latency, burns a core; for hosts that dedicate cores.</item>
/// <item><see cref="YieldingWaitStrategy"/>: spins briefly then yields the core; low latency, high CPU.</item>
/// <item><see cref="SleepingWaitStrategy"/>: spins, yields, then sleeps 1 ms at a time; near-zero idle CPU,
/// millisecond wake-up latency; never signalled.</item>
/// <item><see cref="BlockingWaitStrategy"/>: the classic lock-and-pulse strategy; the consumer blocks at once
/// and every publish takes the lock. Kept as a baseline; the default is far cheaper per publish.</item>
/// </list>
/// <para>Batch gathering (the spinning strategies): a consumer that outpaces its producer would poll the cursor
/// while the producer writes it, pulling that cache line back and forth on every event. So when a consumer's
/// waits keep ending in batches of three or more slots, it pauses briefly before its next first check, letting a
/// batch build up; the pause doubles up to the <c>maxGatherSpins</c> constructor argument
/// (<see cref="DefaultMaxGatherSpins"/>) and halves whenever a wait ends with a single slot, so ping-pong
/// traffic never pays it. Pass 0 to turn it off.</para>
/// <para>Every strategy returns promptly when the ring is shut down (<see cref="Sequencer.Shutdown"/>) or the
/// wait's <see cref="CancellationToken"/> is cancelled, whatever phase it is in.</para>
/// </remarks>
public abstract class WaitStrategy
{
    /// <summary>
    /// Design: read by every producer after every publish, written only by a consumer that parks or unparks.
    /// It is padded so those producer reads hit a line that no hot store ever touches.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = Padding.Size * 2 + 8)]
    private struct PublishSignalState
    {
        [FieldOffset(Padding.Size)]
        public int ParkedWaiters;

        [FieldOffset(Padding.Size + 4)]
        public bool SignalEveryPublish;
    }

    /// <summary>The default cap of the batch-gathering pause, in <see cref="Thread.SpinWait"/> iterations.</summary>
    /// <remarks>
    /// Measured on the 2-core development machines (1 producer, 1 summing consumer, 16-byte slots, busy-spin;
    /// one <c>Thread.SpinWait</c> iteration is ~25 ns there): no pause 25–80 M events/s (4-slot batches), cap 16
    /// (~400 ns) 145–195 M/s, cap 32 180–195 M/s, cap 64 (~1.6 µs) 230–245 M/s. The pause applies only while a
    /// consumer's waits end in batches of 3 or more, so it adds at most ~1.6 µs per stage under streaming load
    /// and nothing to ping-pong traffic.
    /// </remarks>
    public const int DefaultMaxGatherSpins = 64;

    private PublishSignalState _signal;
    private readonly int _maxGatherSpins;

    private protected WaitStrategy(bool signalEveryPublish, int maxGatherSpins)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxGatherSpins);
        _signal.SignalEveryPublish = signalEveryPublish;
        _maxGatherSpins = maxGatherSpins;
    }

    /// <summary>
    /// Waits until the barrier's dependency reaches <paramref name="sequence"/>, the ring is shut down, or
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <returns>The dependency's value when the wait ended: at least <paramref name="sequence"/> unless the ring
    /// was shut down.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long WaitFor(long sequence, SequenceBarrier barrier, CancellationToken cancellationToken)
    {
        long available = barrier.DependentValue;
        return available >= sequence ? available : WaitForNotYetPublished(sequence, barrier, cancellationToken);
    }

    /// <remarks>
    /// Batch gathering: a consumer that is faster than its producers drains the ring, then polls the cursor while
    /// the producer is writing it; every poll pulls the cursor's cache line away from the producer, whose next
    /// publish must fetch it back, and both sides crawl along in batches of a few slots. So when the last wait
    /// ended in a large batch (the producers are streaming), the consumer first pauses before it polls, letting a
    /// batch build up; the pause doubles while batches stay large, up to the strategy's cap, and halves when a
    /// wait ends with a single slot (ping-pong, sporadic traffic), where it would only add latency. The
    /// pause is per barrier, so each consumer adapts to its own traffic.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long WaitForNotYetPublished(long sequence, SequenceBarrier barrier, CancellationToken cancellationToken)
    {
        int gatherSpins = barrier.GatherSpins;
        if (gatherSpins > 0)
        {
            Thread.SpinWait(gatherSpins);
        }

        int idleCount = 0;
        long available;
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsShutdown)
            {
                return available;
            }

            cancellationToken.ThrowIfCancellationRequested();
            Idle(ref idleCount, sequence, barrier, cancellationToken);
        }

        if (_maxGatherSpins > 0)
        {
            int next = NextGatherSpins(gatherSpins, available - sequence + 1);
            if (next != gatherSpins)
            {
                // Written only on change: the barrier may share a cache line with another consumer's barrier,
                // and a store per wait would false-share it (measured: +20 % on a ping-pong round trip).
                barrier.GatherSpins = next;
            }
        }

        return available;
    }

    /// <remarks>
    /// The thresholds matter: with no pause, the cache-line contention itself holds a streaming consumer at
    /// batches of 3–7 slots, so a "grow from 8" rule never leaves zero again once it got there (seen as runs
    /// that dropped from ~245 to ~70 M events/s mid-way). Growing from 3 escapes that; strict ping-pong ends
    /// every wait with exactly 1 slot and still decays to no pause.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextGatherSpins(int current, long batch) =>
        batch >= 3 ? Math.Min(_maxGatherSpins, current == 0 ? 1 : current * 2) // streaming: gather more
        : batch == 1 ? current >> 1 // ping-pong or sporadic: stop delaying
        : current;

    /// <summary>
    /// One step of waiting: spin, yield, sleep or park. <paramref name="idleCount"/> starts at 0 for each wait and
    /// is the strategy's own to advance. A parking step must return when the cursor reaches
    /// <paramref name="sequence"/>, the ring shuts down or the token is cancelled.
    /// </summary>
    private protected abstract void Idle(ref int idleCount, long sequence, SequenceBarrier barrier, CancellationToken cancellationToken);

    /// <summary>
    /// The first phases shared by the spinning strategies: <paramref name="spinIterations"/> checks with a pause,
    /// then <paramref name="yieldIterations"/> checks that yield the core.
    /// </summary>
    /// <returns><see langword="false"/> once both phases are spent and the strategy's last phase is due.</returns>
    private protected static bool SpinThenYield(ref int idleCount, int spinIterations, int yieldIterations)
    {
        if (idleCount < spinIterations)
        {
            idleCount++;
            Thread.SpinWait(1);
            return true;
        }

        if (idleCount - spinIterations < yieldIterations)
        {
            idleCount++;
            Thread.Yield();
            return true;
        }

        return false;
    }

    /// <summary>
    /// Called by a producer right after each publish. Costs one load and one compare unless a consumer is parked
    /// (or the strategy signals every publish).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SignalAfterPublish()
    {
        // No fence between the publishing store and this load: on x64 the load may pass the store. The parking
        // side closes that window with a process-wide barrier (see SpinYieldParkWaitStrategy.Park).
        if (_signal.SignalEveryPublish | Volatile.Read(ref _signal.ParkedWaiters) != 0)
        {
            WakeAll();
        }
    }

    /// <summary>Wakes every parked or blocked waiter. Called on publish (when needed), shutdown and cancellation.</summary>
    internal virtual void WakeAll()
    {
    }

    /// <summary>Counts a consumer that is about to park; producers signal while the count is not zero.</summary>
    private protected void EnterParked() => Interlocked.Increment(ref _signal.ParkedWaiters); // full fence

    /// <summary>Counts a parked consumer out again.</summary>
    private protected void ExitParked() => Interlocked.Decrement(ref _signal.ParkedWaiters);

    /// <summary>How many consumers are parked right now (for tests and diagnostics).</summary>
    internal int ParkedWaiters => Volatile.Read(ref _signal.ParkedWaiters);

    /// <summary>Registers a cancellation callback that wakes every waiter; only used on a parking path.</summary>
    private protected CancellationTokenRegistration WakeOnCancel(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((WaitStrategy)state!).WakeAll(), this)
            : default;
}
