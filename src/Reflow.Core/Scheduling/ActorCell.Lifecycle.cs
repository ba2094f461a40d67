using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// Lifecycle: the run starts the actor (OnStart), and at its end stops it and accounts for every message left.
// The states (ActorState) are written by the owner and read by anyone; see the class remarks for what they mean.
internal sealed partial class ActorCell
{
    public void Start()
    {
        _messageEvents |= _run.Events.MessagesEnabled; // a later message subscriber turns it on through EnableMessageEvents
        _processingTime = _run.ProcessingTime;
        try
        {
            Actor.OnStart(Context);
            State = ActorState.Initialized;
            Publish(NetworkEventKind.ActorStarted, ActorState.Initialized);
        }
        catch (Exception ex)
        {
            OnFailure(ex, null, -1, retryable: false);
        }

        if (!_actorStopped)
        {
            State = ActorState.Running;
        }

        // OnStart may emit more than an edge holds: drain, or register for the Resume, as after any invocation.
        // (A source's first Produce is posted by the run; Produce skips while held back and Resume re-posts it.)
        TryDrainHeld();
    }

    /// <summary>
    /// The run was stopped without draining (workers joined): what still waits in the out-buffer for room on a full
    /// edge goes on where it can — to the host's output (still readable until the host has read it all), else to the
    /// dead letters of its target. Before the host's outputs complete. A run that finished by itself holds nothing.
    /// </summary>
    public void AbandonHeld()
    {
        while (_held.TryDequeue(out (Edge Edge, Message Message) held))
        {
            if (held.Message.IsEndOfEdge)
            {
                continue; // a marker, not a message: the outputs and in-ports close with the run
            }

            _tracing?.Held.TryDequeue(out _); // its context goes with it: nothing reads it after the run

            if (held.Edge.HostOutput is { } output)
            {
                if (!output.Enqueue(held.Message))
                {
                    CountDropped();
                }
            }
            else
            {
                held.Edge.Target!.DeadLetter(Envelope.Deliver(held.Edge, held.Message), DeadLetterReason.NetworkStopped);
            }
        }

        AbandonChildrenHeld();
    }

    /// <summary>The run is over: the actor stops, and input that never formed a set goes to the dead letters.</summary>
    public void Stop()
    {
        _runOver = true;
        _failed?.Retry?.Timer?.Dispose();
        CancelTimers();
        StopAsyncCall();
        while (Volatile.Read(ref _side)?.ForeignEmits is { } emits && emits.TryDequeue(out _))
        {
            CountDropped();
        }

        DeadLetterQueuedInput(DeadLetterReason.IncompleteInputSet, releaseCredit: false);
        if (_suspended && _failed?.Retry is { Envelope.Cell: not null } retry)
        {
            DeadLetter(retry.Envelope, DeadLetterReason.NetworkStopped); // its retry never came
            retry.Envelope = default;
        }

        DeadLetterBatchInput();
        while (_pending.TryDequeue(out Envelope pending))
        {
            DeadLetter(pending, DeadLetterReason.NetworkStopped);
        }

        if (!_actorStopped)
        {
            StopActor();
        }

        StopChildren();
    }

    /// <summary>Counts a message the run ended before handling (left in a ring or queue at a stop without drain).</summary>
    public void Abandon(in Envelope envelope)
    {
        if (envelope.Kind is EnvelopeKind.Deliver or EnvelopeKind.DeliverEndingInitials)
        {
            DeadLetter(envelope, DeadLetterReason.NetworkStopped);
        }
        else if (envelope.Kind == EnvelopeKind.Update)
        {
            Worker.AbandonAction();
        }
        else if (envelope.Kind == EnvelopeKind.Emit && Volatile.Read(ref _side)?.ForeignEmits is { } emits && emits.TryDequeue(out _))
        {
            CountDropped(); // emitted from another thread after the run: counted, never silent
        }
    }
}
