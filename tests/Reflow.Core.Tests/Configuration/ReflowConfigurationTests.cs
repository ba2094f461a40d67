using Microsoft.Extensions.Configuration;
using Reflow.Actors;
using Reflow.Configuration;
using Reflow.Networks;

namespace Reflow.Tests.Configuration;

public sealed class ReflowConfigurationTests
{
    private const string OriginalsExample = """
        [actor_system]
        thread_pool_size = 8
        max_actors_per_node = 10000
        message_buffer_size = 1000

        [networking]
        bind_address = "0.0.0.0:8080"
        compression_enabled = true
        encryption_enabled = true

        [runtimes.javascript]
        permissions = ["--allow-net", "--allow-read"]
        memory_limit = "512MB"

        [runtimes.python]
        use_docker = false
        shared_environment = true
        """;

    [Fact]
    public void The_originals_sections_are_read_and_mapped_to_the_runtime_options()
    {
        ReflowOptions options = ReflowConfiguration.FromToml(OriginalsExample);

        Assert.Equal(8, options.ActorSystem.ThreadPoolSize);
        Assert.Equal(10_000, options.ActorSystem.MaxActorsPerNode);
        Assert.Equal("0.0.0.0:8080", options.Networking.BindAddress);
        Assert.Equal(["--allow-net", "--allow-read"], options.Runtimes.JavaScript.Permissions);
        Assert.Equal(512_000_000, options.Runtimes.JavaScript.MemoryLimitBytes);
        Assert.True(options.Runtimes.Python.SharedEnvironment);

        NetworkOptions network = options.ToNetworkOptions("n");
        Assert.Equal(8, network.WorkerCount);
        Assert.Equal("n", network.Name);
        Assert.Equal(1000, options.ToGraphLoadOptions().DefaultEdgeCapacity);
    }

    [Fact]
    public void Every_key_maps_where_its_description_says()
    {
        ReflowOptions options = ReflowConfiguration.FromToml("""
            [actor_system]
            blocking_thread_pool_size = 3
            min_actors_per_thread = 1
            cross_worker_cost = 0
            wait_strategy = "busy_spin"
            host_buffer_size = 64
            dead_letter_capacity = 5
            deadlock_detection_interval = "250ms"
            [supervision]
            action = "restart"
            max_retries = 2
            retry_backoff = "5ms"
            max_retry_backoff = "2s"
            max_restarts = 4
            circuit_breaker_threshold = 7
            circuit_breaker_duration = "1m"
            """);

        NetworkOptions network = options.ToNetworkOptions();
        Assert.Equal(3, network.BlockingWorkerCount);
        Assert.Equal(1, network.MinActorsPerWorker);
        Assert.Equal(0, network.CrossWorkerCost);
        Assert.Equal(WorkerWaitStrategy.BusySpin, network.WaitStrategy);
        Assert.Equal(64, network.HostEdgeCapacity);
        Assert.Equal(5, network.DeadLetterCapacity);
        Assert.Equal(TimeSpan.FromMilliseconds(250), network.DeadlockDetectionInterval);
        Assert.Equal(new SupervisionPolicy
        {
            Action = FailureAction.Restart,
            MaxRetries = 2,
            RetryBackoff = TimeSpan.FromMilliseconds(5),
            MaxRetryBackoff = TimeSpan.FromSeconds(2),
            MaxRestarts = 4,
            CircuitBreakerThreshold = 7,
            CircuitBreakerDuration = TimeSpan.FromMinutes(1),
        }, network.Supervision);
    }

