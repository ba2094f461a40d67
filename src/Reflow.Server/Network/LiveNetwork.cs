using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;
using CoreNetwork = Reflow.Networks.Network;

namespace Reflow.Server.Network;

/// <summary>
/// The network of one graph as the protocol drives it. It lives as long as the graph's entry in
/// <see cref="RuntimeState.Networks"/> (made by the first <c>network:*</c> or <c>trace:*</c> command naming the graph,
/// so an edge selection, debug mode or a trace can be set before the first start); each <c>network:start</c> builds a
/// fresh Core network from the graph as it is then, and an event pump sends what happens in it to every client.
/// </summary>
/// <remarks>
/// Requests run one at a time under <see cref="RuntimeState.Gate"/>; the pump runs on its own and takes the gate only
/// to report the end of a run, so a <c>getstatus</c> that says "not running" is always answered after that run's
/// <c>stopped</c> was queued to every client. Nothing awaits the pump while holding the gate: a stop waits for the pump
/// to have drained the run's events (<see cref="_drained"/>, set before the pump asks for the gate).
/// </remarks>
internal sealed partial class LiveNetwork : ILiveNetwork
{
    // A stop drains what was accepted; a node stuck longer than this is aborted rather than holding every client up.
    private static readonly TimeSpan StopDrainLimit = TimeSpan.FromSeconds(5);

    // runtime:packet into a full exported in-port waits this long for room (under the gate: every request waits too).
    private static readonly TimeSpan PacketRoomLimit = TimeSpan.FromSeconds(5);

    // How long a getstatus waits for a run that may be ending (see SettleAsync): a run that ends by itself does so
    // within milliseconds of its last message; one that goes on costs each getstatus this much.
    private static readonly TimeSpan StatusSettleLimit = TimeSpan.FromMilliseconds(50);

    private readonly RuntimeState _state;
    private CoreNetwork? _network;
    private TaskCompletionSource _drained = Completed();
    private volatile FrozenSet<string>? _selection; // null: no network:edges yet, so every edge is watched
    private volatile FlowTrace? _trace;
    private ProtocolEventMapper? _mapper; // the current run's: its edges are swapped by live edits
    private volatile bool _debug;
    private volatile bool _running;
    private bool _started;
    private bool _finishReported;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _finishedAt;

    private LiveNetwork(RuntimeState state, string graph)
    {
        _state = state;
        Graph = graph;
    }

    public string Graph { get; }

    public bool IsRunning => _running;

    /// <summary>Started and not stopped by <c>network:stop</c>: a run that finished by itself still counts as started (as fbp-protocol's test expects).</summary>
    public bool HasStarted => _started;

    public DateTimeOffset? StartedAt => _startedAt;

    public bool Debug => _debug;

    /// <summary>The trace being kept (<c>trace:start</c>), or null.</summary>
    public FlowTrace? Trace
    {
        get => _trace;
        set => _trace = value;
    }

    /// <summary>The live network of graph <paramref name="graph"/>, made on first use.</summary>
    /// <exception cref="FbpProtocolException">There is no such graph.</exception>
    public static LiveNetwork For(RuntimeState state, string graph)
    {
        state.RequireGraph(graph);
        if (state.Networks.TryGetValue(graph, out ILiveNetwork? existing))
        {
            return existing as LiveNetwork
                ?? throw new InvalidOperationException($"The network of graph \"{graph}\" is a {existing.GetType().Name}, not a LiveNetwork.");
        }

        var created = new LiveNetwork(state, graph);
        state.Networks[graph] = created;
        return created;
    }

    /// <summary><c>network:start</c>: builds the network from the graph's current state, starts it and answers <c>started</c>.</summary>
    /// <exception cref="FbpProtocolException">It is running already, or the graph has problems (all named); nothing is started.</exception>
    public async ValueTask StartAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        await SettleAsync().ConfigureAwait(false); // a run that has just ended is reported so, not refused as running
        if (_running)
        {
            throw new FbpProtocolException($"The network of graph \"{Graph}\" is already running; network:stop stops it first.");
        }

        Graph graph = _state.RequireGraph(Graph);
        NetworkDefinition definition;
        try
        {
            definition = LoadDefinition(graph);
        }
        catch (GraphLoadException ex)
        {
            throw new FbpProtocolException($"The network of graph \"{Graph}\" was not started: {ex.Message}", ex);
        }

        await EndPreviousRunAsync().ConfigureAwait(false);
        CoreNetwork network;
        try
        {
            network = CoreNetwork.Create(definition, _state.Settings.NetworkOptions);
        }
        catch (Exception ex) when (ex is NetworkValidationException or ArgumentException or InvalidOperationException)
        {
            throw new FbpProtocolException($"The network of graph \"{Graph}\" was not started: {ex.Message}", ex);
        }

