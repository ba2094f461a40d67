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
/// </remarks>
internal sealed partial class ActorCell : IActorOutput, ICreditWaiter
{
    private CellQueue<(Edge Edge, Message Message)> _held; // mutable structs: used in place, never copied
    private CellQueue<Envelope> _pending;
    private readonly Scheduler _scheduler;
    private readonly SupervisionPolicy _policy;
    private Histogram<double> _processingTime = null!;
    private readonly int _errorPort;
    private readonly InputMode _mode;
    private readonly AwaitInputs _await; // the await modes' input set; a shared empty one in the each-message mode
    private bool _runOver;
    private bool _actorStopped;
    private bool _rejecting; // the actor is stopped or its circuit is open: input may be turned away
    private bool _suspended; // a retry is pending: no other input is handed to the actor
    private PendingRetry? _retry; // made on the first failure that is retried
    private int _retries;
    private int _restarts;
    private int _consecutiveFailures;
    private long _circuitOpenUntil;
    private int _state;
    private Edge? _waitingOn;
    private bool _messageEvents;
    private volatile bool _emitsFromOtherThreads;
    private CellSideChannels? _side; // timers and emissions from other threads; made on first use, from any thread

    public ActorCell(NodeDefinition node, Scheduler scheduler, SupervisionPolicy policy)
    {
        Node = node;
        _scheduler = scheduler;
        _policy = policy;
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
    }

    public NodeDefinition Node { get; }

    /// <summary>The edges into this cell (any port); read by the deadlock detector.</summary>
    public IReadOnlyList<Edge> InEdges => (IReadOnlyList<Edge>?)_inEdges ?? [];

    private Edge[]? _inEdges; // created with the first in-edge: an idle actor keeps nothing here

    /// <summary>Records in-edge number <paramref name="index"/> of <paramref name="total"/> (at construction of the network).</summary>
    public void AddInEdge(Edge edge, int index, int total) => (_inEdges ??= new Edge[total])[index] = edge;

    /// <summary>The full edge this cell is held back on, if any; written by the owner, read by the deadlock detector.</summary>
    public Edge? WaitingOn => Volatile.Read(ref _waitingOn);

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
    public Actor Actor { get; private set; }
    public ActorContext Context { get; }
    /// <summary>The actor, if it is a source.</summary>
    public SourceActor? Source => _isSource ? Unsafe.As<SourceActor>(Actor) : null; // a flag, not a second reference per actor

    private bool _isSource;
    public Worker Worker { get; set; } = null!;
    public Edge[][] OutEdges { get; }
    public long Invocations { get; private set; }
    public long Errors { get; private set; }
    public long Dropped { get; private set; }
    public long Restarts => _restarts;
    public bool IsHeldBack => _held.Count > 0;
    public bool ProducePending { get; set; }
    public bool SourceDone { get; private set; }

    /// <summary>The lifecycle state; written by the owner, readable from any thread.</summary>
    public ActorState State
    {
        get => (ActorState)Volatile.Read(ref _state);
        private set => _state = (int)value;
    }

    void IActorOutput.Emit(int outPort, in Message message) => Emit(outPort, -1, message);

    void IActorOutput.Emit(int outPort, int element, in Message message) => Emit(outPort, element, message);

    /// <summary>Sends to the edges of one index of an addressable out-port (<paramref name="element"/>), or of the whole port (-1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the whole-port call sites pass a constant -1: the element test folds away
    private void Emit(int outPort, int element, in Message message)
    {
        // Which thread is this? Running is set by the worker around every call into the actor, so an emission
        // while it is set comes from the worker (no thread-static read: on Linux each one is a call) — unless
        // the actor also emits from other threads, which it announces by taking a keep-alive: then ask.
        Worker? current = Worker;
        if (!Running || _emitsFromOtherThreads)
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
                    Dropped++;
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
                if (edge.IsLocal && current is not null && current.InlineDepth < MaxInlineDepth && edge.Target!.CanRunInline)
                {
                    DeliverInline(current, edge, message);
                }
                else if (!_scheduler.Send(edge, message, current))
                {
                    Dropped++; // the host's output closed under a late emission: counted, never silent
                }
            }
            else
            {
                _held.Enqueue((edge, message));
                _scheduler.AddOutstanding(1, current);
            }

            if (_messageEvents)
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
        current.Balance++; // the delivery's piece of work, retired when the target has handled it
        current.InlineDepth++;
        target.Running = true;
        if (target.TakesInputNow)
        {
            // The common case, without building an envelope: the target takes each message and has nothing before it.
            target.InvokeEach(edge, edge.TargetPort, message);
            target.AfterInvokeIfNeeded();
        }
        else
        {
            target.Deliver(new Envelope { Cell = target, Edge = edge, InPort = edge.TargetPort, Message = message, Kind = EnvelopeKind.Deliver });
        }

