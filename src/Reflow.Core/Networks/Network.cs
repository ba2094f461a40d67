using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Rings;
using Reflow.Scheduling;

namespace Reflow.Networks;

/// <summary>
/// A running instance of a <see cref="NetworkDefinition"/>: one actor per node on pinned worker threads,
/// bounded edges with backpressure, initial packets delivered first.
/// </summary>
/// <remarks>
/// <para><see cref="RunAsync"/> runs the network to completion: it returns when every source is done, every
/// exported in-port has been completed by the host (<see cref="CompleteInput"/>) and every message has been
/// handled.</para>
/// <para>The host feeds exported in-ports with <see cref="SendAsync"/> (waits for room) or
/// <see cref="TrySend"/> (reports a full edge), and reads exported out-ports through <see cref="Output"/>. An
/// exported out-port is a bounded edge too: read it while the network runs, or its producer is held back.</para>
/// <code>
/// await using Network network = Network.Create(definition);
/// Task&lt;NetworkRunResult&gt; run = network.RunAsync();
/// Task reading = Task.Run(async () => { await foreach (Message m in network.Output("result").ReadAllAsync()) Use(m); });
/// await network.SendAsync("values", Message.Integer(21));
/// network.CompleteInput("values");
/// NetworkRunResult result = await run;
/// await reading;
/// </code>
/// <para>A long-running network is started with <see cref="StartAsync"/> and stopped with <see cref="StopAsync"/>
/// (draining: what was accepted is handled; or not: what is left goes to the dead letters). A failing actor
/// affects only itself, under its <see cref="SupervisionPolicy"/>. Hosts observe a run through
/// <see cref="SubscribeEvents"/>, <see cref="DeadLetters"/>, <see cref="GetActorState"/>, the
/// <c>Reflow.Network</c> meter (System.Diagnostics.Metrics) and the <c>Reflow.Network</c> activity source.</para>
/// </remarks>
public sealed class Network : IAsyncDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> every network reports on (tag <c>reflow.network</c> = <see cref="NetworkOptions.Name"/>).</summary>
    public const string MeterName = NetworkMetrics.MeterName;

    /// <summary>The name of the <see cref="ActivitySource"/> of run and actor-failure traces.</summary>
    public const string ActivitySourceName = NetworkMetrics.ActivitySourceName;

    private const int Created = 0, Running = 1, Stopping = 2, Finished = 3;

    private readonly NetworkDefinition _definition;
    private readonly NetworkOptions _options;
    private readonly Scheduler _scheduler;
    private readonly ActorCell[] _cells;
    private readonly Edge[] _edges;
    private readonly Worker[] _workers;
    private readonly Dictionary<string, HostInput> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostOutput> _outputs = new(StringComparer.Ordinal);
    private Dictionary<string, ActorCell>? _cellsById; // built on the first lookup by id: most runs never make one
    private readonly TaskCompletionSource<NetworkRunResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly NetworkMetrics _metrics;
    private readonly Stopwatch _clock = new();
    private Activity? _activity;
    private int _state;
    private int _keptAlive; // 1 while StartAsync's hold on the run is in place
    private volatile bool _aborted;
    private volatile bool _stopRequested;
    private ITimer? _deadlockTimer;
    private long _lastProgress = -1;
    private List<ActorCell>? _lastCycle;

    private Network(NetworkDefinition definition, NetworkOptions options)
    {
        _definition = definition;
        _options = options;
        _scheduler = new Scheduler(options.TimeProvider, options.DeadLetterCapacity) { Permissions = options.Permissions };
        _cells = new ActorCell[definition.Nodes.Length];
        for (int i = 0; i < _cells.Length; i++)
        {
            NodeDefinition node = definition.Nodes[i];
            _cells[i] = new ActorCell(node, _scheduler, node.Supervision ?? options.Supervision);
        }

        _edges = CreateEdges(definition, options);
        _workers = Place(options);
        _metrics = new NetworkMetrics(options.Name, _cells, _edges, Statistics, _scheduler.DeadLetters);
        _scheduler.ProcessingTime = _metrics.ProcessingTime;
        _scheduler.NetworkTag = _metrics.NetworkTag;
    }

    /// <summary>Creates a network from a validated definition (every node gets a fresh actor).</summary>
    public static Network Create(NetworkDefinition definition, NetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        options ??= NetworkOptions.Default;
        options.Validate();
        return new Network(definition, options);
    }

    /// <summary>The run's outcome: completes when the run is over (finished, stopped, or failed).</summary>
    public Task<NetworkRunResult> Completion => _completion.Task;

    /// <summary>The messages that could not be delivered (see <see cref="DeadLetterReason"/>); completes when the run is over.</summary>
    public ChannelReader<DeadLetter> DeadLetters => _scheduler.DeadLetters.Reader;

    /// <summary>
    /// Subscribes to the network's events. Call before the network starts; events are buffered per subscriber
    /// (<see cref="NetworkEventSubscription.Capacity"/>) and the reader completes when the run is over.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network has already started.</exception>
    public ChannelReader<NetworkEvent> SubscribeEvents(NetworkEventSubscription? subscription = null)
    {
        if (Volatile.Read(ref _state) != Created)
        {
            throw new InvalidOperationException("Subscribe to a network's events before it starts: events of a run in progress would be incomplete.");
        }

        return _scheduler.Events.Subscribe(subscription ?? new NetworkEventSubscription());
    }

    /// <summary>The lifecycle state of node <paramref name="nodeId"/>'s actor.</summary>
    /// <remarks>A snapshot of a state its worker moves on: an actor is <see cref="ActorState.Processing"/> from just
    /// before the call into it until that call returns, so what it emitted can reach a reader (another actor, or
    /// the host through <see cref="Output"/>) while it still reads Processing; it is Running once it has returned.</remarks>
    /// <exception cref="ArgumentException">There is no such node.</exception>
    public ActorState GetActorState(string nodeId) =>
        CellsById().TryGetValue(nodeId, out ActorCell? cell)
            ? cell.State
            : throw new ArgumentException($"The network has no node '{nodeId}'.", nameof(nodeId));

    private Dictionary<string, ActorCell> CellsById() => LazyInitializer.EnsureInitialized(ref _cellsById, () =>
    {
        var byId = new Dictionary<string, ActorCell>(_cells.Length, StringComparer.Ordinal);
        foreach (ActorCell cell in _cells)
        {
            byId.Add(cell.Node.Id, cell);
        }

        return byId;
    });

    /// <summary>
    /// Runs the network until every source is done, every exported in-port is completed and every message has
    /// been handled, then stops every actor.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network has already been started.</exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled: the network is stopped without draining (what is left
    /// goes to the dead letters), every actor's <c>OnStop</c> has run, and <see cref="Completion"/> has the statistics.
    /// </exception>
    public async Task<NetworkRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Start(keepAlive: false);
        NetworkRunResult result;
        using (cancellationToken.Register(static n => ((Network)n!).Abort(), this))
        {
            result = await Completion.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>
    /// Starts a long-running network: it keeps running, even with nothing to do, until <see cref="StopAsync"/>
    /// (or <see cref="DisposeAsync"/>). <see cref="Completion"/> completes when it has stopped.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network has already been started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Start(keepAlive: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops the network. Draining (the default): exported in-ports are completed, sources produce no more,
    /// actor timers are cancelled, and everything already accepted is handled before the actors stop. Without
    /// draining, or if <paramref name="cancellationToken"/> is cancelled while draining: the workers stop at once
    /// and what is left goes to the dead letters. Idempotent; returns the run's statistics.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network was never started.</exception>
    public async Task<NetworkRunResult> StopAsync(bool drain = true, CancellationToken cancellationToken = default)
    {
        int state = Volatile.Read(ref _state);
        if (state == Created)
        {
            throw new InvalidOperationException("The network was never started: there is nothing to stop.");
        }

        _stopRequested = true;
        if (!drain)
        {
            Abort();
        }
        else if (Interlocked.CompareExchange(ref _state, Stopping, Running) == Running)
        {
            _scheduler.StartDraining();
            foreach (HostInput input in _inputs.Values)
            {
                input.Complete();
            }

            foreach (ActorCell cell in _cells)
            {
                cell.CancelTimers();
            }

            ReleaseKeepAlive();
        }

        using (cancellationToken.Register(static n => ((Network)n!).Abort(), this))
        {
            return await Completion.ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="message"/> to the exported in-port <paramref name="inPort"/>, waiting while its edge is full.</summary>
    /// <exception cref="ArgumentException">There is no such exported in-port; the message lists them.</exception>
    /// <exception cref="InvalidOperationException">The network is not running (not started, stopping or stopped), or the input was completed.</exception>
    public ValueTask SendAsync(string inPort, Message message, CancellationToken cancellationToken = default) =>
        RunningInput(inPort).SendAsync(message, cancellationToken);

    /// <summary>Sends <paramref name="message"/> to the exported in-port <paramref name="inPort"/> if its edge has room.</summary>
    /// <returns><see langword="false"/> if the edge is full.</returns>
    /// <exception cref="ArgumentException">There is no such exported in-port; the message lists them.</exception>
    /// <exception cref="InvalidOperationException">The network is not running (not started, stopping or stopped), or the input was completed.</exception>
    public bool TrySend(string inPort, in Message message) => RunningInput(inPort).TrySend(message);

    /// <summary>No more messages will be sent to <paramref name="inPort"/>. Idempotent.</summary>
    public void CompleteInput(string inPort) => FindInput(inPort).Complete();

    /// <summary>Completes every exported in-port.</summary>
    public void CompleteInputs()
    {
        foreach (HostInput input in _inputs.Values)
        {
            input.Complete();
        }
    }

    /// <summary>The messages of the exported out-port <paramref name="outPort"/>; each read frees room on its edge.</summary>
    /// <exception cref="ArgumentException">There is no such exported out-port; the message lists them.</exception>
    public ChannelReader<Message> Output(string outPort) =>
        _outputs.TryGetValue(outPort, out HostOutput? output)
            ? output
            : throw new ArgumentException($"The network has no exported out-port '{outPort}'; it has: {Names(_outputs.Keys)}.", nameof(outPort));

    /// <summary>Stops the network without draining if it is still running, and waits until it has stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Finished, Created) == Created)
        {
            _metrics.Dispose(); // never started: nothing runs
            return;
        }

        Abort();
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The run's failure belongs to whoever awaits Completion or RunAsync; disposing only ends it.
        }

        _metrics.Dispose();
    }

    private void Start(bool keepAlive)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Created) != Created)
        {
            throw new InvalidOperationException("A network runs once; create a new one from the same definition to run again.");
        }

        _activity = NetworkMetrics.ActivitySource.StartActivity("reflow.network.run");
        _activity?.SetTag("reflow.network", _options.Name).SetTag("reflow.nodes", _cells.Length);
        _scheduler.RunActivity = _activity?.Context ?? default;
        _clock.Start();
        _scheduler.Events.PublishIfEnabled(NetworkEventKind.NetworkStarted);
        foreach (ActorCell cell in _cells)
        {
            cell.Start();
        }

        // Initial packets first: posted before any worker runs, so they precede all other input of their node.
        foreach (InitialDefinition initial in _definition.Initials)
        {
            _scheduler.AddOutstanding(1);
            ActorCell target = _cells[initial.ToNode];
            Edge? element = initial.ToIndex < 0 ? null : InitialEdge(target, initial);
            target.Worker.Post(new Envelope { Cell = target, Edge = element, InPort = initial.ToPort, Message = initial.Value, Kind = EnvelopeKind.Deliver });
        }

        foreach (ActorCell cell in _cells)
        {
            if (cell.Source is not null && !cell.SourceDone)
            {
                cell.ProducePending = true;
                cell.Worker.PostProduce(cell);
            }
        }

        _scheduler.AddHostWait(_inputs.Count); // each exported in-port is open until the host completes it
        if (keepAlive)
        {
            _keptAlive = 1;
            _scheduler.AddHostWait(1); // a started network waits for the host's StopAsync
        }

        _scheduler.CheckFinishedAtStart();
        foreach (Worker worker in _workers)
        {
            worker.MarkStarted();
        }

        foreach (Worker worker in _workers)
        {
            worker.Start();
        }

        if (_options.DeadlockDetectionInterval > TimeSpan.Zero)
        {
            // Real time, not the options' clock: a test's fake clock must not stop the safety net.
            TimeSpan interval = _options.DeadlockDetectionInterval;
            _deadlockTimer = TimeProvider.System.CreateTimer(static n => ((Network)n!).CheckForDeadlock(), this, interval, interval);
        }

        _ = FinishWhenDoneAsync();
    }

    /// <summary>Runs on a timer: reports a cycle of waiting actors seen twice with no progress in between.</summary>
    private void CheckForDeadlock()
    {
        if (Volatile.Read(ref _state) is not (Running or Stopping))
        {
            return;
        }

        long progress = 0;
        foreach (Worker worker in _workers)
        {
            progress += worker.Handled;
        }

        List<ActorCell>? cycle = DeadlockDetector.FindCycle(_cells);
        bool confirmed = cycle is not null && progress == _lastProgress && _lastCycle is not null && cycle.SequenceEqual(_lastCycle);
        _lastProgress = progress;
        _lastCycle = cycle;
        if (!confirmed)
        {
            return;
        }

        string[] nodes = [.. cycle!.Select(c => c.Node.Id)];
        var waits = new List<string>();
        foreach (ActorCell cell in cycle!)
        {
            waits.Add(cell.WaitingOn is { } edge
                ? $"'{cell.Node.Id}' is held back on its full edge {Describe(edge)} (capacity {edge.Capacity})"
                : $"'{cell.Node.Id}' waits for input on in-port(s) {string.Join(", ", cell.MissingRequiredPorts().Select(p => cell.Node.Component.Description.InPorts[p].Name))}");
        }

        var deadlock = new NetworkDeadlockException(
            nodes,
            $"Deadlock: the nodes {string.Join(" -> ", nodes)} -> {nodes[0]} wait on each other and no message can move: {string.Join("; ", waits)}. " +
            "Raise the capacities of these edges, or mark one of them elastic.");
        _scheduler.Events.Publish(new NetworkEvent(NetworkEventKind.Deadlock, _options.TimeProvider.GetUtcNow(), Exception: deadlock) { Nodes = nodes });
        _aborted = true;
        foreach (Worker worker in _workers)
        {
            worker.Stop(abandon: true);
        }

        _scheduler.Fail(deadlock);
    }

    private string Describe(Edge edge)
    {
        EdgeStatistics e = Statistics(edge);
        return $"{e.From}.{e.FromPort} -> {e.To}.{e.ToPort}";
    }

    private void ReleaseKeepAlive()
    {
        if (Interlocked.Exchange(ref _keptAlive, 0) == 1)
        {
            _scheduler.CompleteHostWait();
        }
    }

    private void Abort()
    {
        _stopRequested = true;
        _aborted = true;
        foreach (Worker worker in _workers)
        {
            worker.Stop(abandon: true); // at once, not when the finishing continuation runs: nothing more is handled
        }

        _scheduler.Abort();
    }

    /// <summary>Ends the run once its work is done (or it was stopped): workers, actors, outputs, statistics.</summary>
    private async Task FinishWhenDoneAsync()
    {
        Exception? failure = null;
        try
        {
            await _scheduler.Finished.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        _deadlockTimer?.Dispose();
        bool abandon = _aborted || failure is not null;
        foreach (Worker worker in _workers)
        {
            worker.Stop(abandon);
        }

        foreach (Worker worker in _workers)
        {
            worker.Join();
        }

        _clock.Stop();
        Volatile.Write(ref _state, Finished);
        foreach (HostOutput output in _outputs.Values)
        {
            output.Complete(); // what is left can still be read; then ReadAllAsync ends
        }

        foreach (ActorCell cell in _cells)
        {
            cell.Stop();
        }

        var result = WithFailures(new NetworkRunResult(_clock.Elapsed, NodeStatisticsSnapshot(), EdgeStatisticsSnapshot())
        {
            Completed = !abandon,
            DeadLetters = _scheduler.DeadLetters.Count,
            DeadLettersByReason = _scheduler.DeadLetters.CountsByReason(),
            EventsDiscarded = _scheduler.Events.Discarded,
        });

        _scheduler.Events.PublishIfEnabled(NetworkEventKind.NetworkFinished, exception: failure);
        _scheduler.Events.Complete();
        _scheduler.DeadLetters.Complete();
        if (_activity is not null)
        {
            _activity.SetTag("reflow.messages", result.Messages).SetTag("reflow.errors", result.Errors).SetTag("reflow.uncaught_failures", result.UncaughtFailures);
            _activity.SetStatus(failure is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, failure?.Message);
            _activity.Dispose();
        }

        if (failure is not null)
        {
            _completion.TrySetException(failure);
        }
        else
        {
            _completion.TrySetResult(result);
        }
    }

    private HostInput FindInput(string inPort) =>
        _inputs.TryGetValue(inPort, out HostInput? input)
            ? input
            : throw new ArgumentException($"The network has no exported in-port '{inPort}'; it has: {Names(_inputs.Keys)}.", nameof(inPort));

    private HostInput RunningInput(string inPort)
    {
        HostInput input = FindInput(inPort);
        int state = Volatile.Read(ref _state);
        if (_stopRequested)
        {
            throw new InvalidOperationException(
                $"Input '{inPort}' cannot be sent: the network {(state == Finished ? "has stopped" : "is stopping")} and accepts no more input.");
        }

        if (input.IsCompleted)
        {
            return input; // its own calls report "completed", the precise reason, even after the run has finished
        }

        return state switch
        {
            Created => throw new InvalidOperationException($"Input '{inPort}' cannot be sent yet: the network has not started (call StartAsync or RunAsync first)."),
            Running => input,
            _ => throw new InvalidOperationException($"Input '{inPort}' cannot be sent: the network has finished its run and accepts no more input."),
        };
    }

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private EdgeStatistics Statistics(Edge e) => Statistics(e, e.Delivered);

    private EdgeStatistics Statistics(Edge e, long delivered)
    {
        string from = e.Source?.Node.Id ?? "(host)";
        string fromPort = e.Source?.Node.Component.Description.OutPorts[e.SourcePort].Name ?? _inputs.Values.First(i => i.Edge == e).Name;
        string to = e.Target?.Node.Id ?? "(host)";
        string toPort = e.Target?.Node.Component.Description.InPorts[e.TargetPort].Name ?? _outputs.First(o => o.Value.Edge == e).Key;
        return new EdgeStatistics(from, fromPort, to, toPort, delivered) { FromIndex = e.SourceElement, ToIndex = e.TargetElement };
    }

    /// <summary>
    /// The edges' counts now, as records made when read (see <see cref="StatisticsList{T}"/>). The list keeps
    /// plain arrays and the immutable definition, never the network's run-time objects: a result that outlives the
    /// network does not keep a million cells alive.
    /// </summary>
    private StatisticsList<EdgeStatistics> EdgeStatisticsSnapshot()
    {
        var delivered = new long[_edges.Length];
        var ends = new (int FromNode, int FromPort, int ToNode, int ToPort)[_edges.Length];
        Dictionary<int, EdgeStatistics>? hostEdges = null; // named by the exported ports: few, made now
        for (int i = 0; i < _edges.Length; i++)
        {
            Edge e = _edges[i];
            delivered[i] = e.Delivered;
            ends[i] = (e.Source?.Node.Index ?? -1, e.SourcePort, e.Target?.Node.Index ?? -1, e.TargetPort);
            if (e.Source is null || e.Target is null)
            {
                (hostEdges ??= [])[i] = Statistics(e, delivered[i]);
            }
        }

        ImmutableArray<NodeDefinition> nodes = _definition.Nodes;
        NetworkDefinition definition = _definition;
        return new StatisticsList<EdgeStatistics>(delivered.Length, i =>
        {
            if (hostEdges is not null && hostEdges.TryGetValue(i, out EdgeStatistics? host))
            {
                return host;
            }

            NodeDefinition from = nodes[ends[i].FromNode], to = nodes[ends[i].ToNode];
            EdgeDefinition edge = definition.Edges[i]; // the cells' edges come first, in definition order (CreateEdges)
            return new EdgeStatistics(
                from.Id, from.Component.Description.OutPorts[ends[i].FromPort].Name, to.Id, to.Component.Description.InPorts[ends[i].ToPort].Name, delivered[i])
            {
                FromIndex = edge.FromIndex,
                ToIndex = edge.ToIndex,
            };
        });
    }

    /// <summary>The nodes' counts and states now, as records made when read (see <see cref="EdgeStatisticsSnapshot"/>).</summary>
    private StatisticsList<NodeStatistics> NodeStatisticsSnapshot()
    {
        var counts = new (long Invocations, long Errors, long Dropped, long Restarts, ActorState State)[_cells.Length];
        Dictionary<int, NodeFailureCounts>? failures = null; // only the nodes that had any: a few, usually none
        for (int i = 0; i < counts.Length; i++)
        {
            ActorCell c = _cells[i];
            counts[i] = (c.Invocations, c.Errors, c.Dropped, c.Restarts, c.State);
            if (c.Failures != 0 || c.DeadLetters != 0)
            {
                (failures ??= [])[i] = new NodeFailureCounts(c.Failures, c.UncaughtFailures, c.DeadLetters, c.DeadLettersFromFailures);
            }
        }

        ImmutableArray<NodeDefinition> nodes = _definition.Nodes;
        SupervisionPolicy defaultPolicy = _options.Supervision;
        return new StatisticsList<NodeStatistics>(counts.Length, i =>
        {
            NodeFailureCounts f = failures is not null && failures.TryGetValue(i, out NodeFailureCounts found) ? found : default;
            return new NodeStatistics(nodes[i].Id, counts[i].Invocations, counts[i].Errors, counts[i].Dropped)
            {
                Restarts = counts[i].Restarts,
                State = counts[i].State,
                Failures = f.Failures,
                UncaughtFailures = f.Uncaught,
                DeadLetters = f.DeadLetters,
                DeadLettersFromFailures = f.FromFailures,
                IgnoresFailures = (nodes[i].Supervision ?? defaultPolicy).IgnoreFailures,
            };
        });
    }

    private readonly record struct NodeFailureCounts(long Failures, long Uncaught, long DeadLetters, long FromFailures);

    /// <summary>The run's failure totals (from the cells, not the lazy node records) and its first failures.</summary>
    private NetworkRunResult WithFailures(NetworkRunResult result)
    {
        long all = 0, uncaught = 0, ignored = 0, lost = 0;
        foreach (ActorCell cell in _cells)
        {
            all += cell.Failures;
            uncaught += cell.IgnoresFailures ? 0 : cell.UncaughtFailures;
            ignored += cell.IgnoresFailures ? cell.UncaughtFailures : 0;
            lost += cell.IgnoresFailures ? 0 : cell.DeadLettersFromFailures;
        }

        return result with
        {
            Failures = _scheduler.Failures.Snapshot(),
            FailureCount = all,
            UncaughtFailures = uncaught,
            IgnoredFailures = ignored,
            DeadLettersFromFailures = lost,
        };
    }

    private Edge[] CreateEdges(NetworkDefinition definition, NetworkOptions options)
    {
        var edges = new Edge[definition.Edges.Length + definition.InPorts.Length + definition.OutPorts.Length];
        int count = 0;
        foreach (EdgeDefinition e in definition.Edges)
        {
            edges[count++] = new Edge(_cells[e.FromNode], e.FromPort, _cells[e.ToNode], e.ToPort, e.Capacity, elastic: e.Elastic, sourceElement: e.FromIndex, targetElement: e.ToIndex);
        }

        foreach (ExportedPortDefinition exported in definition.InPorts)
        {
            var input = new HostInput(exported.Name, _scheduler);
            input.Edge = edges[count++] = new Edge(null, -1, _cells[exported.Node], exported.Port, options.HostEdgeCapacity, targetElement: exported.Index);
            _inputs.Add(exported.Name, input);
        }

        foreach (ExportedPortDefinition exported in definition.OutPorts)
        {
            var output = new HostOutput();
            output.Edge = edges[count++] = new Edge(_cells[exported.Node], exported.Port, null, -1, options.HostEdgeCapacity, output, sourceElement: exported.Index);
            _outputs.Add(exported.Name, output);
        }

        // Exact-size arrays, counted first: a list per port and per cell, grown and copied, cost more than the
        // edges themselves in a network of a million nodes. Out-ports with no edge keep the shared empty array.
        var portBase = new int[_cells.Length + 1];
        for (int node = 0; node < _cells.Length; node++)
        {
            portBase[node + 1] = portBase[node] + _cells[node].OutEdges.Length;
        }

        var outCounts = new int[portBase[^1]];
        var inCounts = new int[_cells.Length];
        var inFilled = new int[_cells.Length];
        foreach (Edge edge in edges)
        {
            if (edge.Source is { } source)
            {
                outCounts[portBase[source.Node.Index] + edge.SourcePort]++;
            }

            if (edge.Target is { } target)
            {
                inCounts[target.Node.Index]++;
            }
        }

        foreach (Edge edge in edges)
        {
            if (edge.Source is { } source)
            {
                Edge[] port = source.OutEdges[edge.SourcePort];
                if (port.Length == 0)
                {
                    port = source.OutEdges[edge.SourcePort] = new Edge[outCounts[portBase[source.Node.Index] + edge.SourcePort]];
                }

                port[port.Length - outCounts[portBase[source.Node.Index] + edge.SourcePort]--] = edge; // definition order
            }

            if (edge.Target is { } target)
            {
                int node = target.Node.Index;
                target.AddInEdge(edge, inFilled[node]++, inCounts[node]); // for the deadlock detector only
            }
        }

        foreach (Edge edge in edges)
        {
            if (edge is { Source: { } source, SourceElement: >= 0 })
            {
                source.IndexOutPort(edge.SourcePort); // an addressable out-port's edges by index (once per port)
            }
        }

        return edges;
    }

    /// <summary>
    /// The one-off edge an initial packet to an index of an addressable in-port arrives over: the index travels in
    /// the edge, as for every other delivery, so the envelope needs no field for it.
    /// </summary>
    private static Edge InitialEdge(ActorCell target, InitialDefinition initial) =>
        new(null, -1, target, initial.ToPort, capacity: 1, elastic: true, targetElement: initial.ToIndex);

    /// <summary>
    /// How many of at most <paramref name="maxWorkers"/> workers the contiguous placement should use: the count
    /// whose busiest worker has the least estimated work per message (ties: fewer workers). The estimate gives
    /// every edge the same traffic: an actor costs one call per in-edge (a source one), and an edge between two
    /// workers costs <paramref name="crossCost"/> on each. Counts tried: 1, 2, 4, … and the maximum, so the search
    /// stays linear in the network's size for any number of cores.
    /// </summary>
    private int WorthwhileWorkers(int maxWorkers, int regularCells, int crossCost)
    {
        var regularIndex = new int[_cells.Length]; // position among the regular cells; -1 for one that may block
        for (int i = 0, regular = 0; i < _cells.Length; i++)
        {
            regularIndex[i] = _cells[i].Node.Component.Description.MayBlock ? -1 : regular++;
        }

        var work = new int[_cells.Length]; // calls per unit of traffic: one per in-edge, at least one
        foreach (EdgeDefinition e in _definition.Edges)
        {
            work[e.ToNode]++;
        }

        for (int i = 0; i < work.Length; i++)
        {
            work[i] = Math.Max(1, work[i]);
        }

        int best = 1;
        long bestLoad = long.MaxValue;
        var load = new long[maxWorkers];
        for (int workers = 1; workers <= maxWorkers; workers = workers == maxWorkers ? int.MaxValue : Math.Min(workers * 2, maxWorkers))
        {
            Array.Clear(load);
            int WorkerOf(int node) => (int)((long)regularIndex[node] * workers / regularCells);
            for (int i = 0; i < work.Length; i++)
            {
                if (regularIndex[i] >= 0)
                {
                    load[WorkerOf(i)] += work[i];
                }
            }

            foreach (EdgeDefinition e in _definition.Edges)
            {
                if (regularIndex[e.FromNode] >= 0 && regularIndex[e.ToNode] >= 0 && WorkerOf(e.FromNode) != WorkerOf(e.ToNode))
                {
                    load[WorkerOf(e.FromNode)] += crossCost;
                    load[WorkerOf(e.ToNode)] += crossCost;
                }
            }

            long busiest = 0;
            for (int w = 0; w < workers; w++)
            {
                busiest = Math.Max(busiest, load[w]);
            }

            if (busiest < bestLoad)
            {
                (best, bestLoad) = (workers, busiest);
            }
        }

        return best;
    }

    /// <summary>
    /// Pins every actor to a worker and sizes the workers' rings. Contiguous runs of nodes share a worker, so
    /// chains declared in order stay together; actors that may block go to a separate pool of threads of their
    /// own, so they can never stall a worker.
    /// </summary>
    private Worker[] Place(NetworkOptions options)
    {
        int blockingCells = 0;
        foreach (ActorCell cell in _cells)
        {
            blockingCells += cell.Node.Component.Description.MayBlock ? 1 : 0;
        }

        int regularCells = _cells.Length - blockingCells;
        int maxWorkers = regularCells == 0 ? 0 : Math.Min(options.WorkerCount, (regularCells + options.MinActorsPerWorker - 1) / options.MinActorsPerWorker);
        int regularWorkers = maxWorkers <= 1 || options.CrossWorkerCost == 0 ? maxWorkers : WorthwhileWorkers(maxWorkers, regularCells, options.CrossWorkerCost);
        int blockingWorkers = blockingCells == 0 ? 0 : Math.Min(options.BlockingWorkerCount, blockingCells);
        var workerOf = new int[_cells.Length];
        for (int i = 0, regular = 0, blocking = 0; i < _cells.Length; i++)
        {
            workerOf[i] = _cells[i].Node.Component.Description.MayBlock
                ? regularWorkers + (int)((long)blocking++ * blockingWorkers / blockingCells)
                : (int)((long)regular++ * regularWorkers / regularCells);
        }

        // Both ends of an elastic edge share a worker (the first node's of their group): its excess then waits in
        // that worker's unbounded local queue, never in a ring sized from the credits.
        var group = new int[_cells.Length];
        for (int i = 0; i < group.Length; i++)
        {
            group[i] = i;
        }

        int Root(int i) => group[i] == i ? i : group[i] = Root(group[i]);
        foreach (EdgeDefinition e in _definition.Edges)
        {
            if (e.Elastic)
            {
                int a = Root(e.FromNode), b = Root(e.ToNode);
                group[Math.Max(a, b)] = Math.Min(a, b);
            }
        }

        for (int i = 0; i < _cells.Length; i++)
        {
            workerOf[i] = workerOf[Root(i)];
        }

        // A worker's ring takes what other threads post to it: messages over edges from other workers or the host
        // (bounded by those edges' credits), one Resume per edge out of it into another worker or the host, and a
        // margin for the rare posts of timers, retries and emissions from other threads (which wait for room, on
        // their own threads, if it is ever short). So a worker never waits on another worker. What a worker posts
        // to itself, and everything posted before the workers start (initial packets, first Produce calls), goes
        // through its local queue and needs no slot: an idle actor costs no ring space.
        const int ForeignMargin = 64;
        var ringDemand = new long[regularWorkers + blockingWorkers];
        Array.Fill(ringDemand, ForeignMargin);
        foreach (Edge edge in _edges)
        {
            int? from = edge.Source is null ? null : workerOf[edge.Source.Node.Index];
            int? to = edge.Target is null ? null : workerOf[edge.Target.Node.Index];
            if (to is int target && from != to)
            {
                ringDemand[target] += edge.Capacity;
            }

            if (from is int source && from != to)
            {
                ringDemand[source] += 1;
            }
        }

        var workers = new Worker[ringDemand.Length];
        for (int w = 0; w < workers.Length; w++)
        {
            long size = Math.Max(64, (long)BitOperations.RoundUpToPowerOf2((ulong)ringDemand[w]));
            if (size > 1 << 24)
            {
                throw new NotSupportedException(
                    $"Worker {w} would need a ring of {size} slots for the edges into its nodes; lower the edge capacities or use more workers.");
            }

            bool blocking = w >= regularWorkers;
            workers[w] = new Worker(
                w,
                (int)size,
                _scheduler,
                blocking ? new SpinYieldParkWaitStrategy() : options.CreateWaitStrategy(),
                blocking ? $"reflow blocking {w - regularWorkers}" : $"reflow worker {w}");
        }

        foreach (Worker worker in workers)
        {
            worker.SetPeers(workers);
        }

        for (int i = 0; i < _cells.Length; i++)
        {
            _cells[i].Worker = workers[workerOf[i]];
        }

        foreach (Edge edge in _edges)
        {
            edge.IsLocal = edge.Source is not null && edge.Target is not null && edge.Source.Worker == edge.Target.Worker;
            edge.TargetWorker = edge.Target?.Worker;
        }

        return workers;
    }
}
