namespace Reflow.Rings;

/// <summary>
/// Spins for a short while, then yields the core on every further check: low latency, and other runnable
/// threads still get the core. Never signalled by producers.
/// </summary>
public sealed class YieldingWaitStrategy : WaitStrategy
{
    private readonly int _spinIterations;

    /// <summary>Creates the strategy.</summary>
    /// <param name="spinIterations">Checks made with a pause before the strategy starts yielding.</param>
    /// <param name="maxGatherSpins">Cap of the batch-gathering pause (see <see cref="WaitStrategy"/>); 0 turns it off.</param>
    public YieldingWaitStrategy(int spinIterations = 100, int maxGatherSpins = DefaultMaxGatherSpins)
        : base(signalEveryPublish: false, maxGatherSpins)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spinIterations);
        _spinIterations = spinIterations;
    }

    private protected override void Idle(ref int idleCount, long sequence, SequenceBarrier barrier, CancellationToken cancellationToken)
    {
        if (!SpinThenYield(ref idleCount, _spinIterations, yieldIterations: 0))
        {
            Thread.Yield(); // the last phase yields for as long as the wait lasts, without counting
        }
    }
}
