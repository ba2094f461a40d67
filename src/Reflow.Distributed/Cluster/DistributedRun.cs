using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Protocol;
using Reflow.Distributed.Transport;
using Reflow.Graphs;
using Reflow.Messages;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// A coordinator's run of one graph across a cluster (what <c>reflow run --cluster</c> does): splits the graph over the
/// live nodes, has each build its part, starts them once every receiving edge is subscribed, feeds the graph's exported
/// in-ports and reads its out-ports like a single-process <see cref="Networks.Network"/>, and completes when every part
/// finished and every remote edge ended — a counting protocol (each edge's End frame carries the number sent and the
/// receiver accounts for each one, delivered or lost), not a timeout.
/// </summary>
/// <remarks>
/// A node that stops sending heartbeats is taken as dead: every remote edge to or from its part is given up at its
/// other end, which counts what did not cross as lost, so the run still ends and says what was lost.
/// </remarks>
public sealed partial class DistributedRun : IAsyncDisposable
{
    private static readonly TimeSpan StatusPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MemberPoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly DistributedRunOptions _options;
    private readonly NatsConnection _connection;
    private readonly ClusterMembership _membership;
    private readonly GraphPartition _partition;
    // Keyed by part (the name of the cluster node it was placed on): its latest status, where it runs now and which
    // start of it that is, the parts given up (at-most-once: their node died), and the nodes seen dead.
    private readonly ConcurrentDictionary<string, PartStatus> _status = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Node, int Incarnation)> _where = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lost = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _deadNodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (RemoteEdge Edge, Channel<Message> Channel, RemoteEdgeSender Sender)> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (RemoteEdge Edge, Channel<Message> Channel, RemoteEdgeReceiver Receiver)> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Task<RemoteEdgeResult>> _localEdgeRuns = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Stopwatch _clock = new();
    private Task<DistributedRunResult>? _completion;
    private INatsSub<byte[]>? _statuses;
    private bool _durable;
    private int _streamDeleted;
    private ScriptShipment _scripts = ScriptShipment.None;

    private DistributedRun(DistributedRunOptions options, NatsConnection connection, ClusterMembership membership, GraphPartition partition, string runId)
    {
        _options = options;
        _connection = connection;
        _membership = membership;
        _partition = partition;
        RunId = runId;
        foreach (GraphPart part in partition.Parts)
        {
            _where[part.ClusterNode] = (part.ClusterNode, 0);
        }
    }

    /// <summary>The run's id, in every subject and event of the run.</summary>
    public string RunId { get; }

    /// <summary>Which cluster node runs each graph node.</summary>
    public IReadOnlyDictionary<string, string> Placement => _partition.Placement;

    /// <summary>The cluster nodes that run a part now, by part (a part is named by the node it was placed on; after its node died it may run elsewhere).</summary>
    public IReadOnlyDictionary<string, string> Nodes => _where.ToDictionary(p => p.Key, p => p.Value.Node, StringComparer.Ordinal);

    /// <summary>Completes with the result once every part finished (or was lost) and every remote edge ended.</summary>
    public Task<DistributedRunResult> Completion => _completion ?? throw new InvalidOperationException("The run has not started.");

    /// <summary>
    /// Places the graph over the live nodes, builds every part, and starts the run. Returns once every part is running.
    /// </summary>
    /// <exception cref="ClusterException">No node is live, a placement names a node that is not, a part does not build (each node's problems are listed), or the servers cannot be reached.</exception>
    /// <exception cref="DeploymentException">The deployment does not fit the graph.</exception>
    public static async Task<DistributedRun> StartAsync(DistributedRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ScriptShipment scripts = ScriptShipment.Load(options.Deployment, options.Graph, options.BaseDirectory); // a wrong hash fails before anything runs
        string runId = "r" + Guid.NewGuid().ToString("N")[..12];
        NatsConnection connection = await ClusterConnections.ConnectAsync(options.Connection, "reflow-coordinator-" + runId, "The coordinator").ConfigureAwait(false);
        DistributedRun? run = null;
        try
        {
            ClusterMembership membership;
            try
            {
                membership = await ClusterMembership.OpenAsync(connection, options.MemberTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new ClusterException(ex.Message, ex);
            }

            IReadOnlyList<NodeRecord> live = await membership.ListAsync(cancellationToken).ConfigureAwait(false);
            if (live.Count == 0)
            {
                throw new ClusterException($"No reflow node is live in the cluster at {options.Connection.Url}: start one on each machine with 'reflow node --nats {options.Connection.Url} --name <name>'.");
            }

            GraphPartition partition = GraphPartitioner.Partition(options.Graph, options.Deployment, [.. live.Select(n => n.Name)], options.DefaultEdgeCapacity);
            bool durable = partition.Edges.Any(e => e.Delivery == DeliveryMode.AtLeastOnce);
            if (durable)
            {
                // The at-least-once edges' frames are kept in the run's own stream until the run ends: a part started again
                // elsewhere replays its inputs from it.
                try
                {
                    await RemoteEdgeStream.CreateAsync(new NatsJSContext(connection), runId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is NatsJSException or NatsException)
                {
                    throw new ClusterException($"The run's JetStream stream for its at-least-once edges could not be made: {ex.Message}", ex);
                }
            }

            run = new DistributedRun(options, connection, membership, partition, runId) { _durable = durable, _scripts = scripts };
            run.Raise(ClusterEventKind.RunPlaced, null, $"{partition.Parts.Count} parts on {string.Join(", ", partition.Parts.Select(p => $"{p.ClusterNode} ({p.Graph.Nodes.Count} nodes)"))}, {partition.Edges.Count} remote edges");
            await run.StartPartsAsync(cancellationToken).ConfigureAwait(false);
            return run;
        }
        catch
        {
            if (run is not null)
            {
                await run.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Sends a message to one of the graph's exported in-ports, waiting while its remote edge is full.</summary>
    public ValueTask SendAsync(string inPort, Message message, CancellationToken cancellationToken = default) =>
        Input(inPort).Channel.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Ends the stream of an exported in-port (its End frame follows the last message).</summary>
    public void CompleteInput(string inPort) => Input(inPort).Channel.Writer.TryComplete();

    /// <summary>Ends every exported in-port.</summary>
    public void CompleteInputs()
    {
        foreach (var input in _inputs.Values)
        {
            input.Channel.Writer.TryComplete();
        }
    }

    /// <summary>The graph's exported in-ports.</summary>
    public IReadOnlyCollection<string> InPorts => _inputs.Keys;

    /// <summary>The graph's exported out-ports.</summary>
    public IReadOnlyCollection<string> OutPorts => _outputs.Keys;

    /// <summary>What one of the graph's exported out-ports emits, in order; completes at its end of stream.</summary>
    public ChannelReader<Message> Output(string outPort) =>
        _outputs.TryGetValue(outPort, out var output)
            ? output.Channel.Reader
            : throw new ArgumentException($"The graph has no exported out-port '{outPort}' (it has: {string.Join(", ", _outputs.Keys)}).", nameof(outPort));

    /// <summary>The latest status of every part, for progress displays: node, state, messages handled.</summary>
    public IReadOnlyList<DistributedPartResult> GetProgress() =>
        [.. _partition.Parts.Select(p => _status.TryGetValue(p.ClusterNode, out PartStatus? s) ? PartResult(s) : new DistributedPartResult(p.ClusterNode, "starting", 0, 0, 0, TimeSpan.Zero, null))];

    /// <summary>The request that builds <paramref name="part"/> (its graph, folder and edges) as start <paramref name="incarnation"/>.</summary>
    private ControlRequest Prepare(GraphPart part, int incarnation) => new(ControlRequest.Prepare, RunId, part.ClusterNode)
    {
        Incarnation = incarnation,
        Graph = part.ToJson(),
        BaseDirectory = _options.BaseDirectory,
        Scripts = _scripts.For(part.Graph),
        Edges = [.. _partition.Edges.Where(e => e.FromPart == part.ClusterNode || e.ToPart == part.ClusterNode).Select(e => Assignment(e, send: e.FromPart == part.ClusterNode))],
    };

    /// <summary>Stops every part: draining (inputs closed, what was accepted handled) or at once.</summary>
    public async Task StopAsync(bool drain = true)
    {
        CompleteInputs();
        await Task.WhenAll(_partition.Parts.Select(p => TryRequestAsync(p.ClusterNode, ControlRequest.Stop, r => r with { Drain = drain }))).ConfigureAwait(false);
        if (!drain)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    private (RemoteEdge Edge, Channel<Message> Channel, RemoteEdgeSender Sender) Input(string inPort) =>
        _inputs.TryGetValue(inPort, out var input)
            ? input
            : throw new ArgumentException($"The graph has no exported in-port '{inPort}' (it has: {string.Join(", ", _inputs.Keys)}).", nameof(inPort));

    private async Task StartPartsAsync(CancellationToken cancellationToken)
    {
        _statuses = await _connection.SubscribeCoreAsync<byte[]>(ClusterSubjects.RunStatus(RunId), cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (RemoteEdge edge in _partition.Edges)
        {
            var address = new RemoteEdgeAddress(RunId, edge.Id);
            RemoteEdgeOptions options = PartRun.Options(Assignment(edge, send: edge.FromPart == RemoteEdge.Coordinator));
            if (edge.FromPart == RemoteEdge.Coordinator)
            {
                _inputs[edge.From] = (edge, Channel.CreateBounded<Message>(new BoundedChannelOptions(edge.Capacity) { SingleReader = true }), new RemoteEdgeSender(_connection, address, options));
            }
            else if (edge.ToPart == RemoteEdge.Coordinator)
            {
                var receiver = new RemoteEdgeReceiver(_connection, address, options);
                await receiver.StartAsync(cancellationToken).ConfigureAwait(false);
                _outputs[edge.To] = (edge, Channel.CreateBounded<Message>(new BoundedChannelOptions(edge.Capacity) { SingleWriter = true }), receiver);
            }
        }

        // Every part builds its network and subscribes its receiving edges before any sender starts.
        var prepared = await Task.WhenAll(_partition.Parts.Select(p => RequestAsync(p.ClusterNode, Prepare(p, 0), _options.PrepareTimeout))).ConfigureAwait(false);
        string[] problems = [.. prepared.Where(r => !r.Ok).Select(r => r.Error ?? "refused")];
        if (problems.Length > 0)
        {
            await ReleaseAsync().ConfigureAwait(false);
            throw new ClusterException($"The run could not start: {problems.Length} of {prepared.Length} parts did not build:\n  " + string.Join("\n  ", problems));
        }

        _clock.Start();
        var started = await Task.WhenAll(_partition.Parts.Select(p => RequestAsync(p.ClusterNode, new ControlRequest(ControlRequest.Start, RunId, p.ClusterNode), RequestTimeout))).ConfigureAwait(false);
        if (started.FirstOrDefault(r => !r.Ok) is { } refused)
        {
            await StopAsync(drain: false).ConfigureAwait(false);
            await ReleaseAsync().ConfigureAwait(false);
            throw new ClusterException("The run could not start: " + refused.Error);
        }

        foreach ((RemoteEdge edge, Channel<Message> channel, RemoteEdgeSender sender) in _inputs.Values)
        {
            _localEdgeRuns[edge.Id] = sender.RunAsync(channel.Reader, _stopping.Token);
        }

        foreach ((RemoteEdge edge, Channel<Message> channel, RemoteEdgeReceiver receiver) in _outputs.Values)
        {
            _localEdgeRuns[edge.Id] = receiver.RunAsync(new ChannelEdgeTarget(channel.Writer), _stopping.Token);
        }

        _completion = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
    }
}
