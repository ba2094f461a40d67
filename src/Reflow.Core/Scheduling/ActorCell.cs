using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// One node at run time: its actor, context, pinned worker, out-edges, the two queues backpressure needs, and its
/// supervision state.
/// </summary>
/// <remarks>
/// <para>Design: everything here is owned by the cell's worker thread (before the workers start, by the thread
/// that starts the run; after they stop, by the thread that ends it). When an emission finds an edge full, it and
/// every later emission of the cell go to the out-buffer (<c>_held</c>), which keeps each edge's order; the cell is
/// then "held back": it is not invoked again (input that arrives waits in <c>_pending</c>, bounded by its
/// in-edges' capacities) until the out-buffer has drained into edges with room. The out-buffer is bounded by what
/// one invocation emitted.</para>
/// <para>Supervision (see <see cref="SupervisionPolicy"/>): a failed message that will be retried stays
/// outstanding and keeps its edge credit; the cell is "suspended" (input waits in <c>_pending</c> as when held
/// back) until a timer posts the retry to the worker. The fast path pays one flag test (<c>_rejecting</c>: the
/// actor is stopped or its circuit is open) per message; everything else runs only after a failure.</para>
/// <para>Words with one meaning each. The actor's <see cref="State"/> (<see cref="ActorState"/>): Created (built, the
/// run has not started), Initialized (<c>OnStart</c> has run), <b>Running</b> (started and idle: waiting for input,
/// or a source between chunks), Processing (inside <c>Receive</c>, <c>Produce</c> or <c>OnTimer</c>), Error (it
/// threw; its policy is being applied or a retry is pending), Stopping (<c>OnStop</c> is running), Stopped. The cell's
/// <see cref="OnStack"/> flag says its code is on the worker's stack (a scheduling fact, not a state: it guards inline
/// delivery); "held back" (<see cref="IsHeldBack"/>) means its out-buffer waits for room; "suspended" means a retry
/// is pending; "the run is over" (<c>_runOver</c>) means the network has stopped its workers. A network's own
/// lifecycle (not started, started, stopping, finished) is the network's, never a cell's.</para>
/// <para>The partial files hold one concern each: <c>ActorCell.Inbox</c> (delivery, credit, invocation),
/// <c>ActorCell.Emission</c> (emit, inline delivery, out-buffer), <c>ActorCell.AwaitInputs</c> (the await modes),
/// <c>ActorCell.Supervision</c> (failures, retry, circuit breaker, restart, stop), <c>ActorCell.Timers</c> (timers,
/// keep-alives, emissions from other threads), <c>ActorCell.Lifecycle</c> (start, stop, abandon),
/// <c>ActorCell.Events</c> and <c>ActorCell.Failures</c> (what hosts observe). Hot state stays in the cell's own
/// fields: no helper object per actor (an idle actor costs at most 512 bytes, DESIGN.md §4).</para>
/// </remarks>
internal sealed partial class ActorCell : IActorOutput, ICreditWaiter
{
    private readonly NetworkRun _run;
    private Histogram<double> _processingTime = null!;
    private readonly int _errorPort;
    private readonly InputMode _mode;
    private readonly bool _routed; // input goes through InvokeRouted: an await mode, a batch actor or an async actor
    private readonly AwaitInputs _await; // the await modes' input set; a shared empty one in the each-message mode
    private bool _runOver;
    private bool _actorStopped;
    private int _state;
    private bool _messageEvents;
    private volatile bool _emitsFromOtherThreads;
    private CellSideChannels? _side; // timers and emissions from other threads; made on first use, from any thread
    private readonly CellTracing? _tracing; // message tracing (NetworkOptions.TraceMessages); null when off

    public ActorCell(NodeDefinition node, NetworkRun run, SupervisionPolicy policy)
    {
        Node = node;
        _run = run;
        _policy = policy;
        // Null until the network starts (Start sets it). A cell a live edit adds is made on a running network: set now,
        // a message that reaches it before its start (added cells on a cycle start together) is timed like any other
        // instead of failing on a null histogram with its piece of work never retired (a drain that never ends).
        _processingTime = run.ProcessingTime;
        _tracing = run.TraceMessages ? new CellTracing() : null;
        Actor = node.Component.CreateActor();
        Context = new ActorContext(node.Id, node.Component.Description, node.Configuration, this);
        _isSource = Actor is SourceActor;
        int outPorts = node.Component.Description.OutPorts.Length;
        OutEdges = outPorts == 0 ? [] : new Edge[outPorts][];
        Array.Fill(OutEdges, []);

        ComponentDescription description = node.Component.Description;
        _errorPort = description.IndexOfOutPort("error");
        _mode = description.InputMode;
        int inPorts = _mode == InputMode.EachMessage ? 0 : description.InPorts.Length;
        _await = inPorts == 0 ? AwaitInputs.None : new AwaitInputs(inPorts);
        for (int port = 0; port < inPorts; port++)
        {
            _await.Required[port] = _mode == InputMode.AwaitAllInPorts || description.InPorts[port].Required;
        }

        if (Actor is BatchActor batchActor)
        {
            (_mode, _await) = OpenBatchInbox(batchActor, _mode); // see ActorCell.Batch
        }

        _routed = _mode != InputMode.EachMessage || Actor is AsyncActor; // after the batch inbox: a batch actor's mode is its own
    }

    /// <summary>The node; a live edit that keeps the actor sets the record of the new definition (same id, component and configuration; its index there).</summary>
    public NodeDefinition Node { get; set; }

    /// <summary>The edges into this cell (any port); read by the deadlock detector.</summary>
    public IReadOnlyList<Edge> InEdges => (IReadOnlyList<Edge>?)_inEdges ?? [];

    private Edge[]? _inEdges; // created with the first in-edge: an idle actor keeps nothing here

    /// <summary>Records in-edge number <paramref name="index"/> of <paramref name="total"/> (at construction of the network).</summary>
    public void AddInEdge(Edge edge, int index, int total) => (_inEdges ??= new Edge[total])[index] = edge;

    public Actor Actor { get; private set; }
    public ActorContext Context { get; }
    /// <summary>The actor, if it is a source.</summary>
    public SourceActor? Source => _isSource ? Unsafe.As<SourceActor>(Actor) : null; // a flag, not a second reference per actor

    private bool _isSource;
    public Worker Worker { get; set; } = null!;
    public Edge[][] OutEdges { get; }
    public long Invocations { get; private set; }
    public long Errors => _failed?.Errors ?? 0;
    public long Dropped => _failed?.Dropped ?? 0;
    public long Restarts => _failed?.Restarts ?? 0;
    public bool IsHeldBack => _held.Count > 0;
    public bool ProducePending { get; set; }
    public bool SourceDone { get; private set; }

    /// <summary>The actor's lifecycle state (see the remarks for each name); written by the owner, readable from any thread.</summary>
    public ActorState State
    {
        get => (ActorState)Volatile.Read(ref _state);
        private set => _state = (int)value;
    }

    /// <summary>
    /// The cell's code is on its worker's stack now: set by the worker around each envelope and by an inline
    /// delivery around its call; owner-only. (Not <see cref="ActorState.Running"/>, which means the opposite: the
    /// actor is idle, waiting for input.)
    /// </summary>
    public bool OnStack;

    /// <summary>Deliver envelopes for this cell waiting in its worker's local queue; owner-only.</summary>
    public int LocallyQueued;
}
