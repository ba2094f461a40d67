namespace Reflow.Rings;

/// <summary>
/// Spins, then yields, then sleeps one millisecond between checks: almost no CPU while idle, a wake-up latency
/// of about a millisecond once it has reached the sleeping phase. Producers never signal it, so publishing
/// costs nothing extra. Shutdown and cancellation are noticed at the next check.
/// </summary>
public sealed class SleepingWaitStrategy : WaitStrategy
{
    private readonly int _spinIterations;
    private readonly int _yieldIterations;

    /// <summary>Creates the strategy.</summary>
    /// <param name="spinIterations">Checks made with a pause before yielding.</param>
    /// <param name="yieldIterations">Checks made with a yield before sleeping.</param>
    /// <param name="maxGatherSpins">Cap of the batch-gathering pause (see <see cref="WaitStrategy"/>); 0 turns it off.</param>
    public SleepingWaitStrategy(int spinIterations = 100, int yieldIterations = 100, int maxGatherSpins = DefaultMaxGatherSpins)
        : base(signalEveryPublish: false, maxGatherSpins)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spinIterations);
        ArgumentOutOfRangeException.ThrowIfNegative(yieldIterations);
        _spinIterations = spinIterations;
        _yieldIterations = yieldIterations;
    }

    private protected override void Idle(ref int idleCount, long sequence, SequenceBarrier barrier, CancellationToken cancellationToken)
    {
        if (!SpinThenYield(ref idleCount, _spinIterations, _yieldIterations))
        {
            Thread.Sleep(1);
        }
    }
}
