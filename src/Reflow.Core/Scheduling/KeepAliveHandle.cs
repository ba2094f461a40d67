namespace Reflow.Scheduling;

/// <summary>One piece of outstanding work held by an actor until it is disposed (see <c>ActorContext.KeepAlive</c>).</summary>
internal sealed class KeepAliveHandle(ActorCell cell) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            cell.KeepAliveEnded();
        }
    }
}
