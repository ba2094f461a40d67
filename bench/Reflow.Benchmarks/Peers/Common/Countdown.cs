namespace Reflow.Benchmarks.Peers.Common;

/// <summary>Counts signals from any thread and completes <see cref="Done"/> at the expected number.</summary>
public sealed class Countdown(long expected)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _count;

    /// <summary>Signals so far.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Completes when <c>expected</c> signals have arrived.</summary>
    public Task Done => _done.Task;

    /// <summary>One more.</summary>
    public void Signal()
    {
        if (Interlocked.Increment(ref _count) == expected)
        {
            _done.TrySetResult();
        }
    }
}
