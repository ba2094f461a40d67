using System.Diagnostics;
using System.Numerics;
using Reflow.Actors;
using Reflow.Rings;
using Reflow.Scheduling;

namespace Reflow.Networks;

// Building a network: its edges (exact-size arrays, for networks of a million nodes), the plan the placement
// decides from (with each node's execution pool), and the workers and pool threads the placement asks for (their rings sized from the credits that can reach them).
public sealed partial class Network
{
    private Edge[] CreateEdges(NetworkDefinition definition, NetworkOptions options)
    {
        var edges = new Edge[definition.Edges.Length + definition.InPorts.Length + definition.OutPorts.Length];
        int count = 0;
        foreach (EdgeDefinition e in definition.Edges)
        {
            edges[count++] = new Edge(_cells[e.FromNode], e.FromPort, _cells[e.ToNode], e.ToPort, e.Capacity, elastic: e.Elastic, sourceElement: e.FromIndex, targetElement: e.ToIndex, id: e.Id);
        }

        foreach (ExportedPortDefinition exported in definition.InPorts)
        {
            HostInput input = _inputs.TryGetValue(exported.Name, out HostInput? built) ? built : new HostInput(exported.Name, _run.Work); // a rebuild keeps the writer the host may hold
            input.Edge = edges[count++] = new Edge(null, -1, _cells[exported.Node], exported.Port, options.HostEdgeCapacity, targetElement: exported.Index, id: HostEdgeId(definition, exported, toHost: false));
            _inputs[exported.Name] = input;
        }

        foreach (ExportedPortDefinition exported in definition.OutPorts)
        {
            HostOutput output = _outputs.TryGetValue(exported.Name, out HostOutput? built) ? built : new HostOutput();
            output.Edge = edges[count++] = new Edge(_cells[exported.Node], exported.Port, null, -1, options.HostEdgeCapacity, output, sourceElement: exported.Index, id: HostEdgeId(definition, exported, toHost: true));
            _outputs[exported.Name] = output;
        }

        if (options.TraceMessages)
        {
            foreach (Edge edge in edges)
            {
                edge.EnableTracing(); // before the run: the producers and consumers see the slots from their start
            }
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
    /// What the placement decides from: each node's execution pool (-1: the workers) and estimated calls (one per
    /// in-edge), the edges between nodes, and the pools' thread counts.
    /// </summary>
    private PlacementPlan PlanOf(NetworkDefinition definition, NetworkOptions options, (string Name, int Threads)[] pools)
    {
        int[] poolOf = PoolsOf(definition, pools);
        var calls = new int[definition.Nodes.Length];
        var edges = new PlacementEdge[definition.Edges.Length];
        for (int i = 0; i < edges.Length; i++)
        {
            EdgeDefinition e = definition.Edges[i];
            calls[e.ToNode]++;
            edges[i] = new PlacementEdge(e.FromNode, e.ToNode, e.Elastic);
        }

        var actors = new PlacementActor[calls.Length];
        for (int i = 0; i < actors.Length; i++)
        {
            actors[i] = new PlacementActor(poolOf[i], Math.Max(1, calls[i]));
        }

        var threads = new int[pools.Length];
        for (int p = 0; p < pools.Length; p++)
        {
            threads[p] = pools[p].Threads;
        }

        return new PlacementPlan(actors, edges, options.WorkerCount, threads, options.MinActorsPerWorker, options.CrossWorkerCost);
    }

    /// <summary>
    /// Each node's pool, as an index into <paramref name="pools"/> (-1: the workers): the node's <c>pool</c> metadata,
    /// else its component's, else the blocking pool for one that may block, the async pool for an
    /// <see cref="AsyncActor"/>, the workers for the rest.
    /// </summary>
    /// <exception cref="NetworkValidationException">A node names a pool the network does not have, or an elastic edge joins two pools.</exception>
    private int[] PoolsOf(NetworkDefinition definition, (string Name, int Threads)[] pools)
    {
        var problems = new List<string>();
        var poolOf = new int[definition.Nodes.Length];
        for (int i = 0; i < poolOf.Length; i++)
        {
            NodeDefinition node = definition.Nodes[i];
            ComponentDescription description = node.Component.Description;
            string? name = node.Pool ?? description.Pool
                ?? (description.MayBlock ? ExecutionPools.Blocking : _cells[i].Actor is AsyncActor ? ExecutionPools.Async : null);
            poolOf[i] = name is null ? -1 : Array.FindIndex(pools, p => p.Name == name);
            if (_cells[i].Actor is AsyncActor && description.InputMode != InputMode.EachMessage)
            {
                problems.Add($"node '{node.Id}': an AsyncActor takes each message as it comes; input mode {description.InputMode} is not supported for component '{description.Name}'");
            }

            if (name is not null && poolOf[i] < 0)
            {
                string from = node.Pool is not null ? "its pool metadata" : $"its component '{description.Name}'";
                problems.Add($"node '{node.Id}': {from} names execution pool '{name}', which the network does not have (it has: {string.Join(", ", pools.Select(p => p.Name))}; add one with NetworkOptions.Pools or [actor_system] pools)");
            }
        }

        foreach (EdgeDefinition e in definition.Edges)
        {
            if (e.Elastic && poolOf[e.FromNode] != poolOf[e.ToNode])
            {
                string PoolName(int pool) => pool < 0 ? "the workers" : $"pool '{pools[pool].Name}'";
                problems.Add($"the elastic edge {definition.Nodes[e.FromNode].Id} → {definition.Nodes[e.ToNode].Id} needs both ends on one thread, but they run on {PoolName(poolOf[e.FromNode])} and {PoolName(poolOf[e.ToNode])}");
            }
        }

        return problems.Count == 0 ? poolOf : throw new NetworkValidationException(problems);
    }

    /// <summary>Creates the workers <paramref name="placement"/> asks for, sizes their rings, and pins every cell and edge to them.</summary>
    private Worker[] CreateWorkers(PlacementResult placement, NetworkOptions options, (string Name, int Threads)[] pools)
    {
        string ThreadName(int worker)
        {
            int first = placement.RegularWorkers;
            for (int p = 0; p < pools.Length; first += placement.PoolWorkers[p++])
            {
                if (worker < first + placement.PoolWorkers[p])
                {
                    return $"reflow {pools[p].Name} {worker - first}";
                }
            }

            throw new UnreachableException();
        }

        int[] workerOf = placement.WorkerOf;
        int regularWorkers = placement.RegularWorkers;
        int blockingWorkers = placement.BlockingWorkers; // the threads of every pool
        // A worker's ring takes what other threads post to it: messages over edges from other workers or the host
        // (bounded by those edges' credits, plus each edge's end marker), one Resume per edge out of it into another worker or the host, and a
        // margin for the rare posts of timers, retries and emissions from other threads (which wait for room, on
        // their own threads, if it is ever short). So a worker never waits on another worker. What a worker posts
        // to itself, and everything posted before the workers start (initial packets, first Produce calls), goes
        // through its local queue and needs no slot: an idle actor costs no ring space.
        // A live edit's new edges into a worker take their slots from what its ring has beyond this demand, so the
        // ring keeps room for a few of them (LiveEditReserve) beyond the demand of the edges it was built for.
        const int ForeignMargin = 64;
        var ringDemand = new long[regularWorkers + blockingWorkers];
        Array.Fill(ringDemand, ForeignMargin);
        foreach (Edge edge in _edges)
        {
            int? from = edge.Source is null ? null : workerOf[edge.Source.Node.Index];
            int? to = edge.Target is null ? null : workerOf[edge.Target.Node.Index];
            if (to is int target && from != to)
            {
                ringDemand[target] += edge.Capacity + 1; // and its end-of-edge marker, which takes no credit
            }

            if (from is int source && from != to)
            {
                ringDemand[source] += 1;
            }
        }

        var workers = new Worker[ringDemand.Length];
        var ringSizes = new long[ringDemand.Length];
        for (int w = 0; w < workers.Length; w++)
        {
            long size = Math.Max(64, (long)BitOperations.RoundUpToPowerOf2((ulong)ringDemand[w]));
            if (size > 1 << 24)
            {
                throw new NotSupportedException(
                    $"Worker {w} would need a ring of {size} slots for the edges into its nodes; lower the edge capacities or use more workers.");
            }

            size = Math.Min(1 << 24, Math.Max(size, (long)BitOperations.RoundUpToPowerOf2((ulong)(ringDemand[w] + LiveEditReserve))));
            ringSizes[w] = size;
            bool onPool = w >= regularWorkers;
            workers[w] = new Worker(
                w,
                (int)size,
                _run,
                onPool ? new SpinYieldParkWaitStrategy() : options.CreateWaitStrategy(), // a pool thread parks: it must not spin beside the workers
                onPool ? ThreadName(w) : $"reflow worker {w}");
        }

        foreach (Worker worker in workers)
        {
            worker.SetPeers(workers);
        }

        _regularWorkers = regularWorkers;
        _ringSlack = new long[workers.Length];
        for (int w = 0; w < workers.Length; w++)
        {
            _ringSlack[w] = ringSizes[w] - ringDemand[w];
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

    private static string HostEdgeId(NetworkDefinition definition, ExportedPortDefinition exported, bool toHost)
    {
        NodeDefinition node = definition.Nodes[exported.Node];
        return toHost
            ? EdgeIds.Of(node.Id, node.Component.Description.OutPorts[exported.Port].Name, exported.Index, EdgeIds.Host, exported.Name, -1)
            : EdgeIds.Of(EdgeIds.Host, exported.Name, -1, node.Id, node.Component.Description.InPorts[exported.Port].Name, exported.Index);
    }
}
