using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// Async actors: one call in flight per node. While its task runs, the cell is suspended exactly as while a retry is
// pending (input waits in _pending, timers are deferred) and the message keeps its credit and its piece of
// outstanding work, so backpressure and termination need nothing new. The continuation's emissions take the
// other-thread path (the cell announces it as a keep-alive does); the task's end is posted to the cell's pool
// thread as an AsyncDone envelope and handled there like the end of a Receive, after the emissions it made.
// Ordinary actors never come here: the route is chosen by the same one test that sends await-mode input to
// CollectInput (_routed).
internal sealed partial class ActorCell
{
    /// <summary>Input that does not go straight to InvokeEach: the await modes collect it, an async actor awaits it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InvokeRouted(in Envelope envelope)
    {
        if (envelope.Message.Reference is StreamSignal && BatchInput is null)
        {
            ReceiveSignal(envelope.Edge, envelope.InPort, envelope.Message); // await modes and async actors: at once, in arrival order
            return;
        }

        if (Actor is not AsyncActor actor)
        {
            ReceiveNotEach(envelope); // an await mode or a batch actor (ActorCell.Batch)
            return;
        }

        if (_rejecting && Rejects(envelope))
        {
            return;
        }

        AsyncReceive state = Side.Async ??= new AsyncReceive(); // kept in the side channels: no field per ordinary actor
        _emitsFromOtherThreads = true; // a continuation emits from whatever thread completes the await (see Emit)
        Context.SetCurrent(envelope.InPort, envelope.Edge is null ? -1 : envelope.Edge.TargetElement, envelope.Message);
        State = ActorState.Processing;
        Task? pending = null;
        Exception? failure = null;
        try
        {
            ValueTask call = actor.ReceiveAsync(Context, state.Cancellation.Token);
            if (call.IsCompleted)
            {
                call.GetAwaiter().GetResult(); // consumed once; a faulted call throws here and is supervised below
            }
            else
            {
                pending = call.AsTask();
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (pending is not null)
        {
            // Even if it has completed by now, its end goes through the worker: the continuation's emissions were
            // posted there, and the next message's must not overtake them.
            _suspended = true;
            state.InFlight = envelope;
            pending.ContinueWith(
                static (task, cell) => ((ActorCell)cell!).AsyncCallEnded(task),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return;
        }

        EndCall(envelope, failure);
    }

    /// <summary>The call's task completed (any thread): hand its end to the cell's thread, behind the emissions it made.</summary>
    private void AsyncCallEnded(Task task)
    {
        Volatile.Write(ref _side!.Async!.Completed, task);
        Worker.PostControl(this, EnvelopeKind.AsyncDone);
    }

    /// <summary>Handles an AsyncDone envelope: the call in flight ended; supervise a failure, then carry on with waiting input.</summary>
    public void EndAsyncCall()
    {
        AsyncReceive state = _side!.Async!; // made before the call went in flight
        Envelope envelope = state.InFlight;
        Task? task = Volatile.Read(ref state.Completed);
        state.InFlight = default;
        state.Completed = null;
        if (envelope.Cell is null)
        {
            return; // the run was stopped meanwhile and the message dead-lettered
        }

        _suspended = false;
        Context.SetCurrent(envelope.InPort, envelope.Edge is null ? -1 : envelope.Edge.TargetElement, envelope.Message);
        EndCall(envelope, FailureOf(task));
        AfterInvocation();
    }

    private static Exception? FailureOf(Task? task) => task switch
    {
        null or { IsCompletedSuccessfully: true } => null,
        { IsFaulted: true } => task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException : task.Exception,
        _ => new OperationCanceledException("The async receive was cancelled."),
    };

    /// <summary>As the end of InvokeEach: a success returns the credit and retires the piece of work; a failure is supervised.</summary>
    private void EndCall(in Envelope envelope, Exception? failure)
    {
        // Every emission the call made on another thread happened before its task completed, so it is queued now,
        // but its Emit envelope may still be behind (the call can complete on another thread before ReceiveAsync
        // even returns, or before its continuation is attached): send them here, in order, before the next
        // message can emit.
        while (_side!.ForeignEmits.TryDequeue(out (int Port, int Element, Messages.Message Message) emission))
        {
            Emit(emission.Port, emission.Element, emission.Message);
        }

        if (failure is null)
        {
            Invocations++;
            Succeeded();
        }
        else if (FailedAndWillRetry(failure, envelope.Edge, envelope.InPort, envelope.Message))
        {
            return; // still outstanding, still holding its credit: the retry handles it
        }

        envelope.Edge?.Release();
        OutstandingWork.RetireLocal(Worker);
    }

    /// <summary>
    /// The run is over (its end, on the finishing thread): cancel the call in flight and dead-letter its message;
    /// its task's end, if it still comes, finds nothing to do.
    /// </summary>
    private void StopAsyncCall()
    {
        if (Volatile.Read(ref _side)?.Async is not { } state)
        {
            return;
        }

        state.Cancellation.Cancel();
        if (state.IsInFlight)
        {
            DeadLetter(state.InFlight, DeadLetterReason.NetworkStopped);
            state.InFlight = default;
        }
    }
}