    [Fact]
    public void Pools_are_read_as_name_equals_threads_and_a_bad_entry_is_reported_with_its_line()
    {
        NetworkOptions network = ReflowConfiguration.FromToml("""
            [actor_system]
            pools = ["python=4", "io = 2", "async=3"]
            """).ToNetworkOptions();

        Assert.Equal(new Dictionary<string, int> { ["python"] = 4, ["io"] = 2, ["async"] = 3 }, network.Pools);

        var ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromToml("""
            [actor_system]
            pools = ["python"]
            """, "conf/reflow.toml"));
        Assert.Contains("conf/reflow.toml:2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pool entry \"python\" must be \"name=threads\" with at least one thread", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_gives_the_defaults_of_the_runtime()
    {
        NetworkOptions network = ReflowConfiguration.FromToml("").ToNetworkOptions();

        Assert.Equal(NetworkOptions.Default, network);
        Assert.Equal(GraphLoadOptions.Default.DefaultEdgeCapacity, ReflowOptions.Default.ToGraphLoadOptions().DefaultEdgeCapacity);
    }

    [Fact]
    public void Every_problem_is_reported_with_file_line_and_key()
    {
        var ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromToml("""
            [actor_system]
            thread_pool_size = "eight"
            thread_pool = 4
            message_buffer_size = 0
            message_buffer_size = 10

            [actorsystem]
            x = 1

            [runtimes.deno]
            permissions = []

            [runtimes.python]
            use_docker = "no"
            permissions = [1, 2]
            """, "conf/reflow.toml"));

        Assert.Equal(
        [
            ("conf/reflow.toml:2", "actor_system.thread_pool_size"),
            ("conf/reflow.toml:3", "actor_system.thread_pool"),
            ("conf/reflow.toml:4", "actor_system.message_buffer_size"),
            ("conf/reflow.toml:5", "actor_system.message_buffer_size"),
            ("conf/reflow.toml:7", "actorsystem"),
            ("conf/reflow.toml:10", "runtimes.deno"),
            ("conf/reflow.toml:14", "runtimes.python.use_docker"),
            ("conf/reflow.toml:15", "runtimes.python.permissions"),
        ], ex.Problems.Select(p => (p.Location, p.Key)));
        Assert.Contains("conf/reflow.toml:2: actor_system.thread_pool_size must be a whole number of at least 1, but is the string \"eight\"", ex.Message);
        Assert.Contains("unknown key 'actor_system.thread_pool'; [actor_system] has: thread_pool_size,", ex.Message);
        Assert.Contains("actor_system.message_buffer_size is set twice (first on line 4)", ex.Message);
        Assert.Contains("unknown table [runtimes.deno] (JavaScript runs in-process here: use [runtimes.javascript])", ex.Message);
        Assert.Contains("runtimes.python.permissions must be an array of strings, but is an array of 2 item(s)", ex.Message);
    }

