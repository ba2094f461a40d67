using System.Collections.ObjectModel;
using Reflow.Actors;
using Reflow.Rings;

namespace Reflow.Networks;

/// <summary>How a network runs.</summary>
public sealed record NetworkOptions
{
    /// <summary>The default options.</summary>
    public static NetworkOptions Default { get; } = new();

    /// <summary>The network's name in metrics and traces (the <c>reflow.network</c> tag). Default "network".</summary>
    public string Name { get; init; } = "network";

    /// <summary>Worker threads; every actor is pinned to one. Default: one per core.</summary>
    public int WorkerCount { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The fewest actors worth a worker of their own: a network gets at most ⌈actors ÷ this⌉ workers (and never
    /// more than <see cref="WorkerCount"/>). A message between actors on one worker is a call on the same thread,
    /// with the data in cache; between workers it crosses cores, about ten times the cost of a cheap actor, so a
    /// small network runs faster on fewer threads (measured: a two-actor pipeline 2.6× faster on one worker than on
    /// two). Within this limit <see cref="CrossWorkerCost"/> decides how many workers are worth it. Set 1 (and
    /// <see cref="CrossWorkerCost"/> 0) to spread every network over every worker. Default 4.
    /// </summary>
    public int MinActorsPerWorker { get; init; } = 4;

    /// <summary>
    /// What a message between two workers costs each of them, in calls of a cheap actor. Within the limit of
    /// <see cref="MinActorsPerWorker"/>, the placement uses as many workers as lower the estimated work of the
    /// busiest one per message, counting every actor call and, for each edge between workers, this cost on both
    /// sides (every edge assumed to carry the same traffic). So a chain spreads over workers once it is long enough
    /// to gain, while a wide fan-out/fan-in, whose every edge would cross, stays on one (measured on the 2-core
    /// development machines: an edge between cores cost 3.5–10 actor calls; a 1 → 8 → 1 fan-out ran 2× faster on
    /// one worker than on two). Lower it when actors do substantial work per message (their calls then dwarf the
    /// crossing); 0 spreads every network over as many workers as <see cref="MinActorsPerWorker"/> allows.
    /// Default 5.
    /// </summary>
    public int CrossWorkerCost { get; init; } = 5;

    /// <summary>
    /// Threads of the separate pool for actors whose component declares that it may block
    /// (<see cref="Actors.ComponentDescription.MayBlock"/>); they never run on a worker thread. Default 2.
    /// </summary>
    public int BlockingWorkerCount { get; init; } = 2;

    /// <summary>
    /// Threads of the <see cref="ExecutionPools.Async"/> pool, where <see cref="AsyncActor"/>s run unless their
    /// component or node names another pool. Default 2.
    /// </summary>
    public int AsyncWorkerCount { get; init; } = 2;

    /// <summary>
    /// Further execution pools, by name, with their thread counts: a node runs on one when its <c>pool</c> metadata
    /// (or its component's <see cref="ComponentDescription.Pool"/>) names it. Pool threads are never worker threads,
    /// so an actor that blocks or awaits there stalls no actor on the workers; edges into and out of it keep their
    /// capacity and backpressure. The names <see cref="ExecutionPools.Blocking"/> and <see cref="ExecutionPools.Async"/>
    /// here resize those pools (in place of <see cref="BlockingWorkerCount"/> and <see cref="AsyncWorkerCount"/>).
    /// A pool's threads are started only when a node runs on it. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, int> Pools { get; init; } = ReadOnlyDictionary<string, int>.Empty; // shared: default options stay equal

    /// <summary>How idle workers wait. Default <see cref="WorkerWaitStrategy.SpinYieldPark"/>.</summary>
    public WorkerWaitStrategy WaitStrategy { get; init; } = WorkerWaitStrategy.SpinYieldPark;

    /// <summary>
    /// Carries a W3C trace context (<see cref="System.Diagnostics.ActivityContext"/>) with each message, so that a
    /// sampled message's hops form one trace on the activity source <see cref="Network.ActivitySourceName"/>: a span
    /// per invocation of an each-message actor that handled it, parented on the span that sent it. Traces start at a
    /// host's write (<see cref="Network.SendAsync"/> or <see cref="Network.Input"/> under an
    /// <see cref="System.Diagnostics.Activity.Current"/>) or at a source's chunk (a root span the listener's sampler
    /// decides on); <see cref="Network.LastReadTraceContext"/> gives the context of a message read from an exported
    /// out-port. Messages do not grow: each bounded edge gets a side array of one context per credit (elastic edges
    /// stay untraced), and host writes to an exported in-port take a lock. Default false: nothing is allocated and the
    /// hot path pays one null test per emission and invocation. See docs/observability.md.
    /// </summary>
    public bool TraceMessages { get; init; }

    /// <summary>The capacity of the edges between the host and exported ports.</summary>
    public int HostEdgeCapacity { get; init; } = 1024;

    /// <summary>The supervision of nodes that do not set their own. Default <see cref="SupervisionPolicy.Default"/> (resume).</summary>
    public SupervisionPolicy Supervision { get; init; } = SupervisionPolicy.Default;

    /// <summary>Dead letters kept for the host to read (<see cref="Network.DeadLetters"/>); older ones are discarded and counted. Default 10 000.</summary>
    public int DeadLetterCapacity { get; init; } = 10_000;

    /// <summary>
    /// How often the network looks for a deadlock (a cycle of actors waiting on each other's full edges); one seen
    /// on two checks in a row, with no progress between them, fails the run with a <see cref="NetworkDeadlockException"/>
    /// naming the cycle instead of hanging. <see cref="TimeSpan.Zero"/> turns the check off. Default 1 s.
    /// </summary>
    public TimeSpan DeadlockDetectionInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock of retries, circuit breakers and actor timers. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// What the nodes may reach outside the process (files, hosts, environment variables, programs), unless a node has
    /// a grant of its own (<see cref="NodeDefinition.Permissions"/>). The standard <c>io/</c> and <c>http/</c> components
    /// check it before every access, and fail naming the permission to grant. Default
    /// <see cref="Reflow.Permissions.PermissionSet.None"/>: an embedding host grants explicitly, such as
    /// <c>PermissionSet.None.WithRead(dataDirectory)</c>, or <see cref="Reflow.Permissions.PermissionSet.All"/> for
    /// graphs it trusts. (The <c>reflow</c> command grants read and write under the graph file's directory.)
    /// </summary>
    public Permissions.PermissionSet Permissions { get; init; } = Reflow.Permissions.PermissionSet.None;

    internal WaitStrategy CreateWaitStrategy() => WaitStrategy switch
    {
        WorkerWaitStrategy.BusySpin => new BusySpinWaitStrategy(),
        WorkerWaitStrategy.Yielding => new YieldingWaitStrategy(),
        WorkerWaitStrategy.Sleeping => new SleepingWaitStrategy(),
        _ => new SpinYieldParkWaitStrategy(),
    };

    /// <summary>
    /// Every pool with its threads: <see cref="ExecutionPools.Blocking"/>, <see cref="ExecutionPools.Async"/>, then
    /// <see cref="Pools"/>' other names in ordinal order, then the pools that components of
    /// <paramref name="definition"/> name and <see cref="Pools"/> does not (a script runtime's), each with
    /// <see cref="AsyncWorkerCount"/> threads: a component's author cannot size the host's pools, and its actors must
    /// not land on the workers. A pool named only by a node's metadata is not made: a typo there is reported.
    /// </summary>
    internal (string Name, int Threads)[] ResolvePools(Networks.NetworkDefinition? definition = null)
    {
        var pools = new List<(string Name, int Threads)>
        {
            (ExecutionPools.Blocking, Pools.GetValueOrDefault(ExecutionPools.Blocking, BlockingWorkerCount)),
            (ExecutionPools.Async, Pools.GetValueOrDefault(ExecutionPools.Async, AsyncWorkerCount)),
        };
        foreach (string name in Pools.Keys.Order(StringComparer.Ordinal))
        {
            if (name is not ExecutionPools.Blocking and not ExecutionPools.Async)
            {
                pools.Add((name, Pools[name]));
            }
        }

        foreach (NodeDefinition node in definition?.Nodes ?? [])
        {
            if (node.Component.Description.Pool is string named && !pools.Exists(p => p.Name == named))
            {
                pools.Add((named, AsyncWorkerCount));
            }
        }

        return [.. pools];
    }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Pools, nameof(Pools));
        ArgumentOutOfRangeException.ThrowIfLessThan(AsyncWorkerCount, 1, nameof(AsyncWorkerCount));
        foreach ((string name, int threads) in Pools)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("An execution pool needs a name.", nameof(Pools));
            }

            if (threads < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Pools), threads, $"Execution pool '{name}' needs at least one thread.");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(WorkerCount, 1, nameof(WorkerCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockingWorkerCount, 1, nameof(BlockingWorkerCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinActorsPerWorker, 1, nameof(MinActorsPerWorker));
        ArgumentOutOfRangeException.ThrowIfNegative(CrossWorkerCost, nameof(CrossWorkerCost));
        ArgumentOutOfRangeException.ThrowIfLessThan(HostEdgeCapacity, 1, nameof(HostEdgeCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeadLetterCapacity, 1, nameof(DeadLetterCapacity));
        ArgumentNullException.ThrowIfNull(Supervision, nameof(Supervision));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(Permissions, nameof(Permissions));
        if (!Enum.IsDefined(WaitStrategy))
        {
            throw new ArgumentOutOfRangeException(nameof(WaitStrategy), WaitStrategy, "Unknown wait strategy.");
        }
    }
}
