using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Scheduling;

/// <summary>
/// One node at run time: its actor, context, pinned worker, out-edges, and the two queues backpressure needs.
/// </summary>
/// <remarks>
/// Design: everything here is owned by the cell's worker thread (before the workers start, by the thread that
/// starts the run). When an emission finds an edge full, it and every later emission of the cell go to the
/// out-buffer (<c>_held</c>), which keeps each edge's order; the cell is then "held back": it is not invoked
/// again (input that arrives waits in <c>_pending</c>, bounded by its in-edges' capacities) until the
/// out-buffer has drained into edges with room. The out-buffer is bounded by what one invocation emitted.
/// </remarks>
internal sealed class ActorCell : IActorOutput, ICreditWaiter
{
    private readonly Queue<(Edge Edge, Message Message)> _held = new();
    private readonly Queue<Envelope> _pending = new();
    private readonly Scheduler _scheduler;
    private readonly InputMode _mode;
    private readonly Queue<Envelope>[] _portQueues; // await modes: per in-port FIFO, each message keeps its credit
    private readonly bool[] _required;
    private readonly Message[] _latest; // AwaitRequiredInPorts: the latest value of each optional port
    private readonly bool[] _hasLatest;
    private readonly Envelope[] _taken;
    private bool _stopped;

    public ActorCell(NodeDefinition node, Scheduler scheduler)
    {
        Node = node;
        _scheduler = scheduler;
        Actor = node.Component.CreateActor();
        Context = new ActorContext(node.Id, node.Component.Description, node.Configuration, this);
        Source = Actor as SourceActor;
        OutEdges = new Edge[node.Component.Description.OutPorts.Length][];
        Array.Fill(OutEdges, []);

        ComponentDescription description = node.Component.Description;
        _mode = description.InputMode;
        int inPorts = _mode == InputMode.EachMessage ? 0 : description.InPorts.Length;
        _portQueues = new Queue<Envelope>[inPorts];
        _required = new bool[inPorts];
        _latest = new Message[inPorts];
        _hasLatest = new bool[inPorts];
        _taken = new Envelope[inPorts];
        for (int port = 0; port < inPorts; port++)
        {
            _portQueues[port] = new Queue<Envelope>();
            _required[port] = _mode == InputMode.AwaitAllInPorts || description.InPorts[port].Required;
        }
    }

    public NodeDefinition Node { get; }
    public Actor Actor { get; }
    public ActorContext Context { get; }
    public SourceActor? Source { get; }
    public Worker Worker { get; set; } = null!;
    public Edge[][] OutEdges { get; }
    public long Invocations { get; private set; }
    public long Errors { get; private set; }
    public long Dropped { get; private set; }
    public bool IsHeldBack => _held.Count > 0;
    public bool ProducePending { get; set; }
    public bool SourceDone { get; private set; }

    void IActorOutput.Emit(int outPort, in Message message)
    {
        Edge[] edges = OutEdges[outPort];
        if (edges.Length == 0 || _stopped)
        {
            Dropped++; // an unconnected out-port, or an emission from OnStop: counted, never silent
            return;
        }

        foreach (Edge edge in edges)
        {
            if (_held.Count == 0 && edge.TryReserve())
            {
                _scheduler.Send(edge, message);
            }
            else
            {
                _held.Enqueue((edge, message));
                _scheduler.AddOutstanding(1);
            }
        }
    }

    public void Start()
    {
        try
        {
            Actor.OnStart(Context);
        }
        catch (Exception)
        {
            Errors++;
        }

        // OnStart may emit more than an edge holds: drain, or register for the Resume, as after any invocation.
        // (A source's first Produce is posted by the run; Produce skips while held back and Resume re-posts it.)
        TryDrainHeld();
    }

    public void Stop()
    {
        _stopped = true;
        foreach (Queue<Envelope> queue in _portQueues)
        {
            Dropped += queue.Count; // inputs of a set that never completed: counted, never silent
        }

        try
        {
            Actor.OnStop(Context);
        }
        catch (Exception)
        {
            Errors++;
        }
    }

