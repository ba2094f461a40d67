using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Scheduling;

// Spawning (docs/spawning.md): an actor makes child actors while the run goes on. A child is a cell like any other,
// placed on its parent's worker (so every edge between them is local: no crossing, plain credit arithmetic), with one
// bounded edge per in-port from the parent and, when the parent names a reply port, an edge from each of its out-ports
// back to it. It is known only to its parent (not to the network's list of cells): the parent does not finish while it
// has live children, forwards a quiet moment's forced end and the run's stop to them, and collects a child once the
// child has finished and its end markers have come back behind everything it emitted.
//
// A fresh child (one that has not had its first messages yet) does not run inside its parent's call: what the parent
// sends it, and the end of its input, wait in its Pending queue, and the child waits on its worker's stack of fresh
// children, which the worker takes from, newest first, whenever its local queue is empty. Run inline, a tree of spawns
// kept every parent on the stack until the whole tree had been spawned, so no reply could reach a parent and no child
// could be collected: all of B8's 1.1 M actors were alive at once. From the stack, the tree is walked depth first and
// each child's replies and end markers are handled before the next child starts: only a path of the tree is alive.
// Per-edge order holds because everything the parent sends a child before its start waits in that one queue, which is
// sent on, in order, before anything sent after it (a send during the start appends to it).
internal sealed partial class ActorCell
{
    // One field for both roles, so an actor that neither spawns nor was spawned pays one word: a SpawnedChild (this
    // cell's own handle, when a parent spawned it and it has spawned nothing), a CellChildren (its children, made at its
    // first spawn; their Self is its own handle if it is a child too), or null.
    private object? _family;

    /// <summary>This cell's own handle when a parent spawned it; null for a node of the graph.</summary>
    private SpawnedChild? AsChild => _family as SpawnedChild ?? (_family as CellChildren)?.Self;

    /// <summary>This cell's children; null until its first spawn.</summary>
    private CellChildren? Children => _family as CellChildren;

    int IActorOutput.ChildCount => Children?.Count ?? 0;

    /// <summary>How many children this cell has spawned in all; read by the quiet check (NetworkRun.EndQuietStreams) at a quiet moment.</summary>
    public long SpawnedChildren => Children?.Spawned ?? 0;