        target.Running = false;
        current.InlineDepth--;
    }

    /// <summary>
    /// An each-message actor that is neither held back, suspended, nor turning input away, and has no input
    /// waiting: a message can be handed to it at once.
    /// </summary>
    private bool TakesInputNow => _mode == InputMode.EachMessage && !_rejecting && !_suspended && _held.Count == 0 && _pending.Count == 0;

    /// <summary>How many inline deliveries may nest on one worker's stack.</summary>
    private const int MaxInlineDepth = 32;

    /// <summary>The cell's code is on the worker's stack now (set by the worker around each envelope); owner-only.</summary>
    public bool Running;

    /// <summary>Deliver envelopes for this cell waiting in its worker's local queue; owner-only.</summary>
    public int LocallyQueued;

    private bool CanRunInline => !Running && LocallyQueued == 0;

    private CellSideChannels Side => LazyInitializer.EnsureInitialized(ref _side);

    /// <summary>The cell's worker if the caller runs on it, else null (another thread, or before the workers start).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Worker? EmittingWorker() => Worker.Current == Worker ? Worker : null;

    public void Start()
    {
        _messageEvents = _scheduler.Events.MessagesEnabled; // subscriptions are closed once the run starts
        _processingTime = _scheduler.ProcessingTime;
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

    /// <summary>The run is over: the actor stops, and input that never formed a set goes to the dead letters.</summary>
    public void Stop()
    {
        _runOver = true;
        _retry?.Timer?.Dispose();
        CancelTimers();
        while (Volatile.Read(ref _side)?.ForeignEmits is { } emits && emits.TryDequeue(out _))
        {
            Dropped++;
        }

        DeadLetterQueuedInput(DeadLetterReason.IncompleteInputSet, releaseCredit: false);
        if (_suspended && _retry?.Envelope.Cell is not null)
        {
            DeadLetter(_retry.Envelope, DeadLetterReason.NetworkStopped); // its retry never came
            _retry.Envelope = default;
        }

        while (_pending.TryDequeue(out Envelope pending))
        {
            DeadLetter(pending, DeadLetterReason.NetworkStopped);
        }

        if (!_actorStopped)
        {
            StopActor();
        }
    }

    /// <summary>Counts a message the run ended before handling (left in a ring or queue at a stop without drain).</summary>
    public void Abandon(in Envelope envelope)
    {
        if (envelope.Kind == EnvelopeKind.Deliver)
        {
            DeadLetter(envelope, DeadLetterReason.NetworkStopped);
        }
        else if (envelope.Kind == EnvelopeKind.Emit && Volatile.Read(ref _side)?.ForeignEmits is { } emits && emits.TryDequeue(out _))
        {
            Dropped++; // emitted from another thread after the run: counted, never silent
        }
    }

    /// <summary>Handles a Deliver envelope: invoke now, or queue it while the cell is held back or suspended.</summary>
    public void Deliver(in Envelope envelope)
    {
        if (IsHeldBack || _suspended || _pending.Count > 0)
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
        if (SourceDone || IsHeldBack || _suspended)
        {
            return; // a Resume or a retry will ask again
        }

        if (_scheduler.Draining)
        {
            SourceDone = true; // a draining stop: what was produced is handled, nothing new starts
            return;
        }

        if (_rejecting && SourceWaitsForCircuit())
        {
            return;
        }

        State = ActorState.Processing;
        try
        {
            if (Source!.Produce(Context) == SourceStatus.Done)
            {
                SourceDone = true;
            }

            Invocations++;
            Succeeded();
        }
        catch (Exception ex)
        {
            OnFailure(ex, null, -1, retryable: true); // retry: suspended; restart: a fresh source; otherwise stopped
        }

        AfterInvocation();
    }

    /// <summary>An edge this cell was held back on has room: resume it on its own worker.</summary>
    void ICreditWaiter.OnRoom() => Worker.PostResume(this);

    /// <summary>Handles a Resume envelope: an edge has room, drain and carry on.</summary>
    public void Resume() => AfterInvocation();

    /// <summary>Handles a Retry envelope: the backoff has passed, hand the failed message (or Produce) over again.</summary>
    public void Retry()
    {
        _retry?.Timer?.Dispose();
        Worker.Balance--; // the piece of work ScheduleRetry added (this runs on the worker)
        if (!_suspended)
        {
            return;
        }

        _suspended = false;
        if (Source is not null)
        {
            Produce();
            return;
        }

        Envelope envelope = _retry!.Envelope;
        _retry.Envelope = default;
        Invoke(envelope);
    }

    private void Invoke(in Envelope envelope)
    {
        InvokeOnce(envelope);
        AfterInvokeIfNeeded();
    }

    /// <summary>
    /// The common case after a message, checked here without a call: nothing held back, nothing waiting, not a
    /// source, no timers. Then there is nothing to drain or ask for.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AfterInvokeIfNeeded()
    {
        if (_held.Count != 0 || _pending.Count != 0 || _suspended || _isSource || _side is not null || _waitingOn is not null)
        {
            AfterInvocation();
        }
    }

    private void InvokeOnce(in Envelope envelope)
    {
        if (_mode != InputMode.EachMessage)
        {
            CollectInput(envelope);
            return;
        }

        if (_rejecting && Rejects(envelope))
        {
            return;
        }

        InvokeEach(envelope.Edge, envelope.InPort, envelope.Message);
    }

    /// <summary>Hands one message to an each-message actor, then returns its credit and retires its piece of work.</summary>
    private void InvokeEach(Edge? edge, int inPort, in Message message)
    {
        Context.SetCurrent(inPort, edge is null ? -1 : edge.TargetElement, message);
        State = ActorState.Processing;
        long started = _processingTime.Enabled ? Stopwatch.GetTimestamp() : 0;
        if (ReceiveFailed() is { } failure && FailedAndWillRetry(failure, edge, inPort, message))
        {
            return; // still outstanding, still holding its credit: the retry handles it
        }

        if (started != 0)
        {
            RecordProcessingTime(started);
        }

        edge?.Release(); // the credit returns once the message is handled, not when it is dequeued
        Worker.Balance--; // handled: one piece of work less (deliveries are handled on the cell's own worker)
    }

    /// <summary>
    /// Calls <see cref="Actor.Receive"/>; the exception it threw, or null. The try block lives in this small method
    /// so that the caller's locals stay in registers: around a try the JIT keeps every live local on the stack
    /// (measured on a ten-stage pipeline: the try inline cost ~10 % of a hop; here, ~6 %).
    /// </summary>
    private Exception? ReceiveFailed()
    {
        try
        {
            Actor.Receive(Context);
            Invocations++;
            Succeeded();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FailedAndWillRetry(Exception exception, Edge? edge, int inPort, in Message message)
    {
        if (!OnFailure(exception, message, inPort, retryable: true))
        {
            return false;
        }

        _retry!.Envelope = new Envelope { Cell = this, Edge = edge, InPort = inPort, Message = message, Kind = EnvelopeKind.Deliver };
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Succeeded()
    {
        State = ActorState.Running;
        if (_consecutiveFailures != 0)
        {
            _consecutiveFailures = 0;
            _retries = 0;
        }
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

        Worker.Balance--; // after the firing: everything it emitted is already counted
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

    /// <summary>Drains the out-buffer, then the input that waited meanwhile, then asks a source for more.</summary>
    private void AfterInvocation()
    {
        while (true)
        {
            if (!TryDrainHeld())
            {
                return; // held back: a Resume comes when the edge it waits on has room
            }

            if (_suspended)
            {
                return; // the retry carries on
            }

            if (_side?.DeferredTimers is { Count: > 0 } deferred)
            {
                InvokeTimer(deferred.Dequeue());
                continue;
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
                if (!_scheduler.SendHeld(held.Edge, held.Message))
                {
                    Dropped++;
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

    // ---- timers, keep-alives and emissions from other threads ----

    TimeProvider IActorOutput.Time => _scheduler.Time;

    Permissions.PermissionSet IActorOutput.Permissions => Node.Permissions ?? _scheduler.Permissions;

    IDisposable IActorOutput.ScheduleTimer(TimeSpan dueTime, TimeSpan period, object? state)
    {
        if (_runOver || _actorStopped)
        {
            throw new InvalidOperationException($"Node '{Node.Id}' is stopped: it cannot start a timer.");
        }

        _scheduler.AddOutstanding(1); // the timer's own piece of work, retired when it is disposed
        var timer = new ActorTimer(this, _scheduler.Time, dueTime, period, state);
        CellSideChannels side = Side;
        lock (side.TimersLock)
        {
            side.Timers.Add(timer);
        }

        return timer;
    }

    IDisposable IActorOutput.KeepAlive()
    {
        _emitsFromOtherThreads = true; // from now on every emission checks its thread (see Emit)
        _scheduler.AddOutstanding(1);
        return new KeepAliveHandle(_scheduler);
    }

    /// <summary>A timer fired (thread-pool thread): hand it to the worker.</summary>
    public void EnqueueFiredTimer(ActorTimer timer)
    {
        Side.FiredTimers.Enqueue(timer);
        Worker.PostControl(this, EnvelopeKind.Timer);
    }

    /// <summary>A timer was disposed (any thread): forget it and retire its piece of work.</summary>
    public void TimerDisposed(ActorTimer timer)
    {
        CellSideChannels side = Side;
        lock (side.TimersLock)
        {
            side.Timers.Remove(timer);
        }

        _scheduler.CompleteOne();
    }

    /// <summary>Handles a Timer envelope: call OnTimer now, or after the out-buffer drains.</summary>
    public void FireTimer()
    {
        if (Volatile.Read(ref _side) is not { } side || !side.FiredTimers.TryDequeue(out ActorTimer? timer))
        {
            return;
        }

        if (IsHeldBack || _suspended)
        {
            side.DeferredTimers.Enqueue(timer); // a timer must not grow the out-buffer
            return;
        }

        InvokeTimer(timer);
        AfterInvocation();
    }

    private void InvokeTimer(ActorTimer timer)
    {
        if (timer.IsDisposed || _actorStopped || _runOver)
        {
            return;
        }

        State = ActorState.Processing;
        try
        {
            Actor.OnTimer(Context, timer.State);
            Succeeded();
        }
        catch (Exception ex)
        {
            OnFailure(ex, null, -1, retryable: false);
        }

        if (!timer.IsPeriodic)
        {
            timer.Dispose();
        }
    }

    /// <summary>Cancels every timer of the actor (any thread): a draining stop must not wait for them.</summary>
    public void CancelTimers()
    {
        ActorTimer[] timers;
        if (Volatile.Read(ref _side) is not { } side)
        {
            return; // never had a timer
        }

        lock (side.TimersLock)
        {
            if (side.Timers.Count == 0)
            {
                return;
            }

            timers = [.. side.Timers];
        }

        foreach (ActorTimer timer in timers)
        {
            timer.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitFromOtherThread(int outPort, int element, in Message message)
    {
        Side.ForeignEmits.Enqueue((outPort, element, message));
        Worker.PostControl(this, EnvelopeKind.Emit);
    }

    /// <summary>Handles an Emit envelope: send one emission made on another thread, from the worker.</summary>
    public void EmitForeign()
    {
        if (Volatile.Read(ref _side) is { } side && side.ForeignEmits.TryDequeue(out (int Port, int Element, Message Message) emission))
        {
            Emit(emission.Port, emission.Element, emission.Message);
            AfterInvocation(); // as after any invocation: drain what the emission held, or wait for room
        }
    }

    // ---- supervision: everything below runs only after a failure, a stop, or while a circuit is open ----

    /// <summary>
    /// Applies the policy to a failure. Returns true if the failed message will be retried (the caller keeps it
    /// outstanding); otherwise the failure is final and the action has been applied.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OnFailure(Exception exception, Message? message, int inPort, bool retryable)
    {
        Errors++;
        _consecutiveFailures++;
        State = ActorState.Error;
        string? port = inPort >= 0 ? Node.Component.Description.InPorts[inPort].Name : null;
        if (_scheduler.Events.Enabled)
        {
            _scheduler.Events.Publish(NetworkEventKind.ActorFailed, Node.Id, port, message, exception, ActorState.Error);
        }

        if (RunTracing.ActivitySource.HasListeners())
        {
            TraceFailure(exception, port);
        }

        bool caught = _errorPort >= 0 && OutEdges[_errorPort].Length > 0 && !_runOver; // the graph handles it
        RecordFailure(exception, port, caught);
        if (caught)
        {
            ((IActorOutput)this).Emit(_errorPort, Message.Error($"{Node.Id}: {exception.GetType().Name}: {exception.Message}"));
        }

        if (retryable && _retries < _policy.MaxRetries && !_runOver)
        {
            _retries++;
            ScheduleRetry(_policy.BackoffFor(_retries));
            Publish(NetworkEventKind.ActorRetrying, ActorState.Error);
            return true;
        }

        _retries = 0;
        if (_policy.CircuitBreakerThreshold > 0 && _consecutiveFailures >= _policy.CircuitBreakerThreshold)
        {
            _circuitOpenUntil = _scheduler.Time.GetTimestamp() + ToTimestampTicks(_policy.CircuitBreakerDuration);
            _rejecting = true;
            Publish(NetworkEventKind.CircuitOpened, ActorState.Error);
        }

        switch (_policy.Action)
        {
            case FailureAction.Restart when _restarts < _policy.MaxRestarts:
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
        _scheduler.AddOutstanding(1); // the pending retry is work: the run must not finish under it (Retry retires it)
        _suspended = true;
        _retry ??= new PendingRetry();
        _retry.Timer?.Dispose();
        _retry.Timer = _scheduler.Time.CreateTimer(static cell => ((ActorCell)cell!).Worker.PostControl((ActorCell)cell!, EnvelopeKind.Retry), this, delay, Timeout.InfiniteTimeSpan);
    }

    private void Restart()
    {
        _restarts++;
        State = ActorState.Stopping;
        TryOnStop();
        try
        {
            Actor = Node.Component.CreateActor();
            _isSource = Actor is SourceActor;
            Actor.OnStart(Context);
        }
        catch (Exception ex)
        {
            Errors++;
            RecordFailure(ex, null, caught: false); // a restart's failure goes to no error port
            _scheduler.Events.PublishIfEnabled(NetworkEventKind.ActorFailed, Node.Id, exception: ex);
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
            Errors++;
            RecordFailure(ex, null, caught: false); // OnStop's failure goes to no error port
            _scheduler.Events.PublishIfEnabled(NetworkEventKind.ActorFailed, Node.Id, exception: ex);
        }
    }

    /// <summary>Turns a message away if the actor is stopped or its circuit is still open; half-opens an expired circuit.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Rejects(in Envelope envelope)
    {
        DeadLetterReason reason;
        if (_actorStopped)
        {
            reason = DeadLetterReason.ActorStopped;
        }
        else if (_scheduler.Time.GetTimestamp() < _circuitOpenUntil)
        {
            reason = DeadLetterReason.CircuitOpen;
        }
        else
        {
            // Half-open: this message goes through; one more failure opens the circuit again.
            _rejecting = false;
            _circuitOpenUntil = 0;
            _consecutiveFailures = _policy.CircuitBreakerThreshold - 1;
            return false;
        }

        DeadLetter(envelope, reason);
        envelope.Edge?.Release();
        Worker.Balance--;
        return true;
    }

    /// <summary>A source with an open circuit produces again once it half-opens.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SourceWaitsForCircuit()
    {
        long remaining = _circuitOpenUntil - _scheduler.Time.GetTimestamp();
        if (_actorStopped || remaining <= 0)
        {
            _rejecting = _actorStopped;
            _circuitOpenUntil = 0;
            _consecutiveFailures = _policy.CircuitBreakerThreshold - 1;
            return _actorStopped;
        }

        ScheduleRetry(TimeSpan.FromSeconds((double)remaining / _scheduler.Time.TimestampFrequency));
        return true;
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

    private void DeadLetter(in Envelope envelope, DeadLetterReason reason)
    {
        Dropped++;
        CountDeadLetter(reason);
        _scheduler.DeadLetters.Add(new DeadLetter(Node.Id, Node.Component.Description.InPorts[envelope.InPort].Name, envelope.Message, reason));
    }

    private void Publish(NetworkEventKind kind, ActorState state)
    {
        if (_scheduler.Events.Enabled)
        {
            _scheduler.Events.Publish(kind, Node.Id, state: state);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PublishMessageSent(Edge edge, in Message message)
    {
        string from = Node.Component.Description.OutPorts[edge.SourcePort].Name + Element(edge.SourceElement);
        string to = edge.Target is { } target ? $"{target.Node.Id}.{target.Node.Component.Description.InPorts[edge.TargetPort].Name}{Element(edge.TargetElement)}" : "(host)";
        _scheduler.Events.Publish(NetworkEventKind.MessageSent, Node.Id, $"{from} -> {to}", message);
    }

    private static string Element(int element) => element < 0 ? "" : $"[{element}]";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordProcessingTime(long started) =>
        _processingTime.Record(
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, _scheduler.NetworkTag, new KeyValuePair<string, object?>("reflow.node", Node.Id));

    private void TraceFailure(Exception exception, string? port)
    {
        using Activity? activity = RunTracing.ActivitySource.StartActivity("reflow.actor.failed", ActivityKind.Internal, _scheduler.RunActivity);
        activity?.SetTag("reflow.node", Node.Id).SetTag("reflow.port", port).SetTag("exception.type", exception.GetType().FullName)
            .SetTag("exception.message", exception.Message).SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    private long ToTimestampTicks(TimeSpan duration) => (long)(duration.TotalSeconds * _scheduler.Time.TimestampFrequency);
}
