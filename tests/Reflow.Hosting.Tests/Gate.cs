namespace Reflow.Hosting.Tests;

/// <summary>A singleton service the test components wait on: closed, it holds every message in flight (a blocked consumer).</summary>
public sealed class Gate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Gate(bool open = false)
    {
        if (open)
        {
            Open();
        }
    }

    private int _waiting;

    /// <summary>How many messages have reached the gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void Arrive() => Interlocked.Increment(ref _waiting);

    public Task WhenOpen => _open.Task;

    public void Open() => _open.TrySetResult();
}