    ChildActor IActorOutput.Spawn(Component component, SpawnOptions? options)
    {
        ArgumentNullException.ThrowIfNull(component);
        options ??= SpawnOptions.Default;
        EnsureInInvocation("spawn a child");
        ComponentDescription description = component.Description;
        int replyPort = ReplyPort(description, options);
        int capacity = options.Capacity ?? NetworkBuilder.DefaultEdgeCapacity;
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), capacity, $"Node '{Node.Id}' spawned component '{description.Name}' with a capacity of {capacity}: it must be at least 1.");
        }

        CellChildren children = Children ?? FirstSpawn();
        // Short by default: a tree's ids grow by a few characters per level (a named child adds its name).
        long number = children.Spawned + 1;
        string id = options.Name is { } name ? $"{Node.Id}/{name}#{number}" : $"{Node.Id}/{number}";
        SupervisionPolicy policy = options.Supervision ?? _policy;
        var node = new NodeDefinition(-1, id, component, ActorConfiguration.Create(id, description.Name, baseDirectory: Node.Configuration.BaseDirectory))
        {
            Supervision = policy,
            Permissions = Node.Permissions,
        };
        var cell = new ActorCell(node, _run, policy) { Worker = Worker }; // makes the actor: a factory's failure is the parent's
        int inPorts = description.InPorts.Length;
        if (inPorts == 0 && cell.Source is null)
        {
            throw new ArgumentException(
                $"Node '{Node.Id}' cannot spawn component '{description.Name}': it has no in-port to send to and its actor is not a source.", nameof(component));
        }

        children.Spawned++;
        Edge[] inEdges = inPorts == 0 ? [] : new Edge[inPorts];
        for (int port = 0; port < inPorts; port++)
        {
            inEdges[port] = new Edge(this, -1, cell, port, capacity, id: id) { IsLocal = true, TargetWorker = Worker };
            cell.AddInEdge(inEdges[port], port, inPorts);
        }

        int replies = 0;
        if (replyPort >= 0)
        {
            for (int port = 0; port < cell.OutEdges.Length; port++)
            {
                if (port != cell._errorPort)
                {
                    // Unbounded: the parent is held back by the edge into the child; were this one bounded too, a parent
                    // that sends more than both capacities before it reads a reply would wait for the child as it waits for it.
                    cell.OutEdges[port] = [new Edge(cell, port, this, replyPort, capacity, elastic: true, id: id) { IsLocal = true, TargetWorker = Worker }];
                    replies++;
                }
            }
        }

        var child = new SpawnedChild(id, description, this, cell, inEdges, replies);
        cell._family = child;
        children.Add(child);
        _run.ChildSpawned();
        cell.Start(); // OnStart, on this thread: the child's worker
        if (inPorts == 0)
        {
            cell.CloseInputsIfUnfed();
            cell.ProduceLive();
        }

        return child;
    }

    private CellChildren FirstSpawn()
    {
        var children = new CellChildren { Self = _family as SpawnedChild };
        _family = children;
        return children;
    }

    /// <summary>The parent's in-port the child's out-ports are wired to, or -1; checks that they fit it.</summary>
    private int ReplyPort(ComponentDescription child, SpawnOptions options)
    {
        if (options.ReplyTo is not { } name)
        {
            return -1;
        }

        ComponentDescription own = Node.Component.Description;
        int port = own.IndexOfInPort(name);
        if (port < 0)
        {
            throw new ArgumentException(
                $"Node '{Node.Id}' (component '{own.Name}') has no in-port '{name}' for the replies of component '{child.Name}'; it has: {PortNames(own.InPorts)}.",
                nameof(options));
        }

        PortDefinition target = own.InPorts[port];
        bool any = false;
        foreach (PortDefinition source in child.OutPorts)
        {
            if (string.Equals(source.Name, "error", StringComparison.Ordinal))
            {
                continue;
            }

            any = true;
            if (!PortTypeRules.CanConnect(source.Type, target.Type))
            {
                throw new ArgumentException(
                    $"Node '{Node.Id}' cannot wire out-port '{source.Name}' ({source.Type}) of component '{child.Name}' to its in-port '{name}' ({target.Type}).",
                    nameof(options));
            }
        }

        if (!any)
        {
            throw new ArgumentException(
                $"Node '{Node.Id}' asked for replies on in-port '{name}', but component '{child.Name}' has no out-port to send them from.", nameof(options));
        }

        return port;
    }

    private static string PortNames(System.Collections.Immutable.ImmutableArray<PortDefinition> ports) =>
        ports.IsEmpty ? "none" : string.Join(", ", ports.Select(p => p.Name));

    void IActorOutput.Send(ChildActor child, int inPort, in Message message)
    {
        SpawnedChild spawned = OwnChild(child);
        Edge[] edges = spawned.InEdges;
        if ((uint)inPort >= (uint)edges.Length || spawned.IsInputCompleted)
        {
            ThrowCannotSend(spawned, inPort);
        }

        Worker? current = Worker;
        if (!OnStack || _emitsFromOtherThreads)
        {
            current = EmittingWorker();
            if (current is null || !OnStack)
            {
                ThrowNotInInvocation("send to a child");
            }
        }

        // As Emit (ActorCell.Emission) for one edge: the credit, inline delivery when it cannot reorder, else the
        // out-buffer, which holds the parent back and keeps the order of everything it sends. A fresh child's messages
        // wait for its start (see the top of this file).
        Edge edge = edges[inPort];
        if (_held.Count == 0 && edge.TryReserve())
        {
            if (!spawned.IsStarted)
            {
                Defer(spawned, edge, message, current);
            }
            else if (current.InlineDepth < MaxInlineDepth && edge.Target!.CanRunInline)
            {
                DeliverInline(current, edge, message);
            }
            else
            {
                Routing.Send(_run.Work, edge, message, current);
            }
        }
        else
        {
            if (!spawned.IsStarted)
            {
                SendPending(spawned, current, inline: true); // what waits for the child's start goes before the out-buffer
            }

            _held.Enqueue((edge, message));
            _tracing?.Held.Enqueue(_tracing.Current);
            _run.Work.Add(1, current);
        }
    }

    /// <summary>A message (or the end marker) for a fresh child waits for its start; the child goes on the worker's stack once.</summary>
    private static void Defer(SpawnedChild child, Edge edge, in Message message, Worker current)
    {
        OutstandingWork.AddLocal(current); // the waiting message's piece of work, retired when it is sent on
        if (child.Pending.Count == 0)
        {
            // Its first waiting message: onto the stack. (A send while its start is under way, the queue momentarily
            // empty, pushes it once more; taken again, a started child has nothing left to start.)
            current.PushFresh(child);
        }

        child.Pending.Enqueue((edge, message));
    }

    /// <summary>
    /// Sends on what waits for <paramref name="child"/> (one of this cell's) unless it has started already: when the worker
    /// takes it from its stack of fresh children (<paramref name="inline"/>: it may run now), or before a stop or a forced
    /// end reaches it (queued, not run here: as if it had been sent).
    /// </summary>
    public void StartIfWaiting(SpawnedChild child, Worker current, bool inline)
    {
        if (!child.IsStarted)
        {
            SendPending(child, current, inline);
        }
    }

    /// <summary>
    /// Sends on what waits for a fresh child, in order; from then on, sends to it take the edges' own path. A send to the
    /// child while this runs (its reply reaching this cell inline) appends to the queue and goes in its turn.
    /// </summary>
    private void SendPending(SpawnedChild child, Worker current, bool inline)
    {
        while (child.Pending.TryDequeue(out (Edge Edge, Message Message) waiting))
        {
            if (waiting.Message.IsEndOfEdge)
            {
                Routing.SendMarker(_run.Work, waiting.Edge, waiting.Message, current);
            }
            else if (inline && current.InlineDepth < MaxInlineDepth && waiting.Edge.Target!.CanRunInline)
            {
                DeliverInline(current, waiting.Edge, waiting.Message);
            }
            else
            {
                Routing.Send(_run.Work, waiting.Edge, waiting.Message, current);
            }

            OutstandingWork.RetireLocal(current); // the piece of work Defer added: the send above counts its own
        }

        child.IsStarted = true; // it may still be on the stack: taken from it, it has nothing left to start
    }

    /// <summary>A stop without drain (the worker's AbandonFrom): what waited for a fresh child is dead-lettered, not handled.</summary>
    public void AbandonFreshChild(SpawnedChild child)
    {
        while (child.Pending.TryDequeue(out (Edge Edge, Message Message) waiting))
        {
            if (!waiting.Message.IsEndOfEdge && child.Cell is { } cell)
            {
                cell.Abandon(Envelope.Deliver(waiting.Edge, waiting.Message));
            }
        }

        child.IsStarted = true;
    }

    void IActorOutput.Complete(ChildActor child)
    {
        SpawnedChild spawned = OwnChild(child);
        if (spawned.IsInputCompleted)
        {
            return; // completing twice changes nothing
        }

        EnsureInInvocation("complete a child");
        CompleteChild(spawned);
    }

    /// <summary>Ends the child's input: an end marker on each edge into it, behind what was sent (and what waits in the out-buffer).</summary>
    private void CompleteChild(SpawnedChild child)
    {
        child.MarkInputCompleted();
        foreach (Edge edge in child.InEdges)
        {
            if (!child.IsStarted && _held.Count == 0)
            {
                Defer(child, edge, Message.EndOfEdge, Worker); // behind the messages that wait for the child's start
                continue;
            }

            if (!child.IsStarted)
            {
                SendPending(child, Worker, inline: true);
            }

            SendMarker(edge, Message.EndOfEdge);
        }
    }

    /// <summary>This cell stops (its policy, or its parent's end): its children's input ends, so each finishes what it has and is collected.</summary>
    private void CompleteChildren()
    {
        if (Children is not { } children)
        {
            return;
        }

        for (int i = 0; i < children.Count; i++)
        {
            if (!children[i].IsInputCompleted)
            {
                CompleteChild(children[i]);
            }
        }
    }

    /// <summary>
    /// The run went quiet with this cell unfinished (ForceEnd): its children's input ends, and each is forced too, so
    /// one waiting for a grandchild does the same. Nothing is in flight at a quiet moment: nothing is cut short.
    /// </summary>
    private void ForceEndOfChildren()
    {
        if (Children is not { } children)
        {
            return;
        }

        for (int i = 0; i < children.Count; i++)
        {
            SpawnedChild child = children[i];
            if (!child.IsInputCompleted)
            {
                CompleteChild(child);
            }

            StartIfWaiting(child, Worker, inline: false);
            Worker.PostControl(child.Cell!, EnvelopeKind.ForceEnd);
        }
    }

    /// <summary>This cell, a child, has finished (TryFinishStream). With no edge back to the parent, nothing else will tell it.</summary>
    private void ChildStreamFinished()
    {
        if (AsChild is { ReplyEdges: 0 } && !_runOver)
        {
            Worker.PostControl(this, EnvelopeKind.ChildFinished); // handled on the worker's own loop: the parent is not on the stack
        }
    }

    /// <summary>Handles a ChildFinished envelope (this cell is the child): its parent collects it.</summary>
    public void ReportFinishedToParent()
    {
        SpawnedChild self = AsChild!;
        self.Parent.CollectChild(self);
    }

    /// <summary>
    /// The end marker of an edge from a child arrived (this cell is the parent): everything the child sent on it has
    /// been handled. Once all its edges have ended, the child is collected.
    /// </summary>
    private void ChildEdgeEnded(SpawnedChild child)
    {
        if (--child.OpenReplyEdges == 0)
        {
            CollectChild(child);
        }
    }

    /// <summary>A finished child is collected: its actor stops (OnStop), and it is let go; this cell may have waited for it to finish.</summary>
    private void CollectChild(SpawnedChild child)
    {
        ActorCell cell = child.Cell!;
        if (!cell._actorStopped)
        {
            cell.StopActor();
        }

        cell.RetireEventBudgets();
        Children!.Remove(child);
        child.Release();
        _run.ChildCollected();
        TryFinishStream();
    }

    /// <summary>The run is over (Stop): each live child stops too, and so do its own children.</summary>
    private void StopChildren()
    {
        if (Children is not { } children)
        {
            return;
        }

        for (int i = 0; i < children.Count; i++)
        {
            StartIfWaiting(children[i], Worker, inline: false);
            children[i].Cell!.Stop();
        }
    }

    /// <summary>A stop without draining (AbandonHeld): what the children still hold goes on as this cell's does.</summary>
    private void AbandonChildrenHeld()
    {
        if (Children is not { } children)
        {
            return;
        }

        for (int i = 0; i < children.Count; i++)
        {
            StartIfWaiting(children[i], Worker, inline: false);
            children[i].Cell!.AbandonHeld();
        }
    }

    /// <summary>
    /// A spawned child's failure is final (its policy's action applies now): its parent hears of it as an Error message on
    /// the reply port, in order with the child's other emissions, over its first out-port with an edge back.
    /// </summary>
    private void ReportFailureToParent(Exception exception)
    {
        for (int port = 0; port < OutEdges.Length; port++)
        {
            if (OutEdges[port].Length > 0)
            {
                Emit(port, -1, Message.Error($"{Node.Id}: {exception.GetType().Name}: {exception.Message}"));
                return;
            }
        }
    }

    private SpawnedChild OwnChild(ChildActor child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (child is SpawnedChild spawned && spawned.Parent == this)
        {
            return spawned;
        }

        ThrowNotOwnChild(child);
        return null;
    }

    /// <summary>Spawning and completing are for the actor's own calls on its worker, where its children live.</summary>
    private void EnsureInInvocation(string what)
    {
        if (!OnStack || Worker.Current != Worker || _runOver)
        {
            ThrowNotInInvocation(what);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotInInvocation(string what) =>
        throw new InvalidOperationException(
            $"Node '{Node.Id}' (component '{Node.Component.Description.Name}') tried to {what} outside an invocation: only from Receive, OnTimer " +
            "or a stream hook (not OnStart or OnStop), on the actor's own thread, while the run goes on.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotOwnChild(ChildActor child) =>
        throw new ArgumentException($"Node '{Node.Id}' did not spawn child '{child.Id}': only the parent that spawned a child can use it.", nameof(child));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCannotSend(SpawnedChild child, int inPort)
    {
        if (child.IsInputCompleted)
        {
            throw new InvalidOperationException($"Node '{Node.Id}' sent to child '{child.Id}' after completing its input: nothing more can be sent to it.");
        }

        throw new ArgumentOutOfRangeException(
            nameof(inPort), inPort, $"Child '{child.Id}' (component '{child.Component.Name}') has no in-port {inPort}; it has: {PortNames(child.Component.InPorts)}.");
    }
}
