using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// The await modes (await-all-in-ports, a required subset): input is queued per port and the actor fires once
// per complete set. Runs only for nodes in those modes; each-message nodes never come here.
internal sealed partial class ActorCell
{
    /// <summary>
    /// In an await mode: the required in-ports that have no input queued while another has (the set waits for
    /// them); empty otherwise. Read by the deadlock detector, from another thread, when the network is quiescent.
    /// </summary>
    public IEnumerable<int> MissingRequiredPorts()
    {
        bool anyQueued = false;
        for (int port = 0; port < _await.PortQueues.Length; port++)
        {
            anyQueued |= _await.Required[port] && InFlightInto(port) > 0;
        }

        for (int port = 0; anyQueued && port < _await.PortQueues.Length; port++)
        {
            if (_await.Required[port] && InFlightInto(port) == 0)
            {
                yield return port;
            }
        }
    }

    private long InFlightInto(int port)
    {
        long inFlight = 0;
        foreach (Edge edge in InEdges)
        {
            inFlight += edge.TargetPort == port ? edge.InFlight : 0; // a queued await-mode input keeps its credit
        }

        return inFlight;
    }

    /// <summary>
    /// The await modes: queue the input on its port and fire once per complete set. A queued message is no longer
    /// outstanding work (so a set that never completes cannot keep the run from finishing; it goes to the dead
    /// letters at the end) but keeps its edge credit until its set fires, so a fast port's producer is held back.
    /// </summary>
    private void CollectInput(in Envelope envelope)
    {
        if (_rejecting && Rejects(envelope))
        {
            return;
        }

        Context.SetCurrent(envelope.InPort, envelope.Edge is { } edge ? edge.TargetElement : -1, envelope.Message);
        if (_await.Required[envelope.InPort])
        {
            _await.PortQueues[envelope.InPort].Enqueue(envelope);
        }
        else
        {
            _await.Latest[envelope.InPort] = envelope.Message; // an optional port only updates its latest value
            _await.HasLatest[envelope.InPort] = true;
            envelope.Edge?.Release();
        }

        while (!_actorStopped && SetIsComplete())
        {
            for (int port = 0; port < _await.PortQueues.Length; port++)
            {
                if (_await.Required[port])
                {
                    _await.Taken[port] = _await.PortQueues[port].Dequeue();
                    Context.SetInput(port, _await.Taken[port].Message, present: true);
                }
                else
                {
                    Context.SetInput(port, _await.Latest[port], _await.HasLatest[port]);
                }
            }

            State = ActorState.Processing;
            try
            {
                Actor.Receive(Context);
                Invocations++;
                Succeeded();
            }
            catch (Exception ex)
            {
                OnFailure(ex, envelope.Message, envelope.InPort, retryable: false);
            }

            for (int port = 0; port < _await.PortQueues.Length; port++)
            {
                if (_await.Required[port])
                {
                    _await.Taken[port].Edge?.Release();
                    _await.Taken[port] = default;
                }
            }
        }

        OutstandingWork.RetireLocal(Worker); // after the firing: everything it emitted is already counted
    }

    private bool SetIsComplete()
    {
        bool anyRequired = false;
        for (int port = 0; port < _await.PortQueues.Length; port++)
        {
            if (_await.Required[port])
            {
                anyRequired = true;
                if (_await.PortQueues[port].Count == 0)
                {
                    return false;
                }
            }
        }

        return anyRequired;
    }

    private void DeadLetterQueuedInput(DeadLetterReason reason, bool releaseCredit)
    {
        foreach (Queue<Envelope> queue in _await.PortQueues)
        {
            while (queue.TryDequeue(out Envelope queued))
            {
                DeadLetter(queued, reason);
                if (releaseCredit)
                {
                    queued.Edge?.Release();
                }
            }
        }
    }
}
