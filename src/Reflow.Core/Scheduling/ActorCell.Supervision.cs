using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// Supervision: failure handling, retry with backoff, the circuit breaker, restart and stop. Everything here runs
// only after a failure, a stop, or while a circuit is open; the fast path pays one flag test (_rejecting).
internal sealed partial class ActorCell
{
    private readonly SupervisionPolicy _policy;
    private bool _rejecting; // the actor is stopped or its circuit is open: input may be turned away
    private bool _suspended; // a retry is pending: no other input is handed to the actor

    /// <summary>Handles a Retry envelope: the backoff has passed, hand the failed message (or Produce) over again.</summary>
    public void Retry()
    {
        _failed?.Retry?.Timer?.Dispose();
        OutstandingWork.RetireLocal(Worker); // the piece of work ScheduleRetry added (this runs on the worker)
        if (!_suspended)
        {
            return;
        }

        _suspended = false;
        if (BatchInput is not null)
        {
            RetryBatch();
            return;
        }

        if (Source is not null)
        {
            Produce();
            return;
        }

        PendingRetry retry = Failed.Retry!;
        Envelope envelope = retry.Envelope;
        retry.Envelope = default;
        Invoke(envelope);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FailedAndWillRetry(Exception exception, Edge? edge, int inPort, in Message message)
    {
        if (!OnFailure(exception, message, inPort, retryable: true))
        {
            return false;
        }

        Failed.Retry!.Envelope = Envelope.Deliver(this, edge, inPort, message);
        return true;
    }

    /// <summary>
    /// Applies the policy to a failure. Returns true if the failed message will be retried (the caller keeps it
    /// outstanding); otherwise the failure is final and the action has been applied.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OnFailure(Exception exception, Message? message, int inPort, bool retryable)
    {
        Failed.Errors++;
        Failed.ConsecutiveFailures++;
        State = ActorState.Error;
        string? port = inPort >= 0 ? Node.Component.Description.InPorts[inPort].Name : null;
        if (_run.Events.Enabled)
        {
            _run.Events.Publish(NetworkEventKind.ActorFailed, Node.Id, port, message, exception, ActorState.Error);
        }

        if (RunTracing.ActivitySource.HasListeners())
        {
            TraceFailure(exception, port);
        }

        bool toParent = AsChild is { ReplyEdges: > 0 } && !_runOver; // a spawned child's parent hears of a final failure
        bool caught = toParent || (_errorPort >= 0 && OutEdges[_errorPort].Length > 0 && !_runOver); // the graph handles it
        RecordFailure(exception, port, caught);
        if (caught && !toParent)
        {
            ((IActorOutput)this).Emit(_errorPort, Message.Error($"{Node.Id}: {exception.GetType().Name}: {exception.Message}"));
        }

        if (retryable && Failed.Retries < _policy.MaxRetries && !_runOver)
        {
            Failed.Retries++;
            ScheduleRetry(_policy.BackoffFor(Failed.Retries));
            Publish(NetworkEventKind.ActorRetrying, ActorState.Error);
            return true;
        }

        Failed.Retries = 0;
        if (toParent)
        {
            ReportFailureToParent(exception);
        }

        if (_policy.CircuitBreakerThreshold > 0 && Failed.ConsecutiveFailures >= _policy.CircuitBreakerThreshold)
        {
            Failed.CircuitOpenUntil = _run.Time.GetTimestamp() + ToTimestampTicks(_policy.CircuitBreakerDuration);
            _rejecting = true;
            Publish(NetworkEventKind.CircuitOpened, ActorState.Error);
        }

        switch (_policy.Action)
        {
            case FailureAction.Restart when Failed.Restarts < _policy.MaxRestarts:
                Restart();
                break;
            case FailureAction.Resume when Source is null:
                State = ActorState.Running;
                break;
            default:
                StopActor(); // Stop; Restart past MaxRestarts; Resume of a source (it would fail again at once)
                break;
        }

        return false;
    }

    private void ScheduleRetry(TimeSpan delay)
    {
        _run.Work.Add(1); // the pending retry is work: the run must not finish under it (Retry retires it)
        _suspended = true;
        PendingRetry retry = Failed.Retry ??= new PendingRetry();
        retry.Timer?.Dispose();
        retry.Timer = _run.Time.CreateTimer(static cell => ((ActorCell)cell!).Worker.PostControl((ActorCell)cell!, EnvelopeKind.Retry), this, delay, Timeout.InfiniteTimeSpan);
    }

    private void Restart()
    {
        Failed.Restarts++;
        State = ActorState.Stopping;
        TryOnStop();
        CompleteChildren(); // the fresh actor cannot reach the old one's children: they finish what they have and are collected
        try
        {
            Actor = Node.Component.CreateActor();
            _isSource = Actor is SourceActor;
            Actor.OnStart(Context);
        }
        catch (Exception ex)
        {
            Failed.Errors++;
            RecordFailure(ex, null, caught: false); // a restart's failure goes to no error port
            _run.Events.PublishIfEnabled(NetworkEventKind.ActorFailed, Node.Id, exception: ex);
            StopActor();
            return;
        }

        State = ActorState.Running;
        Publish(NetworkEventKind.ActorRestarted, ActorState.Running);
    }

    private void StopActor()
    {
        _actorStopped = true;
        _rejecting = true;
        State = ActorState.Stopping;
        TryOnStop();
        State = ActorState.Stopped;
        CancelTimers();
        if (Source is not null)
        {
            SourceDone = true;
        }

        if (!_runOver)
        {
            DeadLetterQueuedInput(DeadLetterReason.ActorStopped, releaseCredit: true); // their producers must not wait for them
            CompleteChildren(); // a parent that stops ends its children's input: they finish what they have and are collected
            TryFinishStream(); // a stopped actor emits no more: once its inputs are closed, its out-edges close
        }

        Publish(NetworkEventKind.ActorStopped, ActorState.Stopped);
    }

    private void TryOnStop()
    {
        try
        {
            Actor.OnStop(Context);
        }
        catch (Exception ex)
        {
            Failed.Errors++;
            RecordFailure(ex, null, caught: false); // OnStop's failure goes to no error port
            _run.Events.PublishIfEnabled(NetworkEventKind.ActorFailed, Node.Id, exception: ex);
        }
    }

    /// <summary>Turns a message away if the actor is stopped or its circuit is still open; half-opens an expired circuit.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Rejects(in Envelope envelope)
    {
        if (envelope.Message.Reference is StreamSignal)
        {
            return false; // the end of a stream still propagates through a stopped actor (ReceiveSignal)
        }

        DeadLetterReason reason;
        if (_actorStopped)
        {
            reason = DeadLetterReason.ActorStopped;
        }
        else if (_run.Time.GetTimestamp() < Failed.CircuitOpenUntil)
        {
            reason = DeadLetterReason.CircuitOpen;
        }
        else
        {
            // Half-open: this message goes through; one more failure opens the circuit again.
            _rejecting = false;
            Failed.CircuitOpenUntil = 0;
            Failed.ConsecutiveFailures = _policy.CircuitBreakerThreshold - 1;
            return false;
        }

        DeadLetter(envelope, reason);
        envelope.Edge?.Release();
        OutstandingWork.RetireLocal(Worker); // turned away: handled, as far as the count goes
        return true;
    }

    /// <summary>A source with an open circuit produces again once it half-opens.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SourceWaitsForCircuit()
    {
        long remaining = Failed.CircuitOpenUntil - _run.Time.GetTimestamp();
        if (_actorStopped || remaining <= 0)
        {
            _rejecting = _actorStopped;
            Failed.CircuitOpenUntil = 0;
            Failed.ConsecutiveFailures = _policy.CircuitBreakerThreshold - 1;
            return _actorStopped;
        }

        ScheduleRetry(TimeSpan.FromSeconds((double)remaining / _run.Time.TimestampFrequency));
        return true;
    }

    private long ToTimestampTicks(TimeSpan duration) => (long)(duration.TotalSeconds * _run.Time.TimestampFrequency);
}
