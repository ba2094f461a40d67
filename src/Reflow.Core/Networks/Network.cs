using System.Diagnostics;
using System.Numerics;
using System.Threading.Channels;
using Reflow.Messages;
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
/// <para>Supervision policies, events and metrics come next (see the runtime issue).</para>
/// </remarks>
public sealed class Network : IAsyncDisposable
{
    private readonly NetworkDefinition _definition;
    private readonly Scheduler _scheduler = new();
    private readonly ActorCell[] _cells;
    private readonly Edge[] _edges;
    private readonly Worker[] _workers;
    private readonly Dictionary<string, HostInput> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostOutput> _outputs = new(StringComparer.Ordinal);
    private int _state; // 0 created, 1 running, 2 finished

    private Network(NetworkDefinition definition, NetworkOptions options)
    {
        _definition = definition;
        _cells = new ActorCell[definition.Nodes.Length];
        for (int i = 0; i < _cells.Length; i++)
        {
            _cells[i] = new ActorCell(definition.Nodes[i], _scheduler);
        }

        var edges = new List<Edge>(definition.Edges.Length + definition.InPorts.Length + definition.OutPorts.Length);
        var outEdges = new List<Edge>[_cells.Length][];
        void AddOutEdge(int node, int port, Edge edge)
        {
            outEdges[node] ??= new List<Edge>[_cells[node].OutEdges.Length];
            (outEdges[node][port] ??= []).Add(edge);
        }

        foreach (EdgeDefinition e in definition.Edges)
        {
            var edge = new Edge(_cells[e.FromNode], e.FromPort, _cells[e.ToNode], e.ToPort, e.Capacity);
            edges.Add(edge);
            AddOutEdge(e.FromNode, e.FromPort, edge);
        }

        foreach (ExportedPortDefinition exported in definition.InPorts)
        {
            var input = new HostInput(exported.Name, _scheduler);
            input.Edge = new Edge(null, -1, _cells[exported.Node], exported.Port, options.HostEdgeCapacity);
            edges.Add(input.Edge);
            _inputs.Add(exported.Name, input);
        }

        foreach (ExportedPortDefinition exported in definition.OutPorts)
        {
            var output = new HostOutput();
            output.Edge = new Edge(_cells[exported.Node], exported.Port, null, -1, options.HostEdgeCapacity, output);
            edges.Add(output.Edge);
            AddOutEdge(exported.Node, exported.Port, output.Edge);
            _outputs.Add(exported.Name, output);
        }

        _edges = [.. edges];

        for (int node = 0; node < _cells.Length; node++)
        {
            for (int port = 0; outEdges[node] is not null && port < outEdges[node].Length; port++)
            {
                _cells[node].OutEdges[port] = outEdges[node][port]?.ToArray() ?? [];
            }
        }

        // Placement: contiguous runs of nodes per worker, so chains declared in order share a worker.
        int workerCount = Math.Clamp(options.WorkerCount, 1, Math.Max(1, _cells.Length));
        var ringDemand = new long[workerCount];
        for (int i = 0; i < _cells.Length; i++)
        {
            ringDemand[WorkerOf(i, workerCount)] += 2; // its Produce and a margin
        }

        foreach (Edge edge in _edges)
        {
            if (edge.Target is not null)
            {
                ringDemand[WorkerOf(edge.Target.Node.Index, workerCount)] += edge.Capacity; // credits into the worker
            }

            if (edge.Source is not null)
            {
                ringDemand[WorkerOf(edge.Source.Node.Index, workerCount)] += 1; // one Resume per edge
            }
        }

        foreach (InitialDefinition initial in definition.Initials)
        {
            ringDemand[WorkerOf(initial.ToNode, workerCount)] += 1;
        }

        _workers = new Worker[workerCount];
        for (int w = 0; w < workerCount; w++)
        {
            long size = Math.Max(64, (long)BitOperations.RoundUpToPowerOf2((ulong)ringDemand[w]));
            if (size > 1 << 24)
            {
                throw new NotSupportedException(
                    $"Worker {w} would need a ring of {size} slots for the edges into its nodes; lower the edge capacities or use more workers.");
            }

            _workers[w] = new Worker(w, (int)size, _scheduler);
        }

        for (int i = 0; i < _cells.Length; i++)
        {
            _cells[i].Worker = _workers[WorkerOf(i, workerCount)];
        }

        foreach (Edge edge in _edges)
        {
            edge.IsLocal = edge.Source is not null && edge.Target is not null && edge.Source.Worker == edge.Target.Worker;
        }

        int WorkerOf(int node, int workers) => (int)((long)node * workers / _cells.Length);
    }