        var mapper = ProtocolEventMapper.For(Graph, definition);
        // Subscribed before the start so nothing is missed; message events are always on because a client may select
        // edges mid-run, but an event on an edge nobody watches is dropped before any JSON is made (ProtocolEventMapper),
        // and a busy edge reports a sample within its budget (ReflowServerOptions.DataEventsPerEdgePerSecond).
        ChannelReader<NetworkEvent> events = network.SubscribeEvents(
            new NetworkEventSubscription { IncludeMessages = true, MessageRateLimit = _state.Settings.DataEventsPerEdgePerSecond });
        Task<NetworkRunResult> run = network.RunAsync(CancellationToken.None);
        DateTimeOffset startedAt = DateTimeOffset.UtcNow;
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _network = network;
        _mapper = mapper;
        _definition = definition;
        _drained = drained;
        _running = true;
        _started = true;
        _finishReported = false;
        _startedAt = startedAt;
        _finishedAt = null;

        // The pump runs whatever happens below (it ends the run's bookkeeping), but sends nothing before "started" and
        // the IIPs' data are out.
        var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(() => PumpAsync(network, mapper, events, run, definition.OutPorts, announced.Task, drained), CancellationToken.None);
        try
        {
            var started = new JsonObject { ["time"] = FlowTrace.Time(startedAt), ["graph"] = Graph, ["started"] = true, ["running"] = true };
            AddDebug(started);
            await SendToAllAsync(request, "started", started, startedAt, cancellationToken).ConfigureAwait(false);
            await SendInitialsAsync(graph, startedAt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            announced.TrySetResult();
        }
    }

