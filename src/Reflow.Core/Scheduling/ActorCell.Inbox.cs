using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// Inbox and credit: envelopes for the cell are handed to the actor now, or wait in _pending while it is held
// back or suspended; a handled message returns its edge credit and retires its piece of outstanding work.
// This is the hot path: every delivered message runs through InvokeEach.
internal sealed partial class ActorCell
{
    private CellQueue<Envelope> _pending;

    /// <summary>
    /// An each-message actor that is neither held back, suspended, nor turning input away, and has no input
    /// waiting: a message can be handed to it at once.
    /// </summary>
    private bool TakesInputNow => !_routed && !_rejecting && !_suspended && _held.Count == 0 && _pending.Count == 0;

    /// <summary>Handles a Deliver envelope: invoke now, or queue it while the cell is held back or suspended.</summary>
    public void Deliver(in Envelope envelope)
    {
        if (IsHeldBack || _suspended || _pending.Count > 0)
        {
            _pending.Enqueue(envelope);
            return;
        }

        Invoke(envelope);
    }

    /// <summary>Handles a Produce envelope: one chunk from the source.</summary>
    public void Produce()
    {
        ProducePending = false;
        if (SourceDone || IsHeldBack || _suspended)
        {
            return; // a Resume or a retry will ask again
        }

        if (_run.Draining)
        {
            SourceDone = true; // a draining stop: what was produced is handled, nothing new starts
            TryFinishStream();
            return;
        }

        if (_rejecting && SourceWaitsForCircuit())
        {
            return;
        }

        if (_messageEvents)
        {
            Worker.NoticeEventWindow(); // a source may emit its budget's worth in one chunk: each starts in its own second
        }

        State = ActorState.Processing;
        bool failed = false;
        (Activity? Span, Activity? Previous) span = _tracing is null ? default : _tracing.Begin("reflow.source.produce", ActivityKind.Producer, default, Node.Id, null, _run.NetworkTag);
        try
        {
            if (Source!.Produce(Context) == SourceStatus.Done)
            {
                SourceDone = true;
            }

            Invocations++;
            Succeeded();
            if (SourceDone)
            {
                TryFinishStream(); // behind what this last chunk emitted
            }
        }
        catch (Exception ex)
        {
            failed = true;
            OnFailure(ex, null, -1, retryable: true); // retry: suspended; restart: a fresh source; otherwise stopped
        }

        _tracing?.End(span, failed);
        AfterInvocation();
    }

    /// <summary>An edge this cell was held back on has room: resume it on its own worker.</summary>
    void ICreditWaiter.OnRoom() => Worker.PostResume(this);

    /// <summary>Handles a Resume envelope: an edge has room, drain and carry on.</summary>
    public void Resume() => AfterInvocation();

    private void Invoke(in Envelope envelope)
    {
        InvokeOnce(envelope);
        AfterInvokeIfNeeded();
    }

    /// <summary>
    /// The common case after a message, checked here without a call: nothing held back, nothing waiting, not a
    /// source, no timers. Then there is nothing to drain or ask for.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AfterInvokeIfNeeded()
    {
        if (_held.Count != 0 || _pending.Count != 0 || _suspended || _isSource || _side is not null || _waitingOn is not null)
        {
            AfterInvocation();
        }
    }

    private void InvokeOnce(in Envelope envelope)
    {
        if (_routed)
        {
            InvokeRouted(envelope); // an await mode, a batch actor (ActorCell.Batch) or an async actor (ActorCell.Async)
            return;
        }

        if (_rejecting && Rejects(envelope))
        {
            return;
        }

        InvokeEach(envelope.Edge, envelope.InPort, envelope.Message);
    }

    /// <summary>Hands one message to an each-message actor, then returns its credit and retires its piece of work.</summary>
    private void InvokeEach(Edge? edge, int inPort, in Message message)
    {
        if (message.Reference is StreamSignal)
        {
            ReceiveSignal(edge, inPort, message); // a bracket or an end-of-edge marker (ActorCell.Streams)
            return;
        }

        if (_tracing is not null)
        {
            InvokeEachTraced(edge, inPort, message);
            return;
        }

        Receive(edge, inPort, message);
    }

    /// <summary>
    /// <see cref="InvokeEach"/> on a traced network: a span for the invocation, parented on the context the message
    /// carried, when it carried one (a message outside any sampled trace gets no span: tracing costs per sampled hop).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InvokeEachTraced(Edge? edge, int inPort, in Message message)
    {
        ActivityContext parent = edge is { Traced: true } ? edge.ReceivedTrace : default;
        if (parent == default)
        {
            _tracing!.Current = default;
            Receive(edge, inPort, message);
            return;
        }

        long errors = Errors;
        (Activity? Span, Activity? Previous) span = _tracing!.Begin("reflow.actor.receive", ActivityKind.Consumer, parent, Node.Id, edge!.Id, _run.NetworkTag);
        try
        {
            Receive(edge, inPort, message);
        }
        finally
        {
            _tracing.End(span, failed: Errors != errors);
        }
    }

    /// <summary>The call into the actor for one message, then its credit and its piece of work (see <see cref="InvokeEach"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Receive(Edge? edge, int inPort, in Message message)
    {
        Context.SetCurrent(inPort, edge is null ? -1 : edge.TargetElement, message);
        State = ActorState.Processing;
        long started = _processingTime.Enabled ? Stopwatch.GetTimestamp() : 0;
        if (ReceiveFailed() is { } failure && FailedAndWillRetry(failure, edge, inPort, message))
        {
            return; // still outstanding, still holding its credit: the retry handles it
        }

        if (started != 0)
        {
            RecordProcessingTime(started);
        }

        edge?.Release(); // the credit returns once the message is handled, not when it is dequeued
        OutstandingWork.RetireLocal(Worker); // handled: one piece of work less (deliveries are handled on the cell's own worker)
    }

    /// <summary>
    /// Calls <see cref="Actor.Receive"/>; the exception it threw, or null. The try block lives in this small method
    /// so that the caller's locals stay in registers: around a try the JIT keeps every live local on the stack
    /// (measured on a ten-stage pipeline: the try inline cost ~10 % of a hop; here, ~6 %).
    /// </summary>
    private Exception? ReceiveFailed()
    {
        try
        {
            Actor.Receive(Context);
            Invocations++;
            Succeeded();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Succeeded()
    {
        State = ActorState.Running;
        if (_failed is { ConsecutiveFailures: not 0 } failed) // one null test for an actor that never failed
        {
            failed.ConsecutiveFailures = 0;
            failed.Retries = 0;
        }
    }

    /// <summary>Drains the out-buffer, then the input that waited meanwhile, then asks a source for more.</summary>
    private void AfterInvocation()
    {
        while (true)
        {
            if (!TryDrainHeld())
            {
                return; // held back: a Resume comes when the edge it waits on has room
            }

            if (_suspended)
            {
                return; // the retry carries on
            }

            if (_side?.DeferredTimers is { Count: > 0 } deferred)
            {
                InvokeTimer(deferred.Dequeue());
                continue;
            }

            if (_pending.Count == 0)
            {
                break;
            }

            InvokeOnce(_pending.Dequeue());
        }

        ScheduleBatchIfQueued();
        if (Source is not null && !SourceDone && !ProducePending)
        {
            ProducePending = true;
            Worker.PostProduce(this);
        }
    }
}
