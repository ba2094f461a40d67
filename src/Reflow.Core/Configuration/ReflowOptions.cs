using Microsoft.Extensions.Configuration;
using Reflow.Networks;

namespace Reflow.Configuration;

/// <summary>
/// Everything a Reflow host can configure, in the sections of the original's <c>reflow.toml</c>:
/// <c>[actor_system]</c>, <c>[supervision]</c>, <c>[networking]</c> and <c>[runtimes.*]</c>. The <c>reflow</c>
/// command line reads it with <see cref="ReflowConfiguration.Load"/> (TOML file, then <c>REFLOW_…</c> environment
/// variables, then <c>--set</c> overrides); a host that embeds the engine can do the same, or bind it from
/// <c>Microsoft.Extensions.Configuration</c> (keys are the TOML names: <c>actor_system:thread_pool_size</c>).
/// </summary>
/// <example>
/// <code>
/// ReflowOptions options = ReflowConfiguration.Load("reflow.toml");                 // or: configuration.GetSection("reflow").Get&lt;ReflowOptions&gt;()
/// NetworkDefinition definition = GraphNetworkLoader.LoadFile("main.fbp", registry, options.ToGraphLoadOptions());
/// await using Network network = options.CreateNetwork(definition, "main");
/// </code>
/// </example>
public sealed record ReflowOptions
{
    /// <summary>The defaults (what an empty <c>reflow.toml</c> gives).</summary>
    public static ReflowOptions Default { get; } = new();

    /// <summary><c>[actor_system]</c>: threads, limits and buffers of the runtime.</summary>
    [ConfigurationKeyName("actor_system")]
    public ActorSystemOptions ActorSystem { get; init; } = new();

    /// <summary><c>[supervision]</c>: what happens to a node's actor when it throws (nodes without a policy of their own).</summary>
    [ConfigurationKeyName("supervision")]
    public SupervisionOptions Supervision { get; init; } = new();

    /// <summary><c>[networking]</c>: settings for running a graph across machines.</summary>
    [ConfigurationKeyName("networking")]
    public NetworkingOptions Networking { get; init; } = new();

    /// <summary><c>[runtimes.*]</c>: settings of the script runtimes (JavaScript, Python, WebAssembly).</summary>
    [ConfigurationKeyName("runtimes")]
    public RuntimesOptions Runtimes { get; init; } = new();

    /// <summary><c>[permissions]</c>: what graphs may reach (files, hosts, environment variables, programs); nothing by default.</summary>
    [ConfigurationKeyName("permissions")]
    public PermissionsOptions Permissions { get; init; } = new();

    /// <summary>
    /// The runtime options these settings stand for: <c>thread_pool_size</c> → <see cref="NetworkOptions.WorkerCount"/>,
    /// <c>blocking_thread_pool_size</c> → <see cref="NetworkOptions.BlockingWorkerCount"/>, <c>pools</c> → <see cref="NetworkOptions.Pools"/>,
    /// <c>min_actors_per_thread</c> → <see cref="NetworkOptions.MinActorsPerWorker"/>, <c>cross_worker_cost</c> →
    /// <see cref="NetworkOptions.CrossWorkerCost"/>, <c>wait_strategy</c> →
    /// <see cref="NetworkOptions.WaitStrategy"/>, <c>host_buffer_size</c> → <see cref="NetworkOptions.HostEdgeCapacity"/>,
    /// <c>dead_letter_capacity</c>, <c>deadlock_detection_interval</c>, <c>[supervision]</c> →
    /// <see cref="NetworkOptions.Supervision"/>, and <c>[permissions]</c> → <see cref="NetworkOptions.Permissions"/>.
    /// </summary>
    /// <param name="name">The network's name in metrics and traces; <see cref="NetworkOptions.Name"/>'s default when null.</param>
    /// <exception cref="ArgumentException">A <c>[permissions]</c> entry does not fit its kind.</exception>
    public NetworkOptions ToNetworkOptions(string? name = null)
    {
        ActorSystemOptions system = ActorSystem;
        var options = new NetworkOptions
        {
            WorkerCount = system.ThreadPoolSize,
            BlockingWorkerCount = system.BlockingThreadPoolSize,
            Pools = system.Pools.Count == 0 ? NetworkOptions.Default.Pools : system.PoolThreads(),
            MinActorsPerWorker = system.MinActorsPerThread,
            CrossWorkerCost = system.CrossWorkerCost,
            WaitStrategy = system.WaitStrategy,
            HostEdgeCapacity = system.HostBufferSize,
            DeadLetterCapacity = system.DeadLetterCapacity,
            DeadlockDetectionInterval = system.DeadlockDetectionInterval,
            Supervision = Supervision.ToPolicy(),
            Permissions = Permissions.ToPermissionSet(),
        };
        return name is null ? options : options with { Name = name };
    }

    /// <summary>
    /// The graph-loading options these settings stand for: <c>message_buffer_size</c> →
    /// <see cref="GraphLoadOptions.DefaultEdgeCapacity"/> (edges without <c>capacity</c> metadata), and
    /// <c>[permissions] env</c> → <see cref="GraphLoadOptions.EnvironmentVariables"/>: a graph's <c>env_vars</c> get
    /// only the variables granted (the names are the graph's choice, so they need <c>env</c> like any other read of
    /// the environment); one that is not is a load problem naming <c>--allow-env</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A <c>[permissions]</c> entry does not fit its kind.</exception>
    public GraphLoadOptions ToGraphLoadOptions() => new()
    {
        DefaultEdgeCapacity = ActorSystem.MessageBufferSize,
        MaxNodes = ActorSystem.MaxActorsPerNode,
        EnvironmentVariables = Permissions.ToPermissionSet().GetEnvironmentVariable,
    };

    /// <summary>
    /// Checks <paramref name="definition"/> against the limits (<c>max_actors_per_node</c>) and creates its network
    /// with <see cref="ToNetworkOptions"/>.
    /// </summary>
    /// <exception cref="ReflowLimitException">The network has more actors than <c>max_actors_per_node</c> allows.</exception>
    public Network CreateNetwork(NetworkDefinition definition, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        EnsureWithinLimits(definition);
        return Network.Create(definition, ToNetworkOptions(name));
    }

    /// <summary>Throws when <paramref name="definition"/> has more actors than <c>actor_system.max_actors_per_node</c>.</summary>
    /// <exception cref="ReflowLimitException">The network is too large for this node.</exception>
    public void EnsureWithinLimits(NetworkDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        int actors = definition.Nodes.Length;
        if (actors > ActorSystem.MaxActorsPerNode)
        {
            throw new ReflowLimitException(
                $"The network has {actors} actors, more than actor_system.max_actors_per_node = {ActorSystem.MaxActorsPerNode} allows on this node.");
        }
    }
}