    /// <summary><c>network:stop</c>: stops a running network (draining what it accepted) and answers <c>stopped</c>; a finished one is only marked stopped.</summary>
    /// <exception cref="FbpProtocolException">It was never started.</exception>
    public async ValueTask StopAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        CoreNetwork network = _network
            ?? throw new FbpProtocolException($"The network of graph \"{Graph}\" was never started: there is nothing to stop (network:start starts it).");
        if (_running)
        {
            using var drainLimit = new CancellationTokenSource(StopDrainLimit);
            try
            {
                await network.StopAsync(drain: true, drainLimit.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the run's own failure: the pump reports it to every client as network:error
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            await WaitDrainedAsync().ConfigureAwait(false); // the run's last events go out before "stopped"
            _finishedAt = DateTimeOffset.UtcNow;
        }

        _running = false;
        _started = false;
        _finishReported = true;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await SendToAllAsync(request, "stopped", StoppedPayload(now), now, cancellationToken).ConfigureAwait(false);
        await BroadcastAsync("status", Status(), now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>status</c> payload: uptime only while running and debug only when on, as fbp-protocol's test compares payloads whole.</summary>
    public JsonObject Status()
    {
        var status = new JsonObject { ["graph"] = Graph, ["running"] = _running, ["started"] = _started };
        if (_running && _startedAt is DateTimeOffset startedAt)
        {
            status["uptime"] = Seconds(DateTimeOffset.UtcNow - startedAt);
        }

        AddDebug(status);
        return status;
    }

    /// <summary><c>network:debug</c>: with it on, every edge is watched whatever <c>network:edges</c> chose.</summary>
    public void SetDebug(bool enable) => _debug = enable;

    /// <summary><c>network:edges</c>: only these edges are watched from now on (an empty list: none, unless debug is on).</summary>
    public void SelectEdges(IEnumerable<string> keys) => _selection = keys.ToFrozenSet(StringComparer.Ordinal);

    public ValueTask SendPacketAsync(string port, string @event, JsonNode? payload, CancellationToken cancellationToken)
    {
        CoreNetwork network = _running && _network is { } n
            ? n
            : throw new FbpProtocolException($"The network of graph \"{Graph}\" is not running: network:start starts it, then runtime:packet can feed its exported in-ports.");
        Message message;
        switch (@event)
        {
            case "data":
                message = ToMessage(payload);
                break;
            case "begingroup":
                message = payload is null ? Message.OpenBracket() : Message.OpenBracket(ToMessage(payload));
                break;
            case "endgroup":
                message = payload is null ? Message.CloseBracket() : Message.CloseBracket(ToMessage(payload));
                break;
            case "connect" or "disconnect":
                // A Reflow edge has no connections to open or close (a stream is delimited by its brackets): noflo
                // clients send these around their data, and they have nothing to do here.
                return ValueTask.CompletedTask;
            default:
                throw new FbpProtocolException($"runtime:packet: the event \"{@event}\" is not one of data, begingroup, endgroup, connect, disconnect.");
        }

        ChannelWriter<Message> writer;
        try
        {
            writer = network.Input(port);
        }
        catch (ArgumentException ex)
        {
            throw new FbpProtocolException($"runtime:packet: graph \"{Graph}\" has no exported in-port \"{port}\": {ex.Message}", ex);
        }

        return WriteAsync(writer, port, message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_network is { } network)
        {
            _running = false;
            await network.DisposeAsync().ConfigureAwait(false);
            await WaitDrainedAsync().ConfigureAwait(false);
        }
    }

    // Under the gate: the pump may be held up by a client that reads slowly (its send queue full); past the limit the
    // runtime goes on without the run's last events rather than every client waiting for that one.
    private async ValueTask WaitDrainedAsync()
    {
        try
        {
            await _drained.Task.WaitAsync(StopDrainLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private async ValueTask WriteAsync(ChannelWriter<Message> writer, string port, Message message, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(PacketRoomLimit);
        try
        {
            await writer.WriteAsync(message, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FbpProtocolException($"runtime:packet: the exported in-port \"{port}\" of graph \"{Graph}\" stayed full for {PacketRoomLimit.TotalSeconds:0} s; the packet was not sent.");
        }
        catch (ChannelClosedException ex)
        {
            throw new FbpProtocolException($"runtime:packet: the exported in-port \"{port}\" of graph \"{Graph}\" takes no more packets (the network is stopping).", ex);
        }
    }

    // The previous run, if any, is over (finished or stopped): dispose it. Its pump may still wait for the gate this
    // request holds; it sees another network current then and reports nothing.
    private async ValueTask EndPreviousRunAsync()
    {
        if (_network is { } previous)
        {
            _network = null;
            _started = false;
            await previous.DisposeAsync().ConfigureAwait(false);
            await WaitDrainedAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Before a <c>getstatus</c> answer: a run that is ending (every source done, its last messages handled) is
    /// reported as ended rather than as running, as a client asking right after the last data event expects
    /// (fbp-protocol's test does). Waits at most <see cref="StatusSettleLimit"/> for the run to end; under the gate.
    /// </summary>
    public async ValueTask SettleAsync()
    {
        if (!_running || _network is not { } network)
        {
            return;
        }

        if (!network.Completion.IsCompleted)
        {
            await Task.WhenAny(network.Completion, Task.Delay(StatusSettleLimit)).ConfigureAwait(false);
        }

        if (network.Completion.IsCompleted)
        {
            await WaitDrainedAsync().ConfigureAwait(false); // its last events first
            await ReportFinishedAsync(network).ConfigureAwait(false);
        }
    }

    // Under the gate, once: "stopped" and "status" for a run that finished by itself (every source done). It is
    // still "started" until network:stop, as noflo reports it.
    private async ValueTask ReportFinishedAsync(CoreNetwork network)
    {
        if (ReferenceEquals(_network, network) && !_finishReported)
        {
            _finishReported = true;
            _running = false;
            DateTimeOffset finishedAt = DateTimeOffset.UtcNow;
            _finishedAt = finishedAt;
            await BroadcastAsync("stopped", StoppedPayload(finishedAt), finishedAt, CancellationToken.None).ConfigureAwait(false);
            await BroadcastAsync("status", Status(), finishedAt, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private JsonObject StoppedPayload(DateTimeOffset time)
    {
        var stopped = new JsonObject { ["time"] = FlowTrace.Time(time), ["graph"] = Graph, ["running"] = _running, ["started"] = _started };
        if (_startedAt is DateTimeOffset startedAt)
        {
            stopped["uptime"] = Seconds((_finishedAt ?? time) - startedAt);
        }

        AddDebug(stopped);
        return stopped;
    }

    private void AddDebug(JsonObject payload)
    {
        if (_debug)
        {
            payload["debug"] = true;
        }
    }

    // The answer to the requester (answering its request id), and the same message to every other client.
    private async ValueTask SendToAllAsync(FbpRequest request, string command, JsonObject payload, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await request.ReplyAsync("network", command, payload, cancellationToken).ConfigureAwait(false);
        foreach (IFbpClient client in _state.Clients)
        {
            if (!ReferenceEquals(client, request.Client))
            {
                await client.SendAsync("network", command, payload, null, cancellationToken).ConfigureAwait(false);
            }
        }

        _trace?.Record("network", command, payload, time);
    }

    private async ValueTask BroadcastAsync(string command, JsonObject payload, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await _state.BroadcastAsync("network", command, payload, cancellationToken).ConfigureAwait(false);
        _trace?.Record("network", command, payload, time);
    }

}
