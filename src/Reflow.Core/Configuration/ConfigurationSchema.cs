using Reflow.Actors;
using Reflow.Networks;

namespace Reflow.Configuration;

/// <summary>Every key of the configuration, in the order of the reference.</summary>
internal static class ConfigurationSchema
{
    public static IReadOnlyList<ConfigurationKey> Keys { get; } = Build();

    /// <summary>Every table that holds keys (<c>actor_system</c>, <c>runtimes.python</c>), in order.</summary>
    public static IReadOnlyList<string> Sections { get; } = [.. Keys.Select(k => k.Section).Distinct()];

    private static readonly Dictionary<string, ConfigurationKey> ByPath = Keys.ToDictionary(k => k.Path, StringComparer.Ordinal);

    public static ConfigurationKey? Find(string path) => ByPath.GetValueOrDefault(path);

    /// <summary>Whether <paramref name="path"/> is a table or a prefix of one (<c>runtimes</c>).</summary>
    public static bool IsTable(string path) => Sections.Any(s => s == path || s.StartsWith(path + ".", StringComparison.Ordinal));

    private static List<ConfigurationKey> Build()
    {
        var keys = new List<ConfigurationKey>();

        void SystemKey(string name, ConfigurationValueType type, string description, Func<ActorSystemOptions, object?> read,
            Func<ActorSystemOptions, object?, ActorSystemOptions> apply, long minimum = 1, Type? choices = null) =>
            keys.Add(new("actor_system." + name, type, description, o => read(o.ActorSystem),
                (o, v) => o with { ActorSystem = apply(o.ActorSystem, v) }, minimum, choices));

        SystemKey("thread_pool_size", ConfigurationValueType.Integer, "Worker threads (NetworkOptions.WorkerCount). Default: one per core.",
            o => o.ThreadPoolSize, (o, v) => o with { ThreadPoolSize = (int)v! });
        SystemKey("max_actors_per_node", ConfigurationValueType.Integer, "The most actors one network may have on this machine; a larger graph is refused.",
            o => o.MaxActorsPerNode, (o, v) => o with { MaxActorsPerNode = (int)v! });
        SystemKey("message_buffer_size", ConfigurationValueType.Integer, "Capacity of an edge whose connection sets none (GraphLoadOptions.DefaultEdgeCapacity).",
            o => o.MessageBufferSize, (o, v) => o with { MessageBufferSize = (int)v! });
        SystemKey("host_buffer_size", ConfigurationValueType.Integer, "Capacity of the edges between the host and exported ports (NetworkOptions.HostEdgeCapacity).",
            o => o.HostBufferSize, (o, v) => o with { HostBufferSize = (int)v! });
        SystemKey("blocking_thread_pool_size", ConfigurationValueType.Integer, "Threads for actors that may block (NetworkOptions.BlockingWorkerCount).",
            o => o.BlockingThreadPoolSize, (o, v) => o with { BlockingThreadPoolSize = (int)v! });
        keys.Add(new("actor_system.pools", ConfigurationValueType.StringList,
            "Named execution pools, each \"name=threads\", for nodes whose pool metadata names them (NetworkOptions.Pools).",
            o => o.ActorSystem.Pools, (o, v) => o with { ActorSystem = o.ActorSystem with { Pools = v is string[] { Length: > 0 } pools ? pools : Array.Empty<string>() } }, // the shared empty one: options without pools stay equal
            check: v => CheckPools((string[])v!)));
        SystemKey("min_actors_per_thread", ConfigurationValueType.Integer, "Fewest actors worth a worker thread of their own (NetworkOptions.MinActorsPerWorker).",
            o => o.MinActorsPerThread, (o, v) => o with { MinActorsPerThread = (int)v! });
        SystemKey("cross_worker_cost", ConfigurationValueType.Integer, "What a message between worker threads costs each side, in calls of a cheap actor; 0 spreads every network (NetworkOptions.CrossWorkerCost).",
            o => o.CrossWorkerCost, (o, v) => o with { CrossWorkerCost = (int)v! }, minimum: 0);
        SystemKey("wait_strategy", ConfigurationValueType.Choice, "How idle workers wait (NetworkOptions.WaitStrategy).",
            o => o.WaitStrategy, (o, v) => o with { WaitStrategy = (WorkerWaitStrategy)v! }, choices: typeof(WorkerWaitStrategy));
        SystemKey("dead_letter_capacity", ConfigurationValueType.Integer, "Dead letters kept for the host (NetworkOptions.DeadLetterCapacity).",
            o => o.DeadLetterCapacity, (o, v) => o with { DeadLetterCapacity = (int)v! });
        SystemKey("deadlock_detection_interval", ConfigurationValueType.Duration, "How often to look for a cycle of full edges; \"0s\" turns it off (NetworkOptions.DeadlockDetectionInterval).",
            o => o.DeadlockDetectionInterval, (o, v) => o with { DeadlockDetectionInterval = (TimeSpan)v! });

        void Supervision(string name, ConfigurationValueType type, string description, Func<SupervisionOptions, object?> read,
            Func<SupervisionOptions, object?, SupervisionOptions> apply, Type? choices = null) =>
            keys.Add(new("supervision." + name, type, description, o => read(o.Supervision),
                (o, v) => o with { Supervision = apply(o.Supervision, v) }, 0, choices));

        Supervision("action", ConfigurationValueType.Choice, "What happens once a failure is final (SupervisionPolicy.Action).",
            o => o.Action, (o, v) => o with { Action = (FailureAction)v! }, typeof(FailureAction));
        Supervision("max_retries", ConfigurationValueType.Integer, "Retries of a failed message before the action applies.",
            o => o.MaxRetries, (o, v) => o with { MaxRetries = (int)v! });
        Supervision("retry_backoff", ConfigurationValueType.Duration, "Delay before the first retry, doubling after.",
            o => o.RetryBackoff, (o, v) => o with { RetryBackoff = (TimeSpan)v! });
        Supervision("max_retry_backoff", ConfigurationValueType.Duration, "Longest delay between retries.",
            o => o.MaxRetryBackoff, (o, v) => o with { MaxRetryBackoff = (TimeSpan)v! });
        Supervision("max_restarts", ConfigurationValueType.Integer, "Restarts before a restarting actor is stopped instead.",
            o => o.MaxRestarts, (o, v) => o with { MaxRestarts = (int)v! });
        Supervision("circuit_breaker_threshold", ConfigurationValueType.Integer, "Consecutive failures that open the circuit; 0 turns it off.",
            o => o.CircuitBreakerThreshold, (o, v) => o with { CircuitBreakerThreshold = (int)v! });
        Supervision("circuit_breaker_duration", ConfigurationValueType.Duration, "How long an open circuit turns messages away.",
            o => o.CircuitBreakerDuration, (o, v) => o with { CircuitBreakerDuration = (TimeSpan)v! });
        Supervision("ignore_failures", ConfigurationValueType.Boolean, "Uncaught failures are counted and shown but do not fail the run (SupervisionPolicy.IgnoreFailures).",
            o => o.IgnoreFailures, (o, v) => o with { IgnoreFailures = (bool)v! });

        void Networking(string name, ConfigurationValueType type, string description, Func<NetworkingOptions, object?> read,
            Func<NetworkingOptions, object?, NetworkingOptions> apply) =>
            keys.Add(new("networking." + name, type, description, o => read(o.Networking), (o, v) => o with { Networking = apply(o.Networking, v) }));

        Networking("bind_address", ConfigurationValueType.Address, "host:port a node listens on when a graph runs across machines.",
            o => o.BindAddress, (o, v) => o with { BindAddress = (string)v! });
        Networking("compression_enabled", ConfigurationValueType.Boolean, "Compress frames between machines.",
            o => o.CompressionEnabled, (o, v) => o with { CompressionEnabled = (bool)v! });
        Networking("encryption_enabled", ConfigurationValueType.Boolean, "Encrypt links between machines.",
            o => o.EncryptionEnabled, (o, v) => o with { EncryptionEnabled = (bool)v! });

        void Permission(string name, string description, Permissions.PermissionKind kind) =>
            keys.Add(new("permissions." + name, ConfigurationValueType.StringList, description, o => o.Permissions.Entries(kind),
                (o, v) => o with { Permissions = SetEntries(o.Permissions, kind, (string[])v!) },
                check: v => CheckEntries(kind, (string[])v!)));

        Permission("read", "Paths the nodes may read under, or \"*\" for any (--allow-read).", Permissions.PermissionKind.Read);
        Permission("write", "Paths the nodes may write under, or \"*\" for any (--allow-write).", Permissions.PermissionKind.Write);
        Permission("net", "Hosts the nodes may connect to: \"host\" (any port), \"host:port\", or \"*\" (--allow-net).", Permissions.PermissionKind.Net);
        Permission("env", "Environment variables the nodes may read: names, \"PREFIX_*\", or \"*\" (--allow-env).", Permissions.PermissionKind.Env);
        Permission("run", "Programs the nodes may start, by name or path, or \"*\" (--allow-run).", Permissions.PermissionKind.Run);
        keys.Add(new("permissions.allow_all", ConfigurationValueType.Boolean, "Grant everything (--allow-all), for graphs trusted entirely.",
            o => o.Permissions.AllowAll, (o, v) => o with { Permissions = o.Permissions with { AllowAll = (bool)v! } }));

        AddRuntime(keys, "javascript", o => o.JavaScript, (o, r) => o with { JavaScript = r });
        AddRuntime(keys, "python", o => o.Python, (o, r) => o with { Python = r });
        AddRuntime(keys, "wasm", o => o.Wasm, (o, r) => o with { Wasm = r });
        return keys;
    }

