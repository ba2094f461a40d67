namespace Reflow.Rings;

/// <summary>
/// The classic lock-and-condition strategy: a consumer blocks on a monitor as soon as it has to wait, and every
/// publish takes the lock to pulse it. Lowest idle CPU with immediate wake-up, but each publish pays for the
/// lock whether or not anyone waits; prefer <see cref="SpinYieldParkWaitStrategy"/>, which signals only while a
/// consumer is parked.
/// </summary>
public sealed class BlockingWaitStrategy : WaitStrategy
{
    private readonly object _gate = new();

    /// <summary>Creates the strategy.</summary>
    public BlockingWaitStrategy() : base(signalEveryPublish: true, maxGatherSpins: 0)
    {
    }

    private protected override void Idle(ref int idleCount, long sequence, SequenceBarrier barrier, CancellationToken cancellationToken)
    {
        if (barrier.CursorValue >= sequence)
        {
            // Published, but a dependent consumer has not caught up; nobody signals its progress, so poll.
            Thread.Yield();
            return;
        }

        using CancellationTokenRegistration registration = WakeOnCancel(cancellationToken);
        lock (_gate)
        {
            // Checked under the lock: a publish or shutdown that lands after this check must take the same lock
            // to pulse, which it cannot do until Monitor.Wait has released it, so no wake-up is missed.
            while (barrier.CursorValue < sequence && !barrier.IsShutdown && !cancellationToken.IsCancellationRequested)
            {
                Monitor.Wait(_gate);
            }
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
