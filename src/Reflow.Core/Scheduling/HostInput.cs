using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// The host's end of an exported in-port: an edge whose producer is the host. <see cref="TrySend"/> reports a
/// full edge; <see cref="SendAsync"/> waits for a credit without blocking a thread.
/// </summary>
internal sealed class HostInput(string name, OutstandingWork work) : ICreditWaiter
{
    private readonly SemaphoreSlim _senders = new(1, 1); // one waiter at a time: the edge has one waiter slot
    private TaskCompletionSource _room = NewRoom();
    private int _completed;

    public string Name { get; } = name;

    public Edge Edge { get; set; } = null!;

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    public bool TrySend(in Message message)
    {
        ThrowIfCompleted();
        if (!Edge.TryReserve())
        {
            return false;
        }

        Routing.Send(work, Edge, message);
        return true;
    }

    public async ValueTask SendAsync(Message message, CancellationToken cancellationToken)
    {
        if (TrySend(message))
        {
            return;
        }

        await _senders.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!TrySend(message))
            {
                TaskCompletionSource room = _room = NewRoom();
                if (Edge.WaitForRoom(this))
                {
                    await room.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _senders.Release();
        }
    }

    /// <summary>No more input on this port; the run can finish once the rest is done. Idempotent.</summary>
    public void Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            work.RetireHostWait(); // the open input counted as outstanding work since the start
        }
    }

    void ICreditWaiter.OnRoom() => Volatile.Read(ref _room).TrySetResult();

    private void ThrowIfCompleted()
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException($"Input '{Name}' has been completed: no more messages can be sent to it.");
        }
    }

    private static TaskCompletionSource NewRoom() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
