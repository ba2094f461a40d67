using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// The end of the stream (docs/streams.md). A producer that is done sends an end-of-edge marker after its last message
// on each of its out-edges; initial packets are followed by one per group (port and index). The marker travels as a
// message (through out-buffers, rings, queues and _pending, so it can never overtake what was sent before it) but takes
// no credit and is never counted or shown to the actor. When the last producer of a port (or of an index of an
// addressable port) is done, the actor hears OnInPortClosed; when every one is, OnInputsClosed. The cell itself is done
// once its inputs are closed, a source has finished, and it has no timer, keep-alive, retry or async call left: then it
// sends its own markers. Brackets are ordinary messages handed to Actor.OnBracket. The per-message cost is one type
// test (message.Reference is StreamSignal) where a message reaches the actor.
internal sealed partial class ActorCell
{
    bool IActorOutput.IsInPortClosed(int inPort) =>
        Volatile.Read(ref _side)?.Stream is { } stream ? stream.InputsClosed || stream.PortClosed[inPort] || !stream.Fed[inPort] : !HasInEdge(inPort);

    private bool HasInEdge(int inPort)
    {
        foreach (Edge edge in InEdges)
        {
            if (edge.TargetPort == inPort)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the cell is done: its out-edges carry their end markers (any thread; the run's quiescence check).</summary>
    public bool StreamFinished => Volatile.Read(ref _side)?.Stream is { Finished: true };

    /// <summary>
    /// A bracket or an end-of-edge marker reached the actor (its thread): the marker ends a producer; a bracket goes to
    /// <see cref="Actor.OnBracket"/> and is then handled like any message (credit back, work retired).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReceiveSignal(Edge? edge, int inPort, in Message message)
    {
        if (message.IsEndOfEdge)
        {
            ProducerEnded(edge, inPort, edge is null ? -1 : edge.TargetElement);
            OutstandingWork.RetireLocal(Worker); // the marker's piece of work; it took no credit
            return;
        }

        if (_actorStopped)
        {
            DeadLetter(Envelope.Deliver(this, edge, inPort, message), DeadLetterReason.ActorStopped);
        }
        else
        {
            Context.SetCurrent(inPort, edge is null ? -1 : edge.TargetElement, message);
            CallHook(static (actor, context, _) => actor.OnBracket(context), 0);
        }

        edge?.Release();
        OutstandingWork.RetireLocal(Worker);
    }

    /// <summary>The start of the run, after the initial packets are posted: one more producer per group of them.</summary>
    public void ExpectInitials(int inPort, int element)
    {
        StreamState stream = Stream();
        stream.OpenInitials.Add((inPort, element));
        stream.OpenProducers++;
        stream.Fed[inPort] = true;
    }

    /// <summary>The start of the run (its thread, before the workers): a cell that nothing feeds has its inputs closed at once.</summary>
    public void CloseInputsIfUnfed()
    {
        if (_inEdges is null && Volatile.Read(ref _side)?.Stream is null)
        {
            InputsClosed(Stream());
        }
    }

    /// <summary>
    /// Handles a ForceEnd envelope: the run went quiet while this cell's inputs were still open (a cycle feeds it, so
    /// its producers wait for it): every producer it still waits for counts as done.
    /// </summary>
    public void ForceEndOfInput()
    {
        StreamState stream = Stream();
        if (stream.InputsClosed)
        {
            TryFinishStream();
            return;
        }

        foreach (Edge edge in InEdges)
        {
            if (!edge.Ended)
            {
                edge.Ended = true;
                stream.OpenProducers--;
            }
        }

        stream.OpenProducers -= stream.OpenInitials.Count;
        stream.OpenInitials.Clear();
        ClosePorts(stream, inPort: -1, element: -1);
        AfterInvocation();
    }

    /// <summary>Handles a StreamCheck envelope: a timer or keep-alive ended while the cell waited to finish.</summary>
    public void CheckStreamEnd()
    {
        TryFinishStream();
        AfterInvocation();
    }

    private StreamState Stream()
    {
        CellSideChannels side = Side;
        if (side.Stream is { } stream)
        {
            return stream;
        }

        var created = new StreamState(Node.Component.Description.InPorts.Length, _inEdges?.Length ?? 0);
        foreach (Edge edge in InEdges)
        {
            created.Fed[edge.TargetPort] = true;
        }

        return side.Stream = created;
    }

    private void ProducerEnded(Edge? edge, int inPort, int element)
    {
        StreamState stream = Stream();
        if (edge is not null && Array.IndexOf(_inEdges ?? [], edge) >= 0)
        {
            edge.Ended = true;
        }
        else
        {
            stream.OpenInitials.Remove((inPort, element)); // initial packets: the whole port's, or an index's one-off edge
        }

        stream.OpenProducers--;
        ClosePorts(stream, inPort, element);
    }

    /// <summary>
    /// Tells the actor what closed: the index <paramref name="element"/> of <paramref name="inPort"/>, the port, every
    /// port when all producers are done (-1: every port that had a producer and is not yet closed).
    /// </summary>
    private void ClosePorts(StreamState stream, int inPort, int element)
    {
        if (element >= 0 && !HasOpenProducer(stream, inPort, element))
        {
            CallHook(static (actor, context, arg) => actor.OnInPortClosed(context, (int)(arg >> 32), (int)arg), ((long)inPort << 32) | (uint)element);
        }

        for (int port = 0; port < stream.PortClosed.Length; port++)
        {
            if ((port == inPort || inPort < 0) && !stream.PortClosed[port] && !HasOpenProducer(stream, port, -1) && stream.Fed[port])
            {
                stream.PortClosed[port] = true;
                CallHook(static (actor, context, arg) => actor.OnInPortClosed(context, (int)arg, -1), port);
            }
        }

        if (stream.OpenProducers == 0 && !stream.InputsClosed)
        {
            InputsClosed(stream);
        }
    }

    private bool HasOpenProducer(StreamState stream, int inPort, int element)
    {
        foreach (Edge edge in InEdges)
        {
            if (!edge.Ended && edge.TargetPort == inPort && (element < 0 || edge.TargetElement == element))
            {
                return true;
            }
        }

        foreach ((int Port, int Element) initial in stream.OpenInitials)
        {
            if (initial.Port == inPort && (element < 0 || initial.Element == element))
            {
                return true;
            }
        }

        return false;
    }

    private void InputsClosed(StreamState stream)
    {
        Volatile.Write(ref stream.InputsClosed, true); // before TryFinishStream reads the timers (see TimerDisposed)
        CallHook(static (actor, context, _) => actor.OnInputsClosed(context), 0);
        TryFinishStream();
    }

    /// <summary>
    /// Finishes the cell if nothing of it can emit any more: inputs closed, a source done, no timer, keep-alive, retry
    /// or async call left. Then each out-edge gets its end marker, behind what the out-buffer still holds.
    /// </summary>
    private void TryFinishStream()
    {
        if (Volatile.Read(ref _side)?.Stream is not { InputsClosed: true, Finished: false } stream
            || (_isSource && !SourceDone)
            || _suspended
            || Volatile.Read(ref _side!.KeepAlives) > 0
            || HasTimers())
        {
            return;
        }

        stream.Finished = true;
        Worker? current = _run.Work.CurrentWorker;
        foreach (Edge[] port in OutEdges)
        {
            foreach (Edge edge in port)
            {
                if (_held.Count > 0)
                {
                    _held.Enqueue((edge, Message.EndOfEdge)); // behind the messages waiting for room
                    _run.Work.Add(1, current);
                }
                else
                {
                    Routing.SendEndOfEdge(_run.Work, edge, current);
                }
            }
        }

        _run.CellFinished();
    }

    private bool HasTimers()
    {
        CellSideChannels side = _side!;
        lock (side.TimersLock)
        {
            return side.Timers.Count > 0;
        }
    }

    /// <summary>A timer or keep-alive of this cell ended (any thread): if the cell only waited for it to finish, check again on its thread.</summary>
    private void RecheckStreamEndLater()
    {
        if (Volatile.Read(ref _side)?.Stream is { Finished: false } stream && Volatile.Read(ref stream.InputsClosed) && !_runOver)
        {
            Worker.PostControl(this, EnvelopeKind.StreamCheck);
        }
    }

    /// <summary>Calls a stream hook of the actor on its thread; a failure is the actor's, as a failed OnStart is.</summary>
    private void CallHook(Action<Actor, ActorContext, long> hook, long argument)
    {
        if (_actorStopped || _runOver)
        {
            return;
        }

        State = ActorState.Processing;
        try
        {
            hook(Actor, Context, argument);
            Succeeded();
        }
        catch (Exception ex)
        {
            OnFailure(ex, null, -1, retryable: false);
        }

        if (!_actorStopped)
        {
            State = ActorState.Running;
        }
    }
}
