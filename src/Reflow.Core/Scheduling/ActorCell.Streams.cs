using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// The end of the stream (docs/streams.md). A producer that is done sends an end-of-edge marker after its last message
// on each of its out-edges; a node's initial packets are followed by one marker listing their ports and indexes (or,
// when they all go to one port, the end rides on the last packet: DeliverEndingInitials). The marker travels as a
// message (through out-buffers, rings, queues and _pending, so it can never overtake what was sent before it) but takes
// no credit and is never counted or shown to the actor. When the last producer of a port (or of an index of an
// addressable port) is done, the actor hears OnInPortClosed; when every one is, OnInputsClosed. The cell itself is done
// once its inputs are closed, a source has finished, and it has no timer, keep-alive, retry or async call left: then it
// sends its own markers. Brackets are ordinary messages handed to Actor.OnBracket.
//
// Cost: one type test per message where it reaches the actor (message.Reference is StreamSignal), and per cell one byte
// of flags (it fits the padding the cell already has: an idle actor stays within its budget, DESIGN.md §4). Which
// producers are done is kept on the edges (Edge.Ended). The initial packets' end is posted before the workers start,
// at the front of its worker's local queue, which a worker empties before it reads its ring, so it reaches the node
// before any edge's marker can: when an edge's marker arrives, the initial packets are done, and no count of them is
// kept.
internal sealed partial class ActorCell
{
    private byte _stream; // StreamFlags; written by the cell's thread (before the run: the thread that starts it)

    [Flags]
    private enum StreamFlags : byte
    {
        None = 0,
        InitialsPending = 1, // some initial packets' markers have not arrived yet
        InputsClosed = 2, // OnInputsClosed has been called
        Finished = 4, // the out-edges carry their end markers; the run counts the cell finished
    }

    private StreamFlags Flags
    {
        get => (StreamFlags)Volatile.Read(ref _stream);
        set => Volatile.Write(ref _stream, (byte)value);
    }

    bool IActorOutput.IsInPortClosed(int inPort) =>
        (Flags & StreamFlags.InputsClosed) != 0 || ((Flags & StreamFlags.InitialsPending) == 0 && !HasOpenEdge(inPort, -1));

    /// <summary>Whether the cell is done: its out-edges carry their end markers (any thread; the run's quiet check).</summary>
    public bool StreamFinished => (Flags & StreamFlags.Finished) != 0;

    /// <summary>The start of the run (before the workers): the node has initial packets, whose end markers follow them.</summary>
    public void ExpectInitials() => Flags |= StreamFlags.InitialsPending;

    /// <summary>
    /// Handles a DeliverEndingInitials envelope: the node's last initial packet, then the end of its initial packets
    /// (all to that one port), which follows it through the same route so nothing can come between.
    /// </summary>
    public void DeliverEndingInitials(in Envelope envelope)
    {
        Envelope packet = envelope;
        packet.Kind = EnvelopeKind.Deliver;
        Deliver(packet);
        OutstandingWork.AddLocal(Worker); // the end's own piece of work, retired where it is handled (ReceiveSignal)
        Deliver(Envelope.Deliver(this, null, envelope.InPort, Message.EndOfPortInitials(envelope.InPort)));
    }

    /// <summary>The start of the run (its thread, before the workers): a cell that nothing feeds has its inputs closed at once.</summary>
    public void CloseInputsIfUnfed()
    {
        if (_inEdges is null && Flags == StreamFlags.None)
        {
            InputsClosed();
        }
    }