    /// <summary>A key's array replaces the one before it (a later source overrides, as for every key).</summary>
    private static PermissionsOptions SetEntries(PermissionsOptions options, Permissions.PermissionKind kind, string[] entries) => kind switch
    {
        Permissions.PermissionKind.Read => options with { Read = entries },
        Permissions.PermissionKind.Write => options with { Write = entries },
        Permissions.PermissionKind.Net => options with { Net = entries },
        Permissions.PermissionKind.Env => options with { Env = entries },
        _ => options with { Run = entries },
    };

    /// <summary>Why an array of pool entries is not a set of <c>name=threads</c>, or null when it is.</summary>
    private static string? CheckPools(string[] entries)
    {
        try
        {
            _ = new ActorSystemOptions { Pools = entries }.PoolThreads();
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Why an array of permission entries does not fit <paramref name="kind"/>, or null when it does.</summary>
    private static string? CheckEntries(Permissions.PermissionKind kind, string[] entries)
    {
        try
        {
            _ = Reflow.Permissions.PermissionSet.None.With(kind, entries.Where(e => e != PermissionsOptions.Everything));
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message.Split(" (Parameter", 2)[0];
        }
    }

    private static void AddRuntime(List<ConfigurationKey> keys, string runtime, Func<RuntimesOptions, RuntimeOptions> get, Func<RuntimesOptions, RuntimeOptions, RuntimesOptions> set)
    {
        void Key(string name, ConfigurationValueType type, string description, Func<RuntimeOptions, object?> read, Func<RuntimeOptions, object?, RuntimeOptions> apply) =>
            keys.Add(new($"runtimes.{runtime}.{name}", type, description, o => read(get(o.Runtimes)),
                (o, v) => o with { Runtimes = set(o.Runtimes, apply(get(o.Runtimes), v)) }));

        Key("enabled", ConfigurationValueType.Boolean, "Whether graphs may use this runtime's components.", o => o.Enabled, (o, v) => o with { Enabled = (bool)v! });
        Key("permissions", ConfigurationValueType.StringList, "What scripts may reach (such as \"--allow-net\").", o => o.Permissions, (o, v) => o with { Permissions = (string[])v! });
        Key("memory_limit", ConfigurationValueType.Size, "Most memory one script actor may use (\"512MB\").", o => o.MemoryLimit, (o, v) => o with { MemoryLimit = (string)v! });
        Key("timeout", ConfigurationValueType.Duration, "Longest one script call may run.", o => o.Timeout, (o, v) => o with { Timeout = (TimeSpan)v! });
        Key("use_docker", ConfigurationValueType.Boolean, "Run the interpreter in a container.", o => o.UseDocker, (o, v) => o with { UseDocker = (bool)v! });
        Key("shared_environment", ConfigurationValueType.Boolean, "(Python) Nodes with the same interpreter and packages share one virtual environment; false gives each node its own.", o => o.SharedEnvironment, (o, v) => o with { SharedEnvironment = (bool)v! });
        if (runtime != "python")
        {
            return;
        }

        Key("interpreter", ConfigurationValueType.Text, "The Python 3 to run: a path or a command on PATH (default python3).", o => o.Interpreter, (o, v) => o with { Interpreter = (string)v! });
        Key("sandbox", ConfigurationValueType.Text, "\"auto\" (bubblewrap when found), \"bubblewrap\" (required) or \"none\".", o => o.Sandbox, (o, v) => o with { Sandbox = (string)v! });
        Key("requirements", ConfigurationValueType.StringList, "pip requirement strings for the nodes' virtual environment.", o => o.Requirements, (o, v) => o with { Requirements = (string[])v! });
        Key("requirements_file", ConfigurationValueType.Text, "A pip requirements file for the nodes' virtual environment.", o => o.RequirementsFile, (o, v) => o with { RequirementsFile = (string)v! });
        Key("wheels", ConfigurationValueType.Text, "A folder of wheels pip installs from instead of an index.", o => o.Wheels, (o, v) => o with { Wheels = (string)v! });
        Key("system_site_packages", ConfigurationValueType.Boolean, "Whether the virtual environment sees the interpreter's own packages.", o => o.SystemSitePackages, (o, v) => o with { SystemSitePackages = (bool)v! });
        Key("max_restarts", ConfigurationValueType.Integer, "How many times a node's worker is started again after it died or was killed.", o => o.MaxRestarts, (o, v) => o with { MaxRestarts = (int)v! });
    }
}
