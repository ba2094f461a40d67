using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// Emission: an actor's messages go to its out-edges, inline to a same-worker target when that cannot reorder,
// or into the out-buffer (_held) when an edge is full; the cell is then held back until the buffer drains.
// This is the hot path: every emitted message runs through Emit.
internal sealed partial class ActorCell
{
    private CellQueue<(Edge Edge, Message Message)> _held; // mutable structs: used in place, never copied
    private Edge? _waitingOn; // the full edge the out-buffer waits on (see WaitingOn)

    /// <summary>The full edge this cell is held back on, if any; written by the owner, read by the deadlock detector.</summary>
    public Edge? WaitingOn => Volatile.Read(ref _waitingOn);

    void IActorOutput.Emit(int outPort, in Message message) => Emit(outPort, -1, message);

    void IActorOutput.Emit(int outPort, int element, in Message message) => Emit(outPort, element, message);

    /// <summary>Sends to the edges of one index of an addressable out-port (<paramref name="element"/>), or of the whole port (-1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the whole-port call sites pass a constant -1: the element test folds away
    private void Emit(int outPort, int element, in Message message)
    {
        // Which thread is this? OnStack is set by the worker around every call into the actor, so an emission
        // while it is set comes from the worker (no thread-static read: on Linux each one is a call) — unless
        // the actor also emits from other threads, which it announces by taking a keep-alive: then ask.
        Worker? current = Worker;
        if (!OnStack || _emitsFromOtherThreads)
        {
            current = EmittingWorker();
            if (current is null && Worker.IsStarted)
            {
                if (!_runOver)
                {
                    EmitFromOtherThread(outPort, element, message);
                }
                else
                {
                    CountDropped();
                }

                return;
            }
        }

        Edge[] edges = element < 0 ? OutEdges[outPort] : ElementEdges(outPort, element);
        if (edges.Length == 0 || _runOver)
        {
            DropUnrouted(outPort, message); // an unconnected out-port, or an emission after the run: counted, never silent
            return;
        }

        foreach (Edge edge in edges)
        {
            if (_held.Count == 0 && edge.TryReserve())
            {
                if (_tracing is not null && edge.Traced)
                {
                    edge.StampTrace(_tracing.Current); // before the send publishes the message (see Edge.StampTrace)
                }

                if (edge.IsLocal && current is not null && current.InlineDepth < MaxInlineDepth && edge.Target!.CanRunInline)
                {
                    DeliverInline(current, edge, message);
                }
                else if (!Routing.Send(_run.Work, edge, message, current))
                {
                    CountDropped(); // the host's output closed under a late emission: counted, never silent
                }
            }
            else
            {
                _held.Enqueue((edge, message));
                _tracing?.Held.Enqueue(_tracing.Current); // stamped when the message leaves the out-buffer
                _run.Work.Add(1, current); // held: counted by this thread, retired when it leaves the out-buffer
            }

            if (_messageEvents && edge.CountEventMessage())
            {
                PublishMessageSent(edge, message);
            }
        }
    }

    /// <summary>The edges of index <paramref name="element"/> of an addressable out-port; none when nothing is connected there.</summary>
    private Edge[] ElementEdges(int outPort, int element) =>
        _outElements?[outPort] is { } elements && (uint)element < (uint)elements.Length ? elements[element] : [];

    int IActorOutput.OutPortWidth(int outPort) =>
        _outElements?[outPort] is { } elements ? elements.Length : OutEdges[outPort].Length > 0 ? 1 : 0;

    /// <summary>
    /// Groups the edges of addressable out-port <paramref name="outPort"/> by index when the network is built (again:
    /// nothing); the edges of the whole port stay in <see cref="OutEdges"/>.
    /// </summary>
    public void IndexOutPort(int outPort)
    {
        _outElements ??= new Edge[OutEdges.Length][][];
        _outElements[outPort] ??= OutPortElements.Group(OutEdges[outPort]);
    }

    private Edge[][]?[]? _outElements; // per out-port, by index; made only for a node with a connected addressable out-port



    /// <summary>
    /// Runs the target of a same-worker edge at once, inside the emitting call, instead of queueing it: no queue
    /// copy, no second visit to the worker loop, the message still in cache. Allowed only when it cannot reorder or
    /// re-enter: the target is not running further up this stack and has no delivery waiting in the local queue
    /// (a message that waits in its <c>_pending</c> queue is handled by <see cref="Deliver"/>, which queues behind
    /// it). The depth is bounded, so a long chain falls back to the queue instead of overflowing the stack.
    /// </summary>
    private static void DeliverInline(Worker current, Edge edge, in Message message)
    {
        ActorCell target = edge.Target!;
        OutstandingWork.AddLocal(current); // the delivery's piece of work, retired when the target has handled it
        current.InlineDepth++;
        target.OnStack = true;
        if (target.TakesInputNow)
        {
            // The common case, without building an envelope: the target takes each message and has nothing before it.
            target.InvokeEach(edge, edge.TargetPort, message);
            target.AfterInvokeIfNeeded();
        }
        else
        {
            target.Deliver(Envelope.Deliver(edge, message));
        }

        target.OnStack = false;
        current.InlineDepth--;
    }

    /// <summary>How many inline deliveries may nest on one worker's stack.</summary>
    private const int MaxInlineDepth = 32;


    private bool CanRunInline => !OnStack && LocallyQueued == 0;

    /// <summary>The cell's worker if the caller runs on it, else null (another thread, or before the workers start).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Worker? EmittingWorker() => Worker.Current == Worker ? Worker : null;

    private bool TryDrainHeld()
    {
        while (_held.TryPeek(out (Edge Edge, Message Message) held))
        {
            if (held.Message.IsEndOfEdge)
            {
                _held.Dequeue();
                Routing.SendHeldEndOfEdge(_run.Work, held.Edge, held.Message); // no credit: a marker (end or detach) is not a message
            }
            else if (held.Edge.TryReserve())
            {
                _held.Dequeue();
                if (_tracing is not null)
                {
                    ActivityContext context = _tracing.Held.Dequeue();
                    if (held.Edge.Traced)
                    {
                        held.Edge.StampTrace(context);
                    }
                }

                if (!Routing.SendHeld(_run.Work, held.Edge, held.Message))
                {
                    CountDropped();
                }
            }
            else if (held.Edge.WaitForRoom(this))
            {
                Volatile.Write(ref _waitingOn, held.Edge);
                return false;
            }
        }

        if (_waitingOn is not null)
        {
            Volatile.Write(ref _waitingOn, null);
        }

        return true;
    }
}