    /// <summary>Creates a network from a validated definition (every node gets a fresh actor).</summary>
    public static Network Create(NetworkDefinition definition, NetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        options ??= NetworkOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkerCount, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HostEdgeCapacity, 1, nameof(options));
        return new Network(definition, options);
    }

    /// <summary>
    /// Runs the network until every source is done and every message has been handled, then stops every actor.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network has already been run.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the workers are stopped.</exception>
    public async Task<NetworkRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("A network runs once; create a new one from the same definition to run again.");
        }

        var clock = Stopwatch.StartNew();
        foreach (ActorCell cell in _cells)
        {
            cell.Start();
        }

        // Initial packets first: posted before any worker runs, so they precede all other input of their node.
        foreach (InitialDefinition initial in _definition.Initials)
        {
            _scheduler.AddOutstanding(1);
            ActorCell target = _cells[initial.ToNode];
            target.Worker.Post(new Envelope { Cell = target, InPort = initial.ToPort, Message = initial.Value, Kind = EnvelopeKind.Deliver });
        }

        foreach (ActorCell cell in _cells)
        {
            if (cell.Source is not null)
            {
                cell.ProducePending = true;
                cell.Worker.PostProduce(cell);
            }
        }

        _scheduler.AddOutstanding(_inputs.Count); // each exported in-port is open until the host completes it
        _scheduler.CheckFinishedAtStart();
        foreach (Worker worker in _workers)
        {
            worker.Start();
        }

        try
        {
            await _scheduler.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StopWorkers();
            foreach (HostOutput output in _outputs.Values)
            {
                output.Complete(); // what is left can still be read; then ReadAllAsync ends
            }
        }

        clock.Stop();
        foreach (ActorCell cell in _cells)
        {
            cell.Stop();
        }

        return new NetworkRunResult(
            clock.Elapsed,
            [.. _cells.Select(c => new NodeStatistics(c.Node.Id, c.Invocations, c.Errors, c.Dropped))],
            [.. _edges.Select(Statistics)]);
    }

    /// <summary>Sends <paramref name="message"/> to the exported in-port <paramref name="inPort"/>, waiting while its edge is full.</summary>
    /// <exception cref="ArgumentException">There is no such exported in-port; the message lists them.</exception>
    /// <exception cref="InvalidOperationException">The network is not running, or the input was completed.</exception>
    public ValueTask SendAsync(string inPort, Message message, CancellationToken cancellationToken = default) =>
        RunningInput(inPort).SendAsync(message, cancellationToken);

    /// <summary>Sends <paramref name="message"/> to the exported in-port <paramref name="inPort"/> if its edge has room.</summary>
    /// <returns><see langword="false"/> if the edge is full.</returns>
    /// <exception cref="ArgumentException">There is no such exported in-port; the message lists them.</exception>
    /// <exception cref="InvalidOperationException">The network is not running, or the input was completed.</exception>
    public bool TrySend(string inPort, in Message message) => RunningInput(inPort).TrySend(message);

    /// <summary>No more messages will be sent to <paramref name="inPort"/>. Idempotent.</summary>
    public void CompleteInput(string inPort) => RunningInput(inPort).Complete();

    /// <summary>Completes every exported in-port.</summary>
    public void CompleteInputs()
    {
        foreach (string name in _inputs.Keys)
        {
            CompleteInput(name);
        }
    }

    /// <summary>The messages of the exported out-port <paramref name="outPort"/>; each read frees room on its edge.</summary>
    /// <exception cref="ArgumentException">There is no such exported out-port; the message lists them.</exception>
    public ChannelReader<Message> Output(string outPort) =>
        _outputs.TryGetValue(outPort, out HostOutput? output)
            ? output
            : throw new ArgumentException($"The network has no exported out-port '{outPort}'; it has: {Names(_outputs.Keys)}.", nameof(outPort));

    private HostInput RunningInput(string inPort)
    {
        if (!_inputs.TryGetValue(inPort, out HostInput? input))
        {
            throw new ArgumentException($"The network has no exported in-port '{inPort}'; it has: {Names(_inputs.Keys)}.", nameof(inPort));
        }

        if (input.IsCompleted)
        {
            return input; // its own calls report "completed", the precise reason, even after the run has finished
        }

        if (Volatile.Read(ref _state) != 1)
        {
            throw new InvalidOperationException("Input can be sent only while the network runs: call RunAsync first.");
        }

        return input;
    }

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private EdgeStatistics Statistics(Edge e)
    {
        string from = e.Source?.Node.Id ?? "(host)";
        string fromPort = e.Source?.Node.Component.Description.OutPorts[e.SourcePort].Name ?? _inputs.Values.First(i => i.Edge == e).Name;
        string to = e.Target?.Node.Id ?? "(host)";
        string toPort = e.Target?.Node.Component.Description.InPorts[e.TargetPort].Name ?? _outputs.First(o => o.Value.Edge == e).Key;
        return new EdgeStatistics(from, fromPort, to, toPort, e.Delivered);
    }

    private void StopWorkers()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        foreach (Worker worker in _workers)
        {
            worker.Stop();
        }

        foreach (Worker worker in _workers)
        {
            worker.Join();
        }
    }

    /// <summary>Stops the workers if the network is still running; a pending <see cref="RunAsync"/> then fails.</summary>
    public ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _state) == 1)
        {
            _scheduler.Fail(new ObjectDisposedException(nameof(Network), "The network was disposed while it was running."));
            StopWorkers();
        }

        return ValueTask.CompletedTask;
    }
}