    /// <summary>
    /// A bracket or an end marker reached the actor (its thread): the marker ends a producer; a bracket goes to
    /// <see cref="Actor.OnBracket"/> and is then handled like any message (credit back, work retired).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReceiveSignal(Edge? edge, int inPort, in Message message)
    {
        if (message.IsEndOfEdge)
        {
            if (message.Bits == StreamSignal.DetachBits)
            {
                Detached(edge!); // a live edit removed the edge: not the end of the stream (ActorCell.Live)
                OutstandingWork.RetireLocal(Worker);
                return;
            }

            if (edge?.Source?.AsChild is { } child && child.Parent == this)
            {
                ChildEdgeEnded(child); // an edge back from a spawned child ends: not a producer of this port (ActorCell.Spawning)
            }
            else
            {
                ProducerEnded(edge, inPort, message);
            }

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

    private void ProducerEnded(Edge? edge, int inPort, in Message message)
    {
        int element = edge is null ? -1 : edge.TargetElement;
        long bits = message.Bits;
        if (bits == StreamSignal.EndOfEdgeBits)
        {
            if (edge!.Ended)
            {
                return; // already counted as done (ForceEnd, or attached by a live edit after the inputs closed): nothing closes twice
            }

            edge.Ended = true; // an edge or the host's port: initial packets are done already (see the remarks above)
            if (element >= 0 && !HasOpenEdge(inPort, element))
            {
                InPortClosed(inPort, element);
            }

            if (!HasOpenEdge(inPort, -1))
            {
                InPortClosed(inPort, -1);
            }

            if (!HasOpenEdge(-1, -1))
            {
                InputsClosed();
            }

            return;
        }

        // The node's initial packets are delivered (one marker for them all; edges may still feed their ports).
        Flags &= ~StreamFlags.InitialsPending; // first: inside the hooks, IsInPortClosed answers for these ports too
        if (bits <= StreamSignal.EndOfPortInitialsBase)
        {
            InitialsEnded((int)(StreamSignal.EndOfPortInitialsBase - bits), -1, lastOfPort: true);
        }
        else
        {
            (int Port, int Index)[] groups = ((StreamSignal)message.Reference!).InitialGroups!; // in port order
            for (int i = 0; i < groups.Length; i++)
            {
                InitialsEnded(groups[i].Port, groups[i].Index, lastOfPort: i + 1 == groups.Length || groups[i + 1].Port != groups[i].Port);
            }
        }

        if (!HasOpenEdge(-1, -1))
        {
            InputsClosed();
        }
    }

    /// <summary>One group of initial packets is delivered: the index closes unless an edge still feeds it, then (at its last group) the port.</summary>
    private void InitialsEnded(int inPort, int element, bool lastOfPort)
    {
        if (element >= 0 && !HasOpenEdge(inPort, element))
        {
            InPortClosed(inPort, element);
        }

        if (lastOfPort && !HasOpenEdge(inPort, -1))
        {
            InPortClosed(inPort, -1);
        }
    }

    /// <summary>
    /// Handles a ForceEnd envelope: the run went quiet while this cell's inputs were still open (a cycle feeds it, so
    /// its producers wait for it): every producer it still waits for counts as done.
    /// </summary>
    public void ForceEndOfInput()
    {
        if ((Flags & StreamFlags.InputsClosed) == 0)
        {
            Flags &= ~StreamFlags.InitialsPending; // nothing is queued at a quiet moment: they have all arrived
            foreach (Edge edge in InEdges)
            {
                if (!edge.Ended)
                {
                    edge.Ended = true;
                    if (edge.TargetElement >= 0)
                    {
                        InPortClosed(edge.TargetPort, edge.TargetElement);
                    }

                    if (!HasOpenEdge(edge.TargetPort, -1))
                    {
                        InPortClosed(edge.TargetPort, -1);
                    }
                }
            }

            InputsClosed();
        }

        ForceEndOfChildren(); // after OnInputsClosed: what it sends its children then still reaches them
        TryFinishStream();
        AfterInvocation();
    }

    /// <summary>Handles a StreamCheck envelope: a timer or keep-alive ended while the cell waited to finish.</summary>
    public void CheckStreamEnd()
    {
        TryFinishStream();
        AfterInvocation();
    }

    /// <summary>Whether an edge into <paramref name="inPort"/> (-1: any port), at index <paramref name="element"/> (-1: any), has not ended.</summary>
    private bool HasOpenEdge(int inPort, int element)
    {
        foreach (Edge edge in InEdges)
        {
            if (!edge.Ended && (inPort < 0 || edge.TargetPort == inPort) && (element < 0 || edge.TargetElement == element))
            {
                return true;
            }
        }

        return false;
    }

    private void InPortClosed(int inPort, int element) =>
        CallHook(static (actor, context, arg) => actor.OnInPortClosed(context, (int)(arg >> 32), (int)arg), ((long)inPort << 32) | (uint)element);

    private void InputsClosed()
    {
        Flags |= StreamFlags.InputsClosed;
        Interlocked.MemoryBarrier(); // the flag before TryFinishStream reads the keep-alives and timers: a thread that
                                     // ends one writes it first and then reads the flag (RecheckStreamEndLater), so one
                                     // of the two always sees the other and the cell cannot miss its end
        CallHook(static (actor, context, _) => actor.OnInputsClosed(context), 0);
        TryFinishStream();
    }

    /// <summary>
    /// Finishes the cell if nothing of it can emit any more: inputs closed, a source done, no timer, keep-alive, retry
    /// or async call left. Then each out-edge gets its end marker, behind what the out-buffer still holds.
    /// </summary>
    private void TryFinishStream()
    {
        if ((Flags & (StreamFlags.InputsClosed | StreamFlags.Finished)) != StreamFlags.InputsClosed
            || (_isSource && !SourceDone)
            || _suspended
            || _family is CellChildren { Count: > 0 } // a parent finishes after its children (ActorCell.Spawning)
            || Volatile.Read(ref _side) is { } side && (Volatile.Read(ref side.KeepAlives) > 0 || HasTimers(side) || !side.ForeignEmits.IsEmpty))
        {
            // An emission from another thread is queued before its thread ends the keep-alive (the decrement is a
            // full fence), so reading the keep-alives first and the queue second cannot miss one; its Emit envelope
            // is still coming, and EmitForeign finishes the cell after sending it, so the end marker stays behind it.
            return;
        }

        Flags |= StreamFlags.Finished;
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

        ChildStreamFinished();
    }

    private static bool HasTimers(CellSideChannels side)
    {
        lock (side.TimersLock)
        {
            return side.Timers.Count > 0;
        }
    }

    /// <summary>A timer or keep-alive of this cell ended (any thread): if the cell only waited for it to finish, check again on its thread.</summary>
    private void RecheckStreamEndLater()
    {
        if ((Flags & (StreamFlags.InputsClosed | StreamFlags.Finished)) == StreamFlags.InputsClosed && !_runOver)
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
