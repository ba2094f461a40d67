using Microsoft.Extensions.Configuration;
using Reflow.Networks;

namespace Reflow.Configuration;

/// <summary>The <c>[actor_system]</c> section: threads, limits and buffers of the runtime (see <see cref="ReflowOptions.ToNetworkOptions"/>).</summary>
public sealed record ActorSystemOptions
{
    /// <summary><c>thread_pool_size</c>: worker threads, each running the actors pinned to it (<see cref="NetworkOptions.WorkerCount"/>). Default: one per core.</summary>
    [ConfigurationKeyName("thread_pool_size")]
    public int ThreadPoolSize { get; init; } = Environment.ProcessorCount;

    /// <summary><c>max_actors_per_node</c>: the most actors one network may have on this machine; a larger graph is refused before it starts. Default 1 000 000.</summary>
    [ConfigurationKeyName("max_actors_per_node")]
    public int MaxActorsPerNode { get; init; } = 1_000_000;

    /// <summary><c>message_buffer_size</c>: the capacity of an edge whose connection sets none (<see cref="GraphLoadOptions.DefaultEdgeCapacity"/>). Default 1024.</summary>
    [ConfigurationKeyName("message_buffer_size")]
    public int MessageBufferSize { get; init; } = NetworkBuilder.DefaultEdgeCapacity;

    /// <summary><c>host_buffer_size</c>: the capacity of the edges between the host and exported ports (<see cref="NetworkOptions.HostEdgeCapacity"/>). Default 1024.</summary>
    [ConfigurationKeyName("host_buffer_size")]
    public int HostBufferSize { get; init; } = 1024;

    /// <summary><c>blocking_thread_pool_size</c>: threads for actors that may block (<see cref="NetworkOptions.BlockingWorkerCount"/>). Default 2.</summary>
    [ConfigurationKeyName("blocking_thread_pool_size")]
    public int BlockingThreadPoolSize { get; init; } = 2;

    /// <summary>
    /// <c>pools</c>: named execution pools, each <c>"name=threads"</c> (<c>pools = ["python=4", "io=8"]</c>); a node runs on
    /// one when its <c>pool</c> metadata names it (<see cref="NetworkOptions.Pools"/>). <c>blocking</c> and <c>async</c>
    /// resize those pools. Default: none.
    /// </summary>
    [ConfigurationKeyName("pools")]
    public IReadOnlyList<string> Pools { get; init; } = [];

    /// <summary>The pools of <see cref="Pools"/> by name; a malformed entry is an error naming it.</summary>
    /// <exception cref="ArgumentException">An entry is not <c>name=threads</c> with threads ≥ 1, or a name repeats.</exception>
    internal Dictionary<string, int> PoolThreads()
    {
        var pools = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string entry in Pools)
        {
            string[] parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int threads) || threads < 1)
            {
                throw new ArgumentException($"pool entry \"{entry}\" must be \"name=threads\" with at least one thread, such as \"python=4\"");
            }

            if (!pools.TryAdd(parts[0], threads))
            {
                throw new ArgumentException($"pool \"{parts[0]}\" is named twice");
            }
        }

        return pools;
    }

    /// <summary><c>min_actors_per_thread</c>: the fewest actors worth a worker thread of their own (<see cref="NetworkOptions.MinActorsPerWorker"/>). Default 4.</summary>
    [ConfigurationKeyName("min_actors_per_thread")]
    public int MinActorsPerThread { get; init; } = 4;

    /// <summary>
    /// <c>cross_worker_cost</c>: what a message between worker threads costs each side, in calls of a cheap actor;
    /// decides how many threads a network is worth (<see cref="NetworkOptions.CrossWorkerCost"/>). Default 5.
    /// </summary>
    [ConfigurationKeyName("cross_worker_cost")]
    public int CrossWorkerCost { get; init; } = 5;

    /// <summary>
    /// <c>wait_strategy</c>: how idle workers wait (<see cref="NetworkOptions.WaitStrategy"/>): <c>spin_yield_park</c>
    /// (default), <c>busy_spin</c>, <c>yielding</c> or <c>sleeping</c>.
    /// </summary>
    [ConfigurationKeyName("wait_strategy")]
    public WorkerWaitStrategy WaitStrategy { get; init; } = WorkerWaitStrategy.SpinYieldPark;

    /// <summary><c>dead_letter_capacity</c>: dead letters kept for the host to read (<see cref="NetworkOptions.DeadLetterCapacity"/>). Default 10 000.</summary>
    [ConfigurationKeyName("dead_letter_capacity")]
    public int DeadLetterCapacity { get; init; } = 10_000;

    /// <summary><c>deadlock_detection_interval</c>: how often to look for a cycle of full edges; <c>"0s"</c> turns it off (<see cref="NetworkOptions.DeadlockDetectionInterval"/>). Default 1 s.</summary>
    [ConfigurationKeyName("deadlock_detection_interval")]
    public TimeSpan DeadlockDetectionInterval { get; init; } = TimeSpan.FromSeconds(1);
}
