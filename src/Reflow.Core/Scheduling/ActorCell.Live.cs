using Reflow.Messages;

namespace Reflow.Scheduling;

// Live edits (Network.UpdateAsync): edges attached to and detached from a running cell, a cell started into a running
// network, and a cell retired from it. Every method here runs on the cell's own worker (posted as an Update action),
// or before the cell is visible to any worker; none is on the message path. Arrays other threads read (the in-edges,
// read by the deadlock detector and the quiet check; each out-port's edges) are replaced, never changed in place.
internal sealed partial class ActorCell
{
    /// <summary>Adds an in-edge (the cell's thread, or before the cell runs): it must be known before anything arrives on it.</summary>
    public void AttachIn(Edge edge)
    {
        Edge[] current = _inEdges ?? [];
        var next = new Edge[current.Length + 1];
        current.CopyTo(next, 0);
        next[^1] = edge;
        Volatile.Write(ref _inEdges, next);
        if ((Flags & StreamFlags.InputsClosed) != 0)
        {
            edge.Ended = true; // the stream already ended (its producers were done): what comes is still delivered, the port does not reopen
        }
    }

    /// <summary>
    /// Adds an out-edge (the cell's thread, or before the cell runs): the next emission on its port goes to it too.
    /// A cell whose stream has already finished sends it its end marker at once.
    /// </summary>
    public void AttachOut(Edge edge)
    {
        int port = edge.SourcePort;
        Edge[] current = OutEdges[port];
        var next = new Edge[current.Length + 1];
        current.CopyTo(next, 0);
        next[^1] = edge;
        OutEdges[port] = next;
        RegroupOutPort(port);
        if (StreamFinished) // finished, or retired (which marks it finished)
        {
            SendMarker(edge, Message.EndOfEdge);
        }
    }

    /// <summary>
    /// Removes an out-edge (the cell's thread): nothing more is emitted into it, and a detach marker follows what was
    /// already sent (behind the out-buffer), so its target handles every message on it and then forgets it.
    /// </summary>
    public void DetachOut(Edge edge)
    {
        int port = edge.SourcePort;
        Edge[] current = OutEdges[port];
        int at = Array.IndexOf(current, edge);
        if (at < 0)
        {
            return;
        }

        var next = new Edge[current.Length - 1];
        Array.Copy(current, 0, next, 0, at);
        Array.Copy(current, at + 1, next, at, current.Length - at - 1);
        OutEdges[port] = next;
        RegroupOutPort(port);
        SendMarker(edge, Message.Detach);
    }

    private void RegroupOutPort(int port)
    {
        if (_outElements?[port] is not null || Array.Exists(OutEdges[port], static e => e.SourceElement >= 0))
        {
            _outElements ??= new Edge[OutEdges.Length][][];
            _outElements[port] = OutPortElements.Group(OutEdges[port]);
        }
    }

    private void SendMarker(Edge edge, in Message marker)
    {
        Worker? current = _run.Work.CurrentWorker;
        if (_held.Count > 0)
        {
            _held.Enqueue((edge, marker)); // behind the messages waiting for room, as an end marker
            _run.Work.Add(1, current);
        }
        else
        {
            Routing.SendMarker(_run.Work, edge, marker, current);
        }
    }

    /// <summary>The detach marker of an in-edge arrived (the cell's thread): everything sent on it has been handled; forget it.</summary>
    private void Detached(Edge edge)
    {
        Edge[] current = _inEdges ?? [];
        int at = Array.IndexOf(current, edge);
        if (at >= 0)
        {
            var next = new Edge[current.Length - 1];
            Array.Copy(current, 0, next, 0, at);
            Array.Copy(current, at + 1, next, at, current.Length - at - 1);
            Volatile.Write(ref _inEdges, next);
        }

        // Not the end of the port: a detached edge is not a finished producer, so no hook runs and nothing closes here
        // (removing one edge and adding another must not complete the node). A port left with no open edge ends as
        // any open input does: at a draining stop, or when the run goes quiet (ForceEnd).
        edge.CompleteDetach();
    }

    /// <summary>
    /// A source added to a running network starts producing (its thread): after every cell the update adds has run its
    /// <see cref="Start"/> (OnStart), so its first messages find their new targets started. An added cell's inputs stay
    /// open even if nothing feeds it yet: a later edit may connect it.
    /// </summary>
    public void ProduceLive()
    {
        if (Source is not null && !SourceDone && !_run.Draining)
        {
            ProducePending = true;
            Worker.PostProduce(this);
        }
    }

    /// <summary>
    /// Retires a cell a live edit removed (its thread), once every in-edge that mattered has been detached (so what it
    /// had is handled): its actor stops (OnStop), a source produces no more, and each out-edge is detached behind what
    /// it still holds. What still reaches it later (over an edge from another removed node) goes to the dead letters.
    /// </summary>
    public void Retire()
    {
        if (!_actorStopped)
        {
            StopActor();
        }

        SourceDone = true;
        RetireEventBudgets();
        Flags |= StreamFlags.Finished; // it sends no end markers of its own from now on: its edges are detached
        foreach (Edge[] port in OutEdges)
        {
            foreach (Edge edge in port)
            {
                DetachOut(edge);
            }
        }
    }
}
