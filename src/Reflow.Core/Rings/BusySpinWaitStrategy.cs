namespace Reflow.Rings;

/// <summary>
/// Spins on the sequence without ever giving up the core: the lowest wake-up latency, at the price of a core
/// at 100 % while waiting. Use it only when there are at least as many dedicated cores as waiting threads.
/// </summary>
public sealed class BusySpinWaitStrategy : WaitStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="maxGatherSpins">Cap of the batch-gathering pause (see <see cref="WaitStrategy"/>); 0 turns it off
    /// for the lowest latency on every message at the price of throughput when the consumer outpaces the producer.</param>
    public BusySpinWaitStrategy(int maxGatherSpins = DefaultMaxGatherSpins) : base(signalEveryPublish: false, maxGatherSpins)
    {
    }

    private protected override void Idle(ref int idleCount, long sequence, SequenceBarrier barrier, CancellationToken cancellationToken) =>
        Thread.SpinWait(1); // a pause: lets a hyper-threaded sibling run and saves power, without leaving the core
}
