namespace Reflow.Scheduling;

/// <summary>
/// A timer of one actor: fires on a thread-pool thread, and hands the call over to the actor's worker (a Timer
/// envelope), so <c>OnTimer</c> runs on the actor's own thread.
/// </summary>
/// <remarks>
/// A live timer is one piece of outstanding work (the run cannot finish under it); disposing it — by the actor,
/// after a one-shot timer fired, or when the actor or the network stops — retires that piece exactly once.
/// </remarks>
internal sealed class ActorTimer : IDisposable
{
    private readonly ActorCell _cell;
    private readonly ITimer _timer;
    private int _disposed;

    public ActorTimer(ActorCell cell, TimeProvider time, TimeSpan dueTime, TimeSpan period, object? state)
    {
        _cell = cell;
        State = state;
        IsPeriodic = period != Timeout.InfiniteTimeSpan;
        _timer = time.CreateTimer(static t => ((ActorTimer)t!).OnFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(dueTime, period); // after construction: a zero due time may fire at once, and State must be set
    }

    public object? State { get; }

    public bool IsPeriodic { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    private void OnFired()
    {
        if (!IsDisposed)
        {
            _cell.EnqueueFiredTimer(this);
        }
    }

    /// <summary>Cancels the timer; retires its outstanding work once. Any thread, idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer.Dispose();
            _cell.TimerDisposed(this);
        }
    }
}
