using System.Diagnostics;
using System.Threading.Channels;
using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// The host's end of an exported in-port: an edge whose producer is the host, and the
/// <see cref="ChannelWriter{T}"/> a host writes it through. <see cref="TrySend"/> and <see cref="ChannelWriter{T}.TryWrite"/>
/// report a full edge; <see cref="SendAsync"/>, <see cref="WaitToWriteAsync"/> and <see cref="WriteAsync"/> wait for a
/// credit without blocking a thread. Nothing is ever dropped: a write either takes a credit or waits for one.
/// </summary>
/// <remarks>
/// States: not open (the network has not started: writing is a mistake, reported), open, completed (by the host:
/// the port's outstanding-work hold is released once), closed (the run is over: a waiting writer wakes and is told
/// no). The writer methods follow the channel contract (closed: <c>TryWrite</c> false, <c>WaitToWriteAsync</c>
/// false, <c>WriteAsync</c> a <see cref="ChannelClosedException"/>); the <c>Send</c> methods behind
/// <c>Network.SendAsync</c>/<c>TrySend</c> throw <see cref="InvalidOperationException"/> as they always did.
/// </remarks>
internal sealed class HostInput(string name, OutstandingWork work) : ChannelWriter<Message>, ICreditWaiter
{
    private readonly SemaphoreSlim _senders = new(1, 1); // one waiter at a time: the edge has one waiter slot
    private TaskCompletionSource _room = NewRoom();
    private int _completed;
    private int _endSent;
    private volatile bool _open;
    private volatile bool _closed;

    public string Name { get; } = name;

    public Edge Edge { get; set; } = null!;

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Takes writes from now on (the network has started).</summary>
    /// <remarks>
    /// The port is outstanding work from here until it is completed. Open writes <c>_open</c> and then reads
    /// <c>_completed</c>; Complete exchanges <c>_completed</c> and then reads <c>_open</c>: one of the two sees the
    /// other, so a port completed before or while the run starts is released too, and exactly once.
    /// </remarks>
    public void Open()
    {
        work.AddHostWait(1);
        _open = true;
        Interlocked.MemoryBarrier();
        if (IsCompleted)
        {
            ReleaseWait(); // completed before the start: the node still hears its port close
        }
    }

    /// <summary>Once: the node hears its port close (after what was sent), then the port's hold on the run ends.</summary>
    private void ReleaseWait()
    {
        if (Interlocked.Exchange(ref _endSent, 1) == 0)
        {
            if (!_closed)
            {
                Routing.SendEndOfEdge(work, Edge, work.CurrentWorker); // counted before the wait is retired
            }

            work.RetireHostWait();
        }
    }

    /// <summary>The run is over: no more writes, and a writer waiting for room wakes to hear it.</summary>
    public void Close()
    {
        _closed = true;
        Interlocked.MemoryBarrier(); // the flag before the read of _room, as RoomAsync writes _room before it reads the flag
        Volatile.Read(ref _room).TrySetResult();
    }

    public bool TrySend(in Message message)
    {
        ThrowIfCompleted();
        return Edge.Traced ? SendTraced(message) : SendUntraced(message);
    }

    private bool SendUntraced(in Message message)
    {
        if (!Edge.TryReserve())
        {
            return false;
        }

        Routing.Send(work, Edge, message);
        return true;
    }

    /// <summary>
    /// A traced network's write: the caller's <see cref="Activity.Current"/> goes with the message. Credit, stamp and
    /// send under one lock, so that host threads writing at once send in the order they took credit and each message
    /// finds its own context (see Edge.StampTrace); only traced networks take it.
    /// </summary>
    private bool SendTraced(in Message message)
    {
        lock (_traceLock)
        {
            if (!Edge.TryReserve())
            {
                return false;
            }

            Edge.StampTrace(Activity.Current?.Context ?? default);
            Routing.Send(work, Edge, message);
            return true;
        }
    }

    private readonly Lock _traceLock = new();

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
                await RoomAsync(cancellationToken).ConfigureAwait(false);
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
            if (_open) // read after the exchange's fence (see Open)
            {
                ReleaseWait();
            }

            Volatile.Read(ref _room).TrySetResult(); // a writer waiting for room hears that the port is completed
        }
    }

    /// <inheritdoc/>
    public override bool TryWrite(Message item)
    {
        if (!Writable())
        {
            return false;
        }

        return Edge.Traced ? SendTraced(item) : SendUntraced(item);
    }

    /// <inheritdoc/>
    public override async ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default)
    {
        if (!Writable())
        {
            return false;
        }

        if (HasRoom())
        {
            return true;
        }

        await _senders.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (Writable() && !HasRoom())
            {
                await RoomAsync(cancellationToken).ConfigureAwait(false);
            }

            return Writable();
        }
        finally
        {
            _senders.Release();
        }
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(Message item, CancellationToken cancellationToken = default)
    {
        while (!TryWrite(item))
        {
            if (!await WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new ChannelClosedException(ClosedReason());
            }
        }
    }

    /// <summary>Completes the port (see <see cref="Complete"/>); false if it was already completed or the run is over.</summary>
    /// <remarks>The network cannot carry <paramref name="error"/> into its actors: the port completes as without one,
    /// and reporting the error is the caller's.</remarks>
    public override bool TryComplete(Exception? error = null)
    {
        if (IsCompleted || _closed)
        {
            return false;
        }

        Complete();
        return true;
    }

    void ICreditWaiter.OnRoom() => Volatile.Read(ref _room).TrySetResult();

    /// <summary>Registers for the edge's wake-up and waits for it, unless room appeared meanwhile.</summary>
    private async ValueTask RoomAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource room = NewRoom();
        Interlocked.Exchange(ref _room, room); // a full fence: the flags below are read after the new source is visible
        if (IsCompleted || _closed)
        {
            return; // Complete or Close may have signalled the previous source: do not sleep through it
        }

        if (Edge.WaitForRoom(this))
        {
            await room.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool HasRoom() => Edge.InFlight < Edge.Capacity;

    /// <summary>Open and neither completed nor closed; before the network starts, writing is a mistake.</summary>
    private bool Writable()
    {
        if (!_open && !_closed && !IsCompleted)
        {
            throw new InvalidOperationException($"Input '{Name}' cannot be written yet: the network has not started (call StartAsync or RunAsync first).");
        }

        return !IsCompleted && !_closed;
    }

    private string ClosedReason() => IsCompleted
        ? $"Input '{Name}' has been completed: no more messages can be written to it."
        : $"Input '{Name}' is closed: the network's run is over and it accepts no more input.";

    private void ThrowIfCompleted()
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException($"Input '{Name}' has been completed: no more messages can be sent to it.");
        }

        if (_closed)
        {
            throw new InvalidOperationException($"Input '{Name}' cannot be sent: the network's run is over and it accepts no more input.");
        }
    }

    private static TaskCompletionSource NewRoom() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
