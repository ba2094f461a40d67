using System.Diagnostics;
using System.Numerics;
using Reflow.Scheduling;

namespace Reflow.Networks;

/// <summary>
/// A running instance of a <see cref="NetworkDefinition"/>: one actor per node on pinned worker threads,
/// bounded edges with backpressure, initial packets delivered first.
/// </summary>
/// <remarks>
/// This first runtime runs a network to completion (<see cref="RunAsync"/>): it returns when every source is
/// done and every message has been handled. Host input and output through exported ports, supervision
/// policies, events and metrics come next (see the runtime issue).
/// </remarks>
public sealed class Network : IAsyncDisposable
{
    private readonly NetworkDefinition _definition;
    private readonly Scheduler _scheduler = new();
    private readonly ActorCell[] _cells;
    private readonly Edge[] _edges;
    private readonly Worker[] _workers;
    private int _state; // 0 created, 1 running, 2 finished

    private Network(NetworkDefinition definition, NetworkOptions options)
    {
        _definition = definition;
        _cells = new ActorCell[definition.Nodes.Length];
        for (int i = 0; i < _cells.Length; i++)
        {
            _cells[i] = new ActorCell(definition.Nodes[i], _scheduler);
        }

        _edges = new Edge[definition.Edges.Length];
        var outEdges = new List<Edge>[_cells.Length][];
        for (int i = 0; i < _edges.Length; i++)
        {
            EdgeDefinition e = definition.Edges[i];
            _edges[i] = new Edge(_cells[e.FromNode], e.FromPort, _cells[e.ToNode], e.ToPort, e.Capacity);
            outEdges[e.FromNode] ??= new List<Edge>[_cells[e.FromNode].OutEdges.Length];
            (outEdges[e.FromNode][e.FromPort] ??= []).Add(_edges[i]);
        }

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
            ringDemand[(int)((long)i * workerCount / _cells.Length)] += 2; // its Produce and a margin
        }

        foreach (Edge edge in _edges)
        {
            ringDemand[WorkerOf(edge.Target.Node.Index, workerCount)] += edge.Capacity; // credits into the worker
            ringDemand[WorkerOf(edge.Source.Node.Index, workerCount)] += 1; // one Resume per edge
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

        int WorkerOf(int node, int workers) => (int)((long)node * workers / _cells.Length);
    }

    /// <summary>Creates a network from a validated definition (every node gets a fresh actor).</summary>
    public static Network Create(NetworkDefinition definition, NetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        options ??= NetworkOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkerCount, 1, nameof(options));
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
        }

        clock.Stop();
        foreach (ActorCell cell in _cells)
        {
            cell.Stop();
        }

        return new NetworkRunResult(
            clock.Elapsed,
            [.. _cells.Select(c => new NodeStatistics(c.Node.Id, c.Invocations, c.Errors, c.Dropped))],
            [.. _edges.Select(e => new EdgeStatistics(
                e.Source.Node.Id, e.Source.Node.Component.Description.OutPorts[e.SourcePort].Name,
                e.Target.Node.Id, e.Target.Node.Component.Description.InPorts[e.TargetPort].Name,
                e.Delivered))]);
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
