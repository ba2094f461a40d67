using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// Timers, keep-alives and emissions from other threads: everything that reaches the cell from a thread that is
// not its worker is posted to the worker as a control envelope and handled there.
internal sealed partial class ActorCell
{
    private CellSideChannels Side => LazyInitializer.EnsureInitialized(ref _side);

    TimeProvider IActorOutput.Time => _run.Time;

    Permissions.PermissionSet IActorOutput.Permissions => Node.Permissions ?? _run.Permissions;

    void IActorOutput.Log(string text, string level)
    {
        if (_run.Events.Enabled)
        {
            _run.Events.Publish(NetworkEventKind.ActorLog, Node.Id, level, Message.String(text));
        }
    }

    IDisposable IActorOutput.ScheduleTimer(TimeSpan dueTime, TimeSpan period, object? state)
    {
        if (_runOver || _actorStopped)
        {
            throw new InvalidOperationException($"Node '{Node.Id}' is stopped: it cannot start a timer.");
        }

        _run.Work.Add(1); // the timer's own piece of work, retired when it is disposed
        var timer = new ActorTimer(this, _run.Time, dueTime, period, state);
        CellSideChannels side = Side;
        lock (side.TimersLock)
        {
            side.Timers.Add(timer);
        }

        return timer;
    }

    IDisposable IActorOutput.KeepAlive()
    {
        _emitsFromOtherThreads = true; // from now on every emission checks its thread (see Emit)
        _run.Work.Add(1); // the keep-alive's piece of work, retired when it is disposed
        Interlocked.Increment(ref Side.KeepAlives); // the cell is not finished while it holds one (ActorCell.Streams)
        return new KeepAliveHandle(this);
    }

    /// <summary>A keep-alive was disposed (any thread): retire its piece of work, and see whether the cell is done.</summary>
    public void KeepAliveEnded()
    {
        Interlocked.Decrement(ref _side!.KeepAlives);
        RecheckStreamEndLater();
        _run.Work.Retire();
    }

    /// <summary>A timer fired (thread-pool thread): hand it to the worker.</summary>
    public void EnqueueFiredTimer(ActorTimer timer)
    {
        Side.FiredTimers.Enqueue(timer);
        Worker.PostControl(this, EnvelopeKind.Timer);
    }

    /// <summary>A timer was disposed (any thread): forget it and retire its piece of work.</summary>
    public void TimerDisposed(ActorTimer timer)
    {
        CellSideChannels side = Side;
        lock (side.TimersLock)
        {
            side.Timers.Remove(timer);
        }

        RecheckStreamEndLater(); // posted (and counted) before the timer's piece of work is retired
        _run.Work.Retire();
    }

    /// <summary>Handles a Timer envelope: call OnTimer now, or after the out-buffer drains.</summary>
    public void FireTimer()
    {
        if (Volatile.Read(ref _side) is not { } side || !side.FiredTimers.TryDequeue(out ActorTimer? timer))
        {
            return;
        }

        if (IsHeldBack || _suspended)
        {
            side.DeferredTimers.Enqueue(timer); // a timer must not grow the out-buffer
            return;
        }

        InvokeTimer(timer);
        AfterInvocation();
    }

    private void InvokeTimer(ActorTimer timer)
    {
        if (timer.IsDisposed || _actorStopped || _runOver)
        {
            return;
        }

        State = ActorState.Processing;
        try
        {
            Actor.OnTimer(Context, timer.State);
            Succeeded();
        }
        catch (Exception ex)
        {
            OnFailure(ex, null, -1, retryable: false);
        }

        if (!timer.IsPeriodic)
        {
            timer.Dispose();
        }
    }

    /// <summary>Cancels every timer of the actor (any thread): a draining stop must not wait for them.</summary>
    public void CancelTimers()
    {
        ActorTimer[] timers;
        if (Volatile.Read(ref _side) is not { } side)
        {
            return; // never had a timer
        }

        lock (side.TimersLock)
        {
            if (side.Timers.Count == 0)
            {
                return;
            }

            timers = [.. side.Timers];
        }

        foreach (ActorTimer timer in timers)
        {
            timer.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitFromOtherThread(int outPort, int element, in Message message)
    {
        Side.ForeignEmits.Enqueue((outPort, element, message));
        Worker.PostControl(this, EnvelopeKind.Emit);
    }

    /// <summary>Handles an Emit envelope: send one emission made on another thread, from the worker.</summary>
    public void EmitForeign()
    {
        if (Volatile.Read(ref _side) is { } side && side.ForeignEmits.TryDequeue(out (int Port, int Element, Message Message) emission))
        {
            Emit(emission.Port, emission.Element, emission.Message);
            TryFinishStream(); // the last emission of a cell whose inputs closed while it was queued (see TryFinishStream)
            AfterInvocation(); // as after any invocation: drain what the emission held, or wait for room
        }
    }
}