    [Fact]
    public void The_python_table_has_its_own_keys_which_other_runtimes_do_not()
    {
        ReflowOptions options = ReflowConfiguration.FromToml("""
            [runtimes.python]
            interpreter = "/usr/bin/python3"
            sandbox = "none"
            requirements = ["six==1.16.0"]
            requirements_file = "requirements.txt"
            wheels = "./wheels"
            system_site_packages = true
            max_restarts = 2
            """);

        RuntimeOptions python = options.Runtimes.Python;
        Assert.Equal("/usr/bin/python3", python.Interpreter);
        Assert.Equal("none", python.Sandbox);
        Assert.Equal(["six==1.16.0"], python.Requirements);
        Assert.Equal("requirements.txt", python.RequirementsFile);
        Assert.Equal("./wheels", python.Wheels);
        Assert.True(python.SystemSitePackages);
        Assert.Equal(2, python.MaxRestarts);
        Assert.Equal(5, options.Runtimes.JavaScript.MaxRestarts);

        var ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromToml("[runtimes.javascript]\ninterpreter = \"node\"\n[runtimes.python]\ninterpreter = \"\"\n"));
        Assert.Equal(["runtimes.javascript.interpreter", "runtimes.python.interpreter"], ex.Problems.Select(p => p.Key));
        Assert.Contains("runtimes.python.interpreter must be a non-empty string", ex.Message);
    }

    // Found by fuzzing (fuzz/regressions/toml): Tomlyn threw ArgumentOutOfRangeException, not a TomlException, for these.
    [Theory]
    [InlineData("a = \"\\", 1)]
    [InlineData("[actor_system]\nname = \"x\\", 2)]
    [InlineData("a = \"\"\"\n\\", 2)]
    public void A_string_cut_off_after_a_backslash_is_a_syntax_error(string toml, int line)
    {
        var ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromToml(toml));

        ConfigurationProblem problem = Assert.Single(ex.Problems);
        Assert.Equal($"reflow.toml:{line}", problem.Location);
        Assert.Equal("TOML syntax error: the text ends inside a string, right after a backslash (an escape sequence with nothing after it)", problem.Message);
    }

    [Fact]
    public void A_backslash_ending_a_comment_is_no_error()
    {
        Assert.Equal(ReflowConfiguration.ToToml(ReflowOptions.Default), ReflowConfiguration.ToToml(ReflowConfiguration.FromToml("# a path C:\\")));
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        var ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromToml("[actor_system]\nthread_pool_size = = 3\n"));

        ConfigurationProblem problem = Assert.Single(ex.Problems);
        Assert.Equal("reflow.toml:2", problem.Location);
        Assert.StartsWith("TOML syntax error", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_problem_not_a_crash()
    {
        var ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.Load("/no/such/reflow.toml", environment: new Dictionary<string, string>()));

        Assert.Equal("/no/such/reflow.toml: the configuration file does not exist", Assert.Single(ex.Problems).ToString());
    }

    [Fact]
    public void Environment_overrides_the_file_and_overrides_win_over_both()
    {
        string file = Path.GetTempFileName();
        File.WriteAllText(file, "[actor_system]\nthread_pool_size = 2\nmessage_buffer_size = 10\n[runtimes.wasm]\nenabled = true\n");
        var environment = new Dictionary<string, string>
        {
            ["REFLOW_ACTOR_SYSTEM__THREAD_POOL_SIZE"] = "3",
            ["reflow_actor_system__message_buffer_size"] = "20",
            ["REFLOW_RUNTIMES__WASM__ENABLED"] = "false",
            ["REFLOW_SOMETHING_ELSE"] = "not configuration",
        };

        ReflowOptions options = ReflowConfiguration.Load(file, ["actor_system.thread_pool_size=4", "runtimes.python.permissions=[\"--allow-read\"]"], environment);

        Assert.Equal(4, options.ActorSystem.ThreadPoolSize);
        Assert.Equal(20, options.ActorSystem.MessageBufferSize);
        Assert.False(options.Runtimes.Wasm.Enabled);
        Assert.Equal(["--allow-read"], options.Runtimes.Python.Permissions);
    }

    [Theory]
    [InlineData("actor_system.deadlock_detection_interval=0", "0s")]
    [InlineData("actor_system.deadlock_detection_interval=1.5s", "1500ms")]
    [InlineData("actor_system.deadlock_detection_interval=00:01:00", "1m")]
    public void Durations_take_units_or_time_spans(string assignment, string expected)
    {
        ReflowOptions options = ReflowConfiguration.Load(overrides: [assignment], environment: new Dictionary<string, string>());
        ReflowOptions reference = ReflowConfiguration.FromToml($"[actor_system]\ndeadlock_detection_interval = \"{expected}\"");

        Assert.Equal(reference.ActorSystem.DeadlockDetectionInterval, options.ActorSystem.DeadlockDetectionInterval);
    }

    [Fact]
    public void The_options_read_from_Microsoft_Extensions_Configuration_with_the_same_keys_and_checks()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["reflow:actor_system:thread_pool_size"] = "6",
                ["reflow:actor_system:wait_strategy"] = "yielding",
                ["reflow:actor_system:deadlock_detection_interval"] = "2s",
                ["reflow:supervision:action"] = "stop",
                ["reflow:runtimes:python:permissions:0"] = "--allow-net",
                ["reflow:runtimes:python:permissions:1"] = "--allow-read",
                ["reflow:networking:bind_address"] = "10.0.0.1:9000",
            })
            .Build();

        ReflowOptions options = ReflowConfiguration.FromConfiguration(configuration.GetSection("reflow"));

        Assert.Equal(6, options.ActorSystem.ThreadPoolSize);
        Assert.Equal(WorkerWaitStrategy.Yielding, options.ActorSystem.WaitStrategy);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ActorSystem.DeadlockDetectionInterval);
        Assert.Equal(FailureAction.Stop, options.Supervision.Action);
        Assert.Equal(["--allow-net", "--allow-read"], options.Runtimes.Python.Permissions);
        Assert.Equal("10.0.0.1:9000", options.Networking.BindAddress);
        Assert.Equal(1024, options.ActorSystem.MessageBufferSize); // unset keys keep their defaults
    }

    [Fact]
    public void Unknown_keys_and_bad_values_in_Microsoft_Extensions_Configuration_name_their_path()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["reflow:actor_system:thread_pool"] = "6",
                ["reflow:actor_system:message_buffer_size"] = "lots",
            })
            .Build();

        var ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromConfiguration(configuration.GetSection("reflow")));

        Assert.Equal(
            [("configuration reflow:actor_system:message_buffer_size", "actor_system.message_buffer_size"), ("configuration reflow:actor_system:thread_pool", "actor_system.thread_pool")],
            ex.Problems.Select(p => (p.Location, p.Key)).Order());
    }

    [Fact]
    public void The_options_class_also_binds_with_the_configuration_binder()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["reflow:actor_system:thread_pool_size"] = "6",
                ["reflow:actor_system:wait_strategy"] = "Yielding",
                ["reflow:actor_system:deadlock_detection_interval"] = "00:00:02",
                ["reflow:runtimes:python:permissions:0"] = "--allow-net",
            })
            .Build();

        ReflowOptions options = configuration.GetSection("reflow").Get<ReflowOptions>()!;

        Assert.Equal(6, options.ActorSystem.ThreadPoolSize);
        Assert.Equal(WorkerWaitStrategy.Yielding, options.ActorSystem.WaitStrategy);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ActorSystem.DeadlockDetectionInterval);
        Assert.Equal(["--allow-net"], options.Runtimes.Python.Permissions);
    }

    [Fact]
    public void The_same_environment_variables_bind_through_the_environment_provider()
    {
        string variable = "REFLOW_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() + "_";
        Environment.SetEnvironmentVariable(variable + "ACTOR_SYSTEM__MESSAGE_BUFFER_SIZE", "77");
        try
        {
            IConfiguration configuration = new ConfigurationBuilder().AddEnvironmentVariables(variable).Build();

            Assert.Equal(77, configuration.Get<ReflowOptions>()!.ActorSystem.MessageBufferSize);
            Assert.Equal(77, ReflowConfiguration.FromConfiguration(configuration).ActorSystem.MessageBufferSize);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable + "ACTOR_SYSTEM__MESSAGE_BUFFER_SIZE", null);
        }
    }

    [Fact]
    public void A_network_larger_than_max_actors_per_node_is_refused_before_it_is_created()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("a", Reflow.Actors.Component.FromFunc(new Reflow.Actors.ComponentDescription("t/A", [new("in")], [new("out")]), _ => { }))
            .AddNode("b", Reflow.Actors.Component.FromFunc(new Reflow.Actors.ComponentDescription("t/B", [new("in")]), _ => { }))
            .Connect("a", "out", "b", "in")
            .ExportInPort("in", "a", "in")
            .Build();
        ReflowOptions options = ReflowConfiguration.FromToml("[actor_system]\nmax_actors_per_node = 1");

        var ex = Assert.Throws<ReflowLimitException>(() => options.CreateNetwork(definition));
        Assert.Contains("2 actors, more than actor_system.max_actors_per_node = 1", ex.Message);
    }

    [Fact]
    public void ToToml_reads_back_to_the_same_options()
    {
        ReflowOptions options = ReflowConfiguration.FromToml(OriginalsExample);

        Assert.Equal(ReflowConfiguration.ToToml(options), ReflowConfiguration.ToToml(ReflowConfiguration.FromToml(ReflowConfiguration.ToToml(options))));
        Assert.Equal(options.ActorSystem, ReflowConfiguration.FromToml(ReflowConfiguration.ToToml(options)).ActorSystem);
    }

    [Fact]
    public void ToToml_escapes_backslashes_quotes_and_control_characters_so_they_read_back()
    {
        // Found by the configuration property test: values were written between quotes unescaped, so a Windows path
        // was an invalid escape and a quote or a control character made the document unreadable.
        RuntimeOptions python = ReflowOptions.Default.Runtimes.Python with
        {
            Interpreter = @"C:\Python\python.exe",
            Requirements = ["pkg \"quoted\"", "tab\tnewline\nbell\u0007del\u007f", "naïve 😀"],
        };
        ReflowOptions options = ReflowOptions.Default with { Runtimes = ReflowOptions.Default.Runtimes with { Python = python } };

        ReflowOptions again = ReflowConfiguration.FromToml(ReflowConfiguration.ToToml(options));

        Assert.Equal(python.Interpreter, again.Runtimes.Python.Interpreter);
        Assert.Equal(python.Requirements, again.Runtimes.Python.Requirements);
    }

    [Theory]
    [InlineData("\"\\U0011FFFF\"")]
    [InlineData("\"\\U0011FF")]
    [InlineData("\"r}50ms\\U0011FF")]
    [InlineData("\"\\uD800\"")]
    [InlineData("\"\\UFFFFFFFF")]
    public void An_escape_that_names_no_character_is_a_TOML_syntax_error_not_a_crash(string value)
    {
        // Found by the reader property tests: Tomlyn throws ArgumentOutOfRangeException for some of these, which escaped.
        var file = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromToml("[runtimes.python]\ninterpreter = " + value + "\n"));
        Assert.Contains("TOML syntax error", file.Message, StringComparison.Ordinal);

        // An override that is not a TOML value is text: the interpreter is these characters as written.
        ReflowOptions options = ReflowConfiguration.Load(overrides: ["runtimes.python.interpreter=" + value], environment: new Dictionary<string, string>());
        Assert.Equal(value, options.Runtimes.Python.Interpreter);
        Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.Load(overrides: ["supervision.max_restarts=" + value], environment: new Dictionary<string, string>()));
    }
}
