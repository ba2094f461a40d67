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
/// <see cref="TrySend"/> (reports a full edge) or through the port's <see cref="Input"/> writer (a
/// <see cref="ChannelWriter{T}"/>), and reads exported out-ports through <see cref="Output"/>. An
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
public sealed partial class Network : IAsyncDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> every network reports on (tag <c>reflow.network</c> = <see cref="NetworkOptions.Name"/>).</summary>
    public const string MeterName = NetworkMetrics.MeterName;

    /// <summary>The name of the <see cref="ActivitySource"/> of run and actor-failure traces.</summary>
    public const string ActivitySourceName = NetworkMetrics.ActivitySourceName;

    // The network's own lifecycle (never an actor's: see ActorState): not started; started (running, accepting input);
    // stopping (a draining stop is under way); finished (the workers have stopped, the result is out).
    private const int NotStarted = 0, Started = 1, Stopping = 2, Finished = 3;

    // The shape: replaced as a whole by a live edit (Network.Update), each array copied, never changed in place, so a
    // thread that read one (a snapshot, the deadlock watch) sees a consistent one.
    private NetworkDefinition _definition;
    private readonly NetworkOptions _options;
    private readonly NetworkRun _run;

    /// <summary>Spawned child actors not yet collected (tests and diagnostics).</summary>
    internal long LiveChildren => _run.LiveChildren;

    /// <summary>How many times the run's quiet check looked at a cell (tests: linear in the network's size).</summary>
    internal long QuietCellsVisited => _run.QuietCellsVisited;

    /// <summary>The message-event budgets the workers keep (tests: those of collected children are forgotten).</summary>
    internal int EventBudgetsKept
    {
        get
        {
            int kept = 0;
            foreach (Worker worker in _workers)
            {
                kept += worker.EventBudgetCount;
            }

            return kept;
        }
    }

    private ActorCell[] _cells;
    private Edge[] _edges;
    private Worker[] _workers;
    private readonly Dictionary<string, HostInput> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostOutput> _outputs = new(StringComparer.Ordinal);
    private Dictionary<string, ActorCell>? _cellsById; // built on the first lookup by id: most runs never make one
    private readonly TaskCompletionSource<NetworkRunResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NetworkMetrics _metrics;
    private readonly Stopwatch _clock = new();
    private Activity? _activity;
    private int _state;
    private int _keptAlive; // 1 while StartAsync's hold on the run is in place
    private volatile bool _aborted;
    private volatile bool _stopRequested;
    private NetworkStatistics _statistics;
    private DeadlockWatch? _deadlockWatch;

    private Network(NetworkDefinition definition, NetworkOptions options)
    {
        _options = options;
        _run = new NetworkRun(options.TimeProvider, options.DeadLetterCapacity) { Permissions = options.Permissions, TraceMessages = options.TraceMessages };
        Build(definition);
    }

    /// <summary>Builds the cells, edges, workers, statistics and metrics of <paramref name="definition"/>: at creation, and again for a live edit before the run starts.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_definition), nameof(_cells), nameof(_edges), nameof(_workers), nameof(_statistics), nameof(_metrics))]
    private void Build(NetworkDefinition definition)
    {
        NetworkOptions options = _options;
        var cells = new ActorCell[definition.Nodes.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            NodeDefinition node = definition.Nodes[i];
            cells[i] = new ActorCell(node, _run, node.Supervision ?? options.Supervision);
        }

        _cells = cells;
        _definition = definition;
        _cellsById = null;
        _edges = CreateEdges(definition, options);
        (string Name, int Threads)[] pools = options.ResolvePools(definition);
        _workers = CreateWorkers(Placement.Assign(PlanOf(definition, options, pools)), options, pools);
        _statistics = new NetworkStatistics(definition, options.Supervision, _cells, _edges, _inputs, _outputs, _run.Failures);
        _metrics?.Dispose(); // a rebuild before the run: the first build's instruments go
        _metrics = new NetworkMetrics(options.Name, _cells, _edges, _statistics.Edge, _run.DeadLetters);
        _run.ProcessingTime = _metrics.ProcessingTime;
        _run.NetworkTag = _metrics.NetworkTag;
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
    public ChannelReader<DeadLetter> DeadLetters => _run.DeadLetters.Reader;

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
        if (state == NotStarted)
        {
            throw new InvalidOperationException("The network was never started: there is nothing to stop.");
        }

        _stopRequested = true;
        if (!drain)
        {
            Abort();
        }
        else if (Interlocked.CompareExchange(ref _state, Stopping, Started) == Started)
        {
            _run.StartDraining();
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

    /// <summary>
    /// The W3C trace context carried by the message most recently read from exported out-port <paramref name="outPort"/>
    /// (through <see cref="Output"/>), for a host that continues the message's trace: the span of the invocation that
    /// emitted it. Default when <see cref="NetworkOptions.TraceMessages"/> is off, nothing has been read, or the
    /// message was outside any sampled trace. With several readers of one port, read it on the thread that read the message, before the next read.
    /// </summary>
    /// <exception cref="ArgumentException">There is no such exported out-port; the message lists them.</exception>
    public System.Diagnostics.ActivityContext LastReadTraceContext(string outPort) =>
        _outputs.TryGetValue(outPort, out HostOutput? output)
            ? output.LastReadTrace
            : throw new ArgumentException($"The network has no exported out-port '{outPort}'; it has: {Names(_outputs.Keys)}.", nameof(outPort));

    /// <summary>Stops the network without draining if it is still running, and waits until it has stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Finished, NotStarted) == NotStarted)
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
            NotStarted => throw new InvalidOperationException($"Input '{inPort}' cannot be sent yet: the network has not started (call StartAsync or RunAsync first)."),
            Started => input,
            _ => throw new InvalidOperationException($"Input '{inPort}' cannot be sent: the network has finished its run and accepts no more input."),
        };
    }

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
