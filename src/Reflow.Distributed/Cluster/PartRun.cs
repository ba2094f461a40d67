using NATS.Client.Core;
using Reflow.Distributed.Protocol;
using Reflow.Distributed.Transport;
using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// One part of a distributed run on this node: the part network, a sender per outgoing remote edge (reading the
/// network's <c>_remote&lt;k&gt;</c> out-port) and a receiver per incoming one (feeding its <c>_remote&lt;k&gt;</c>
/// in-port and completing it at end of stream), progress published twice a second and the final status once the
/// network completed and every edge ended.
/// </summary>
internal sealed class PartRun : IAsyncDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly NatsConnection _connection;
    private readonly string _node;
    private readonly ControlRequest _prepare;
    private readonly Action<ClusterEventKind, string> _raise;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(EdgeAssignment Edge, RemoteEdgeSender Sender)> _senders = [];
    private readonly List<(EdgeAssignment Edge, RemoteEdgeReceiver Receiver)> _receivers = [];
    private readonly Dictionary<int, Task<RemoteEdgeResult>> _edgeRuns = [];
    private Network? _network;
    private PartScripts? _scripts;
    private Task? _run;
    private volatile PartStatus _status;

    public PartRun(NatsConnection connection, string node, ControlRequest prepare, Action<ClusterEventKind, string> raise)
    {
        _connection = connection;
        _node = node;
        _prepare = prepare;
        _raise = raise;
        _status = new PartStatus(node, prepare.RunId, prepare.Part, prepare.Incarnation, PartStatus.Prepared, Final: false);
    }

    public string RunId => _prepare.RunId;

    /// <summary>The key of this part on its node: run and part (a node may run two parts of one run after a restart).</summary>
    public string Key => KeyOf(_prepare);

    public static string KeyOf(ControlRequest request) => request.RunId + "/" + request.Part;

    /// <summary>When the coordinator was last heard from (it asks every part for its status every second).</summary>
    public long LastHeardTicks { get; set; } = Environment.TickCount64;

    public PartStatus Status => _status;

    /// <summary>Whether scripts shipped with the part are taken (<see cref="ClusterNodeOptions.AcceptScripts"/>).</summary>
    public bool AcceptScripts { get; init; }

    /// <summary>The part's run: completes after the final status was published.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>Builds the part network and subscribes every receiving edge (so the coordinator may start the senders).</summary>
    public async Task PrepareAsync(Func<Graph, string?, Network> createNetwork, CancellationToken cancellationToken)
    {
        Graph graph = GraphFile.Read(_prepare.Graph ?? throw new ClusterProtocolException("prepare: the part graph is missing."), GraphFormat.ReflowJson, $"part of run {RunId}");
        PartGrants.RefuseGraphGrants(graph, _node);
        _scripts = PartScripts.Install(_prepare.Scripts, RunId, _prepare.BaseDirectory, _node, AcceptScripts);
        graph = _scripts?.Apply(graph, _prepare.BaseDirectory) ?? graph;
        _network = createNetwork(graph, _prepare.BaseDirectory is { } dir && Directory.Exists(dir) ? dir : null);
        foreach (EdgeAssignment edge in _prepare.Edges ?? [])
        {
            var address = new RemoteEdgeAddress(RunId, edge.Id);
            RemoteEdgeOptions options = Options(edge);
            if (edge.Send)
            {
                _senders.Add((edge, new RemoteEdgeSender(_connection, address, options)));
            }
            else
            {
                var receiver = new RemoteEdgeReceiver(_connection, address, options);
                await receiver.StartAsync(cancellationToken).ConfigureAwait(false);
                _receivers.Add((edge, receiver));
            }
        }
    }

    internal static RemoteEdgeOptions Options(EdgeAssignment edge) => new()
    {
        Capacity = edge.Capacity,
        MaxBatch = edge.MaxBatch,
        CompressionThreshold = edge.CompressionThreshold,
        Delivery = edge.Delivery,
    };

    public void Start()
    {
        if (_network is null || _run is not null)
        {
            throw new InvalidOperationException(_network is null ? $"run {RunId} was not prepared on node {_node}." : $"run {RunId} already started on node {_node}.");
        }

        _run = Task.Run(RunAsync);
    }

    public void Abandon(IReadOnlyList<int> edgeIds, string reason)
    {
        foreach (int id in edgeIds)
        {
            foreach ((EdgeAssignment edge, RemoteEdgeSender sender) in _senders)
            {
                if (edge.Id == id)
                {
                    sender.Abandon(reason);
                    _raise(ClusterEventKind.EdgeAbandoned, $"edge {id} ({edge.From} -> {edge.To}) given up: {reason}");
                }
            }

            foreach ((EdgeAssignment edge, RemoteEdgeReceiver receiver) in _receivers)
            {
                if (edge.Id == id)
                {
                    receiver.Abandon(reason);
                    _raise(ClusterEventKind.EdgeAbandoned, $"edge {id} ({edge.From} -> {edge.To}) given up: {reason}");
                }
            }
        }
    }

    public async Task StopAsync(bool drain)
    {
        if (_network is { } network)
        {
            await network.StopAsync(drain).ConfigureAwait(false);
        }

        if (!drain)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        Network network = _network!;
        CancellationToken stop = _stopping.Token;
        Task<NetworkRunResult> completion = network.RunAsync(CancellationToken.None);
        foreach ((EdgeAssignment edge, RemoteEdgeSender sender) in _senders)
        {
            _edgeRuns[edge.Id] = sender.RunAsync(network.Output(edge.Export), stop);
        }

        foreach ((EdgeAssignment edge, RemoteEdgeReceiver receiver) in _receivers)
        {
            _edgeRuns[edge.Id] = receiver.RunAsync(new NetworkEdgeTarget(network, edge.Export), stop);
        }

        foreach ((int id, Task<RemoteEdgeResult> edge) in _edgeRuns)
        {
            _ = StopOnFailureAsync(id, edge, network);
        }

        _status = Progress(PartStatus.Running, network, final: false, result: null, error: null);
        _raise(ClusterEventKind.PartStarted, $"started: {_senders.Count} sending and {_receivers.Count} receiving remote edges");
        Task all = Task.WhenAll([completion, .. _edgeRuns.Values]);
        while (await Task.WhenAny(all, Task.Delay(ProgressInterval, CancellationToken.None)).ConfigureAwait(false) != all)
        {
            _status = Progress(PartStatus.Running, network, final: false, result: null, error: null);
            await PublishAsync(_status).ConfigureAwait(false);
        }

        NetworkRunResult? result = completion.IsCompletedSuccessfully ? completion.Result : null;
        string? error = FirstError([completion, .. _edgeRuns.Values]);
        string state = error is null && result is { Completed: true } ? PartStatus.Finished : PartStatus.Failed;
        _status = Progress(state, network, final: true, result, error);
        _raise(state == PartStatus.Finished ? ClusterEventKind.PartFinished : ClusterEventKind.PartFailed,
            error ?? $"{result?.Messages ?? 0} messages in {result?.Elapsed.TotalSeconds ?? 0:0.###} s, {result?.FailureCount ?? 0} failures");
        await PublishAsync(_status).ConfigureAwait(false);
    }

    /// <summary>
    /// An edge that fails (a protocol error, a message too big for a frame) would leave the part network waiting on a port
    /// nobody reads or completes: the part stops at once instead, and its final status carries the edge's error.
    /// </summary>
    private async Task StopOnFailureAsync(int id, Task<RemoteEdgeResult> edge, Network network)
    {
        try
        {
            await edge.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _raise(ClusterEventKind.PartFailed, $"remote edge {id} failed ({ex.Message}); the part stops without draining");
            await network.StopAsync(drain: false).ConfigureAwait(false);
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped with the part.
        }
    }

    private static string? FirstError(IEnumerable<Task> tasks)
    {
        foreach (Task task in tasks)
        {
            if (task.IsFaulted && task.Exception?.GetBaseException() is { } ex)
            {
                return ex.Message;
            }

            if (task.IsCanceled)
            {
                return "stopped without draining";
            }
        }

        return null;
    }

    private PartStatus Progress(string state, Network network, bool final, NetworkRunResult? result, string? error)
    {
        var edges = new List<EdgeStatus>(_senders.Count + _receivers.Count);
        foreach ((EdgeAssignment edge, RemoteEdgeSender sender) in _senders)
        {
            edges.Add(EdgeOf(edge, send: true, _edgeRuns.GetValueOrDefault(edge.Id), sender.Sent, sender.Credited, sender.Frames, sender.Bytes));
        }

        foreach ((EdgeAssignment edge, RemoteEdgeReceiver receiver) in _receivers)
        {
            edges.Add(EdgeOf(edge, send: false, _edgeRuns.GetValueOrDefault(edge.Id), receiver.Received, receiver.Received, receiver.Frames, receiver.Bytes, receiver.Lost));
        }

        NetworkSnapshot? snapshot = result is null ? network.GetSnapshot() : null;
        return new PartStatus(_node, RunId, _prepare.Part, _prepare.Incarnation, state, final)
        {
            Messages = result?.Messages ?? snapshot?.Nodes.Sum(n => n.Invocations) ?? 0,
            Failures = result?.FailureCount ?? snapshot?.Nodes.Sum(n => n.Failures) ?? 0,
            DeadLetters = result?.DeadLetters ?? snapshot?.DeadLetters ?? 0,
            Completed = result?.Completed ?? false,
            UnhandledFailures = result?.HasUnhandledFailures ?? false,
            ElapsedSeconds = result?.Elapsed.TotalSeconds ?? 0,
            Error = error,
            FailureTexts = result is null ? [] : [.. result.Failures.Take(5).Select(f => f.ToString())],
            Edges = edges,
        };
    }

    /// <summary>An edge's status: its final result once it ended, its live counters before.</summary>
    internal static EdgeStatus EdgeOf(EdgeAssignment edge, bool send, Task<RemoteEdgeResult>? run, long messages, long confirmed, long frames, long bytes, long lost = 0)
    {
        if (run is { IsCompletedSuccessfully: true } && run.Result is { } result)
        {
            return send
                ? new EdgeStatus(edge.Id, true, result.Sent, result.Received, result.Lost, result.Frames, result.Bytes, true, result.AbandonReason)
                : new EdgeStatus(edge.Id, false, result.Received, result.Received, result.Lost, result.Frames, result.Bytes, true, result.AbandonReason);
        }

        string? problem = run is { IsFaulted: true } ? run.Exception!.GetBaseException().Message : null;
        return new EdgeStatus(edge.Id, send, messages, confirmed, lost, frames, bytes, run is { IsCompleted: true }, problem);
    }

    private async Task PublishAsync(PartStatus status)
    {
        try
        {
            await _connection.PublishAsync(ClusterSubjects.RunStatus(RunId), ClusterJson.Write(status)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or ObjectDisposedException)
        {
            // The coordinator asks for the status again (a status request) when a published one does not arrive.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach ((_, RemoteEdgeReceiver receiver) in _receivers)
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
        }

        if (_network is { } network)
        {
            await network.DisposeAsync().ConfigureAwait(false);
        }

        _scripts?.Dispose();
        _stopping.Dispose();
    }
}
