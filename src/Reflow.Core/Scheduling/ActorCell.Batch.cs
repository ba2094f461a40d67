using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// Batch receive (BatchActor): a delivery is queued in the cell's BatchInbox, and the first one posts a Batch
// envelope to the cell's own worker. Every Deliver envelope the worker reaches before that one (the rest of its
// local queue, the rest of the ring batch it is in) joins the queue, so the batch is "what was available when the
// actor's turn came". Ordinary actors never come here: their _mode is EachMessage and InvokeOnce's test of it is
// the one they already paid for.
internal sealed partial class ActorCell
{
    /// <summary>The cell's <c>_mode</c> for a batch actor: not an await mode and not each-message, so InvokeOnce routes it here.</summary>
    private const InputMode Batched = (InputMode)(-1);

    /// <summary>A batch actor's inbox; null for every other cell (kept in <c>_await</c>: no field of its own on every cell).</summary>
    private BatchInbox? BatchInput => _await.Batch;

    /// <summary>Makes the inbox of a batch actor (construction): the cell's mode becomes <see cref="Batched"/>, its input state holds the inbox.</summary>
    private (InputMode Mode, AwaitInputs Input) OpenBatchInbox(BatchActor actor, InputMode declared)
    {
        if (declared != InputMode.EachMessage)
        {
            throw new ComponentDefinitionException(
                $"Node '{Node.Id}': component '{Node.Component.Description.Name}' is a batch actor ({actor.GetType().Name}) and declares input mode {declared}; " +
                "a batch actor receives each message (InputMode.EachMessage).");
        }

        return (Batched, new AwaitInputs(0) { Batch = new BatchInbox(actor.MaxBatchSize) });
    }

    /// <summary>Input of a cell that is not each-message: a batch actor's, or an await mode's.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReceiveNotEach(in Envelope envelope)
    {
        if (BatchInput is not { } inbox)
        {
            CollectInput(envelope);
            return;
        }

        if (_rejecting && Rejects(envelope))
        {
            return;
        }

        inbox.Queue.Enqueue(envelope);
        ScheduleBatch(inbox);
    }

    private void ScheduleBatch(BatchInbox inbox)
    {
        if (!inbox.Scheduled)
        {
            inbox.Scheduled = true;
            Worker.PostControl(this, EnvelopeKind.Batch);
        }
    }

    /// <summary>After an invocation with nothing held back or pending: the queue's rest (past the bound, or what came meanwhile) gets a turn.</summary>
    private void ScheduleBatchIfQueued()
    {
        if (BatchInput is { Queue.Count: > 0 } inbox)
        {
            ScheduleBatch(inbox);
        }
    }

    /// <summary>Handles a Batch envelope: takes up to the bound from the queue and hands it to the actor.</summary>
    public void RunBatch()
    {
        BatchInbox inbox = BatchInput!;
        inbox.Scheduled = false;
        if (IsHeldBack || _suspended)
        {
            return; // the Resume or the retry carries on, and AfterInvocation schedules the queue again
        }

        while (inbox.Taken < inbox.MaxSize && inbox.Queue.TryPeek(out Envelope envelope))
        {
            if (envelope.Message.Reference is StreamSignal)
            {
                if (inbox.Taken > 0)
                {
                    break; // a bracket or the end of an edge closes the batch: what came before it is handed first
                }

                inbox.Queue.Dequeue();
                ReceiveSignal(envelope.Edge, envelope.InPort, envelope.Message);
                if (IsHeldBack || _suspended)
                {
                    break;
                }

                continue;
            }

            inbox.Queue.Dequeue();
            if (!(_rejecting && Rejects(envelope)))
            {
                inbox.Take(envelope);
            }
        }

        if (inbox.Taken > 0)
        {
            InvokeBatch(inbox);
        }

        AfterInvocation();
    }

    /// <summary>A Retry envelope of a batch actor: hands the failed batch again.</summary>
    private void RetryBatch()
    {
        InvokeBatch(BatchInput!);
        AfterInvocation();
    }

    /// <summary>Hands the taken batch to the actor; then (unless it will be retried) returns every credit and retires every piece of work.</summary>
    private void InvokeBatch(BatchInbox inbox)
    {
        State = ActorState.Processing;
        long started = _processingTime.Enabled ? Stopwatch.GetTimestamp() : 0;
        if (ReceiveBatchFailed(inbox) is { } failure && OnFailure(failure, null, -1, retryable: true))
        {
            return; // suspended, the batch still taken and outstanding, holding its credits: the retry hands it again
        }

        if (started != 0)
        {
            RecordProcessingTime(started);
        }

        for (int i = 0; i < inbox.Taken; i++)
        {
            inbox.Edges[i]?.Release(); // the credits return once the batch is handled
            OutstandingWork.RetireLocal(Worker);
        }

        inbox.Clear();
    }

    private Exception? ReceiveBatchFailed(BatchInbox inbox)
    {
        try
        {
            ((BatchActor)Actor).ReceiveBatch(Context, inbox.Batch);
            Invocations++;
            Succeeded();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>The run is over: a batch waiting for its retry and the queue go to the dead letters.</summary>
    private void DeadLetterBatchInput()
    {
        if (BatchInput is not { } inbox)
        {
            return;
        }

        for (int i = 0; i < inbox.Taken; i++)
        {
            BatchMessage item = inbox.Items[i];
            DeadLetter(Envelope.Deliver(this, inbox.Edges[i], item.InPortIndex, item.Message), DeadLetterReason.NetworkStopped);
        }

        inbox.Clear();
        while (inbox.Queue.TryDequeue(out Envelope queued))
        {
            DeadLetter(queued, DeadLetterReason.NetworkStopped);
        }
    }
}
