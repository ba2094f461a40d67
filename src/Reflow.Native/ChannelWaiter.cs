namespace Reflow.Native;

/// <summary>
/// Blocks a host thread on a channel's WaitToReadAsync/WaitToWriteAsync, up to a timeout, without allocating once
/// warm: the deadline is one <see cref="CancellationTokenSource"/> re-armed with CancelAfter and reset with TryReset
/// (a fresh one only after a deadline actually passed), and the wake-up is a <see cref="ManualResetEventSlim"/> set
/// by a cached continuation instead of a Task made with AsTask() per wait. One waiter serves one wait at a time;
/// inputs and outputs keep one and make another if two threads wait at once (which reflow.h does not allow anyway).
/// </summary>
internal sealed class ChannelWaiter : IDisposable
{
    private readonly ManualResetEventSlim _signal = new(initialState: false);
    private readonly Action _wake;
    private CancellationTokenSource? _deadline;

    public ChannelWaiter() => _wake = _signal.Set;

    /// <summary>The token for the channel's wait: cancelled after <paramref name="timeoutMs"/> (none for -1).</summary>
    public CancellationToken Arm(int timeoutMs)
    {
        if (timeoutMs < 0)
        {
            return default;
        }

        _deadline ??= new CancellationTokenSource();
        _deadline.CancelAfter(timeoutMs);
        return _deadline.Token;
    }

    /// <summary>The result of <paramref name="pending"/>, blocking until it has one; OperationCanceledException when the deadline passed.</summary>
    public bool Wait(ValueTask<bool> pending)
    {
        if (!pending.IsCompleted)
        {
            _signal.Reset();
            pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_wake);
            _signal.Wait();
        }

        return pending.GetAwaiter().GetResult();
    }

    /// <summary>Stops the deadline so the next <see cref="Arm"/> reuses it; drops it when it has fired.</summary>
    public void Disarm()
    {
        if (_deadline is not null && !_deadline.TryReset())
        {
            _deadline.Dispose();
            _deadline = null;
        }
    }

    public void Dispose()
    {
        _deadline?.Dispose();
        _signal.Dispose();
    }
}