    /// <summary>Handles a Deliver envelope: invoke now, or queue it while the cell is held back.</summary>
    public void Deliver(in Envelope envelope)
    {
        if (IsHeldBack || _pending.Count > 0)
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
        if (SourceDone || IsHeldBack)
        {
            return; // a Resume will ask again once the out-buffer has drained
        }

        SourceStatus status;
        try
        {
            status = Source!.Produce(Context);
            Invocations++;
        }
        catch (Exception)
        {
            Errors++;
            status = SourceStatus.Done; // a source that throws is stopped rather than retried in a loop
        }

        if (status == SourceStatus.Done)
        {
            SourceDone = true;
        }

        AfterInvocation();
    }

    /// <summary>An edge this cell was held back on has room: resume it on its own worker.</summary>
    void ICreditWaiter.OnRoom() => Worker.PostResume(this);

    /// <summary>Handles a Resume envelope: an edge has room, drain and carry on.</summary>
    public void Resume() => AfterInvocation();

    private void Invoke(in Envelope envelope)
    {
        InvokeOnce(envelope);
        AfterInvocation();
    }

    private void InvokeOnce(in Envelope envelope)
    {
        if (_mode != InputMode.EachMessage)
        {
            CollectInput(envelope);
            return;
        }

        Context.SetCurrent(envelope.InPort, envelope.Message);
        try
        {
            Actor.Receive(Context);
            Invocations++;
        }
        catch (Exception)
        {
            Errors++; // the default policy: resume with the next message
        }

        envelope.Edge?.Release(); // the credit returns once the message is handled, not when it is dequeued
        _scheduler.CompleteOne();
    }

    /// <summary>
    /// The await modes: queue the input on its port and fire once per complete set. A queued message is no longer
    /// outstanding work (so a set that never completes cannot keep the run from finishing; it is counted as
    /// dropped at the end) but keeps its edge credit until its set fires, so a fast port's producer is held back.
    /// </summary>
    private void CollectInput(in Envelope envelope)
    {
        Context.SetCurrent(envelope.InPort, envelope.Message);
        if (_required[envelope.InPort])
        {
            _portQueues[envelope.InPort].Enqueue(envelope);
        }
        else
        {
            _latest[envelope.InPort] = envelope.Message; // an optional port only updates its latest value
            _hasLatest[envelope.InPort] = true;
            envelope.Edge?.Release();
        }

        while (SetIsComplete())
        {
            for (int port = 0; port < _portQueues.Length; port++)
            {
                if (_required[port])
                {
                    _taken[port] = _portQueues[port].Dequeue();
                    Context.SetInput(port, _taken[port].Message, present: true);
                }
                else
                {
                    Context.SetInput(port, _latest[port], _hasLatest[port]);
                }
            }

            try
            {
                Actor.Receive(Context);
                Invocations++;
            }
            catch (Exception)
            {
                Errors++;
            }

            for (int port = 0; port < _portQueues.Length; port++)
            {
                if (_required[port])
                {
                    _taken[port].Edge?.Release();
                    _taken[port] = default;
                }
            }
        }

        _scheduler.CompleteOne(); // after the firing: everything it emitted is already counted
    }

    private bool SetIsComplete()
    {
        bool anyRequired = false;
        for (int port = 0; port < _portQueues.Length; port++)
        {
            if (_required[port])
            {
                anyRequired = true;
                if (_portQueues[port].Count == 0)
                {
                    return false;
                }
            }
        }

        return anyRequired;
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

            if (_pending.Count == 0)
            {
                break;
            }

            InvokeOnce(_pending.Dequeue());
        }

        if (Source is not null && !SourceDone && !ProducePending)
        {
            ProducePending = true;
            Worker.PostProduce(this);
        }
    }

    private bool TryDrainHeld()
    {
        while (_held.TryPeek(out (Edge Edge, Message Message) held))
        {
            if (held.Edge.TryReserve())
            {
                _held.Dequeue();
                _scheduler.SendHeld(held.Edge, held.Message);
            }
            else if (held.Edge.WaitForRoom(this))
            {
                return false;
            }
        }

        return true;
    }
}
