using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Scripting.Tests.Hosting;

/// <summary>The script host with a runtime of the tests' own: script nodes named by file and by setting, their ports, pool, grant, limits and failures.</summary>
public sealed class ScriptHostTests : IDisposable
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("reflow-script-host-").FullName;
    private readonly ReverseRuntime _runtime = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ComponentRegistry Registry(ScriptingOptions? options = null) => new ComponentRegistry().AddScriptRuntime(_runtime, options);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(List<string> Out, NetworkRunResult Result, List<NetworkEvent> Events)> Run(NetworkDefinition definition, string outPort = "out")
    {
        await using Network network = Network.Create(definition);
        ChannelReader<NetworkEvent> events = network.SubscribeEvents();
        ChannelReader<Message> output = network.Output(outPort);
        Task<NetworkRunResult> run = network.RunAsync();
        var received = new List<string>();
        using var cancel = new CancellationTokenSource(HangLimit);
        await foreach (Message message in output.ReadAllAsync(cancel.Token))
        {
            received.Add(message.AsString());
        }

        NetworkRunResult result = await run.WaitAsync(HangLimit);
        var seen = new List<NetworkEvent>();
        while (events.TryRead(out NetworkEvent? e))
        {
            seen.Add(e);
        }

        return (received, result, seen);
    }

    [Fact]
    public async Task A_graph_names_a_script_file_as_its_component_and_the_script_declares_the_ports()
    {
        Write("scripts/flip.rev", "name: flip\nin: in\nout: out\n");
        string graph = Write("flow.fbp", "OUTPORT=f.OUT:OUT\n'abc' -> IN f(scripts/flip.rev)\n'xyz' -> IN f\n");

        (List<string> output, NetworkRunResult result, List<NetworkEvent> events) = await Run(GraphNetworkLoader.LoadFile(graph, Registry()));

        Assert.Equal(["cba", "zyx"], output);
        Assert.Equal(0, result.FailureCount);
        Assert.Equal(["in: abc", "in: xyz"], events.Where(e => e.Kind == NetworkEventKind.ActorLog && e.NodeId == "f").Select(e => e.Message!.Value.AsString()));
        Assert.Equal("flip", _runtime.Started["f"].Declaration.Name);
    }

    [Fact]
    public async Task A_script_node_runs_on_its_runtimes_pool_never_a_worker()
    {
        Write("flip.rev", "in: in\nout: out\n");
        string graph = Write("flow.fbp", "OUTPORT=f.OUT:OUT\n'abc' -> IN f(flip.rev)\n");
        NetworkDefinition definition = GraphNetworkLoader.LoadFile(graph, Registry());

        (List<string> output, _, _) = await Run(definition);

        Assert.Equal(["cba"], output);
        Assert.Equal("reverse", definition.Nodes.Single(n => n.Id == "f").Component.Description.Pool);
        Assert.Equal("reflow reverse 0", _runtime.Threads["f"]);
    }

    [Fact]
    public async Task A_configured_script_node_takes_its_source_inline_or_from_a_file_relative_to_the_graph()
    {
        Write("lib/flip.rev", "in: in\nout: out\n");
        string graph = Write("flow.json", """
            {
              "processes": {
                "inline": { "component": "script/reverse", "metadata": { "source": "in: in\nout: out\n" } },
                "filed": { "component": "script/reverse", "metadata": { "file": "lib/flip.rev" } }
              },
              "connections": [
                { "data": "abc", "tgt": { "process": "inline", "port": "in" } },
                { "src": { "process": "inline", "port": "out" }, "tgt": { "process": "filed", "port": "in" } }
              ],
              "outports": { "OUT": { "process": "filed", "port": "out" } }
            }
            """);

        (List<string> output, _, _) = await Run(GraphNetworkLoader.LoadFile(graph, Registry()), "OUT");

        Assert.Equal(["abc"], output); // reversed twice
        Assert.Equal("script/reverse (inline source)", _runtime.Started["inline"].Source.DisplayName);
        Assert.Equal(Path.Combine(_directory, "lib", "flip.rev"), _runtime.Started["filed"].Source.Path);
    }

    [Theory]
    [InlineData("{}", "node 'n' cannot be made from its settings: a script/reverse node needs its script in exactly one of the settings 'source'")]
    [InlineData("""{ "source": "in: in", "file": "x.rev" }""", "; it has both")]
    [InlineData("""{ "file": "missing.rev" }""", "the script file 'missing.rev' does not exist")]
    [InlineData("""{ "source": "out: out" }""", "script/reverse (inline source):1:1: no 'in:' line declares the in-ports")]
    public void A_script_node_that_cannot_be_made_is_a_load_problem_of_the_node(string metadata, string expected)
    {
        string graph = Write("flow.json", $$"""{ "processes": { "n": { "component": "script/reverse", "metadata": {{metadata}} } } }""");

        var error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(graph, Registry()));

        GraphProblem problem = Assert.Single(error.Errors);
        Assert.Equal(GraphLoadProblemCodes.InvalidComponent, problem.Code);
        Assert.Equal("node 'n'", problem.Location);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_script_file_and_an_unknown_port_are_reported_with_their_places()
    {
        Write("flip.rev", "in: in\nout: out\n");
        string graph = Write("flow.fbp", "'a' -> IN gone(nothere.rev)\n'b' -> NOPE f(flip.rev)\n");

        var error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(graph, Registry()));

        Assert.Contains(error.Errors, p => p.Code == GraphLoadProblemCodes.ComponentFileNotFound && p.Location == "node 'gone'"
            && p.Message.Contains("the file 'nothere.rev' does not exist", StringComparison.Ordinal));
        Assert.Contains(error.Errors, p => p.Code == GraphProblemCodes.UnknownPort && p.Message.Contains("(its in-ports: in)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_script_failure_fails_the_node_with_the_scripts_own_place_and_stack_and_the_run_goes_on()
    {
        Write("flip.rev", "in: in\nout: out\nfail: boom\n");
        string graph = Write("flow.fbp", "OUTPORT=f.OUT:OUT\n'a' -> IN f(flip.rev)\n'boom' -> IN f\n'c' -> IN f\n");

        (List<string> output, NetworkRunResult result, List<NetworkEvent> events) = await Run(GraphNetworkLoader.LoadFile(graph, Registry()));

        Assert.Equal(["a", "c"], output); // resumed (the default policy) after the failure
        ActorFailure failure = Assert.Single(result.Failures);
        Assert.Equal("f", failure.NodeId);
        Assert.Equal(typeof(ScriptException).FullName, failure.ExceptionType);
        Assert.Equal($"flip.rev:3:1: refused 'boom'{Environment.NewLine}at fail (flip.rev:3:1)", failure.Message);
        var script = Assert.IsType<ScriptException>(Assert.Single(events, e => e.Kind == NetworkEventKind.ActorFailed).Exception);
        Assert.Equal(3, script.Line);
    }

    [Fact]
    public async Task A_script_gets_nothing_unless_granted_not_even_the_networks_grant_and_a_node_grant_is_its_own()
    {
        Write("flip.rev", "in: in\nout: out\n");
        string graph = Write("flow.json", """
            {
              "processes": {
                "plain": { "component": "flip.rev" },
                "granted": { "component": "flip.rev", "metadata": { "permissions": { "read": ["./data"], "net": ["example.com:443"] } } },
                "flags": { "component": "flip.rev", "metadata": { "permissions": "--allow-env=HOME --allow-write=out" } }
              },
              "connections": [
                { "data": "a", "tgt": { "process": "plain", "port": "in" } },
                { "data": "a", "tgt": { "process": "granted", "port": "in" } },
                { "data": "a", "tgt": { "process": "flags", "port": "in" } }
              ]
            }
            """);
        var network = Network.Create(GraphNetworkLoader.LoadFile(graph, Registry(new ScriptingOptions { Permissions = PermissionSet.None.WithEnv("USER") })),
            new NetworkOptions { Permissions = PermissionSet.None.WithRead(_directory) });
        await using (network)
        {
            await network.RunAsync().WaitAsync(HangLimit);
        }

        PermissionSet plain = _runtime.Started["plain"].Permissions;
        Assert.False(plain.AllowsRead(Path.Combine(_directory, "flip.rev"))); // the network's grant is for the native components
        Assert.True(plain.AllowsEnv("USER"));
        PermissionSet granted = _runtime.Started["granted"].Permissions;
        Assert.True(granted.AllowsRead(Path.Combine(_directory, "data", "x.csv"))); // relative to the graph's file
        Assert.False(granted.AllowsRead(Path.Combine(_directory, "flip.rev")));
        Assert.True(granted.AllowsNet("example.com", 443));
        Assert.False(granted.AllowsEnv("USER"));
        PermissionSet flags = _runtime.Started["flags"].Permissions;
        Assert.True(flags.AllowsEnv("HOME"));
        Assert.True(flags.AllowsWrite(Path.Combine(_directory, "out", "y")));
    }

    [Fact]
    public async Task A_subgraph_nodes_grant_is_not_passed_to_the_nodes_inside_it()
    {
        Write("sub/flip.rev", "in: in\nout: out\n");
        Write("sub/inner.json", """
            { "inports": { "IN": { "process": "f", "port": "in" } }, "processes": { "f": { "component": "flip.rev" } } }
            """);
        string graph = Write("outer.json", """
            {
              "processes": { "s": { "component": "sub/inner.json", "metadata": { "permissions": { "read": ["."] } } } },
              "connections": [ { "data": "a", "tgt": { "process": "s", "port": "IN" } } ]
            }
            """);
        await using (Network network = Network.Create(GraphNetworkLoader.LoadFile(graph, Registry())))
        {
            await network.RunAsync().WaitAsync(HangLimit);
        }

        Assert.True(_runtime.Started["s/f"].Permissions.IsNone);
        Assert.False(_runtime.Started["s/f"].Configuration.TryGetValue("permissions", out _));
    }

    [Fact]
    public void A_permissions_setting_that_is_not_a_grant_is_a_load_problem_naming_what_was_expected()
    {
        Write("flip.rev", "in: in\nout: out\n");
        string graph = Write("flow.json", """{ "processes": { "n": { "component": "flip.rev", "metadata": { "permissions": { "disk": ["/"] } } } } }""");

        var error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(graph, Registry()));

        GraphProblem problem = Assert.Single(error.Errors);
        Assert.Equal(GraphLoadProblemCodes.InvalidSetting, problem.Code);
        Assert.Equal("setting 'permissions': 'disk' is not a permission: expected read, write, net, env, run or all", problem.Message);
    }

    [Fact]
    public async Task Limits_come_from_the_runtime_options_with_each_node_setting_over_them()
    {
        Write("flip.rev", "in: in\nout: out\n");
        string graph = Write("flow.json", """
            {
              "processes": {
                "defaults": { "component": "flip.rev" },
                "own": { "component": "flip.rev", "metadata": { "timeout": "250ms", "memory_limit": "64MB", "max_statements": 1000, "max_recursion": "50" } }
              },
              "connections": [ { "data": "a", "tgt": { "process": "defaults", "port": "in" } }, { "data": "a", "tgt": { "process": "own", "port": "in" } } ]
            }
            """);
        var options = new ScriptingOptions { Limits = ScriptLimits.Default with { Timeout = TimeSpan.FromSeconds(3) } };
        await using (Network network = Network.Create(GraphNetworkLoader.LoadFile(graph, Registry(options))))
        {
            await network.RunAsync().WaitAsync(HangLimit);
        }

        Assert.Equal(ScriptLimits.Default with { Timeout = TimeSpan.FromSeconds(3) }, _runtime.Started["defaults"].Limits);
        Assert.Equal(new ScriptLimits { Timeout = TimeSpan.FromMilliseconds(250), MemoryBytes = 64_000_000, MaxStatements = 1000, MaxRecursion = 50 }, _runtime.Started["own"].Limits);
    }

    [Fact]
    public async Task A_limit_setting_that_is_not_a_duration_fails_the_node_at_start_naming_the_setting()
    {
        Write("flip.rev", "in: in\nout: out\n");
        string graph = Write("flow.json", """{ "processes": { "n": { "component": "flip.rev", "metadata": { "timeout": "soon" } } }, "connections": [ { "data": "a", "tgt": { "process": "n", "port": "in" } } ] }""");

        NetworkRunResult result;
        await using (Network network = Network.Create(GraphNetworkLoader.LoadFile(graph, Registry())))
        {
            result = await network.RunAsync().WaitAsync(HangLimit);
        }

        // The start fails naming the setting; the message it then cannot handle fails with the same reason.
        Assert.Equal(2, result.Failures.Count);
        Assert.Contains("setting 'timeout' must be a duration such as \"5s\" or a number of milliseconds, not String \"soon\"", result.Failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("The script flip.rev did not start: Node 'n' is not configured correctly: setting 'timeout'", result.Failures[1].Message, StringComparison.Ordinal);
        Assert.Equal("in", result.Failures[1].Port);
    }

    [Fact]
    public void The_registry_knows_the_runtimes_names_and_refuses_a_second_runtime_with_the_same_extension()
    {
        ComponentRegistry registry = Registry();

        Assert.True(registry.Contains("script/reverse"));
        Assert.Equal("reverse", registry.FindConfigured("script/reverse")!.Pool);
        var error = Assert.Throws<ArgumentException>(() => registry.AddScriptRuntime(new ReverseRuntime()));
        Assert.Contains("'script/reverse'", error.Message, StringComparison.Ordinal);
    }
}
