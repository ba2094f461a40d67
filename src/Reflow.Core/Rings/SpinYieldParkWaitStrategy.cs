namespace Reflow.Rings;

/// <summary>
/// The default strategy: spin, then yield, then park on a monitor. A producer pays for a wake-up only while a
/// consumer is actually parked, so a busy ring publishes at busy-spin cost and an idle one burns no CPU.
/// </summary>
/// <remarks>
/// Design: the producer publishes with a plain release store and then reads the parked-waiter count with a
/// plain load (<see cref="WaitStrategy.SignalAfterPublish"/>); it never executes a fence. On x64 that load may
/// be satisfied before the store leaves the store buffer, which on its own could lose a wake-up (the producer
/// reads "nobody parked" while the consumer reads the old cursor). The consumer closes the window before it
/// parks: it raises the count, then runs <see cref="Interlocked.MemoryBarrierProcessWide"/>, which acts as a
/// full fence on every core at once, then re-reads the cursor under the monitor. Any publish whose count-read
/// came before that barrier has its store visible to the re-read; any later count-read sees the raised count and
/// signals. The barrier costs a few microseconds, paid only on the way into a park, never by a producer.
/// </remarks>
public sealed class SpinYieldParkWaitStrategy : WaitStrategy
{
    private readonly object _gate = new();
    private readonly int _spinIterations;
    private readonly int _yieldIterations;

    /// <summary>Creates the strategy.</summary>
    /// <param name="spinIterations">Checks made with a pause before yielding.</param>
    /// <param name="yieldIterations">Checks made with a yield before parking.</param>
    /// <param name="maxGatherSpins">Cap of the batch-gathering pause (see <see cref="WaitStrategy"/>); 0 turns it off.</param>
    public SpinYieldParkWaitStrategy(int spinIterations = 200, int yieldIterations = 50, int maxGatherSpins = DefaultMaxGatherSpins)
        : base(signalEveryPublish: false, maxGatherSpins)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spinIterations);
        ArgumentOutOfRangeException.ThrowIfNegative(yieldIterations);
        _spinIterations = spinIterations;
        _yieldIterations = yieldIterations;
    }

    private protected override void Idle(ref int idleCount, long sequence, SequenceBarrier barrier, CancellationToken cancellationToken)
    {
        if (SpinThenYield(ref idleCount, _spinIterations, _yieldIterations))
        {
            return;
        }

        if (barrier.CursorValue >= sequence)
        {
            Thread.Yield(); // published, but a dependent consumer has not caught up; nobody signals its progress
        }
        else
        {
            Park(sequence, barrier, cancellationToken);
        }
    }

    private void Park(long sequence, SequenceBarrier barrier, CancellationToken cancellationToken)
    {
        EnterParked(); // full fence: the raised count is globally visible before the barrier below
        try
        {
            Interlocked.MemoryBarrierProcessWide(); // drains every core's store buffer: see the Design remarks
            using CancellationTokenRegistration registration = WakeOnCancel(cancellationToken);
            lock (_gate)
            {
                // Checked under the lock that WakeAll takes, so a signal after this check waits for Monitor.Wait.
                while (barrier.CursorValue < sequence && !barrier.IsShutdown && !cancellationToken.IsCancellationRequested)
                {
                    Monitor.Wait(_gate);
                }
            }
        }
        finally
        {
            ExitParked();
        }
    }

    internal override void WakeAll()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
