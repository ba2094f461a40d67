using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Tests.Networks.Loading;

namespace Reflow.Tests.Permissions;

/// <summary>
/// How grants and base directories reach actors: the network's grant, a node's own, and relative paths resolved
/// against the graph file each node came from (a subgraph's own file for its nodes).
/// </summary>
public sealed class NodePermissionTests
{
    /// <summary>What each actor saw at start: its node id, its <c>path</c> setting resolved, and whether reading it is granted.</summary>
    private sealed class Probe
    {
        public ConcurrentDictionary<string, (string Path, bool Readable, PermissionSet Permissions)> Seen { get; } = new();

        public Component Component => Component.FromFactory(
            new ComponentDescription("test/Probe", [new("in", PortType.Any)], []), () => new ProbeActor(this));
    }

    private sealed class ProbeActor(Probe probe) : Actor
    {
        public override void OnStart(ActorContext context)
        {
            string path = context.ResolvePath(context.Configuration.GetString("path", "."));
            probe.Seen[context.NodeId] = (path, context.Permissions.AllowsRead(path), context.Permissions);
        }

        public override void Receive(ActorContext context)
        {
        }
    }

    private static async Task Run(NetworkDefinition definition, NetworkOptions options)
    {
        await using Network network = Network.Create(definition, options with { WorkerCount = 1 });
        await network.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Actors_see_the_networks_grant_unless_their_node_has_its_own()
    {
        var probe = new Probe();
        PermissionSet own = PermissionSet.None.WithRead("/srv/own");
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("plain", probe.Component, Config("/srv/shared/x"))
            .AddNode("special", probe.Component, Config("/srv/shared/x"))
            .Permit("special", own)
            .Build(_ => null);

        Assert.Null(definition.Nodes[0].Permissions);
        Assert.Same(own, definition.Nodes[1].Permissions);
        await Run(definition, new NetworkOptions { Permissions = PermissionSet.None.WithRead("/srv/shared") });

        Assert.True(probe.Seen["plain"].Readable);
        Assert.False(probe.Seen["special"].Readable);
        Assert.Same(own, probe.Seen["special"].Permissions);
    }

    [Fact]
    public async Task By_default_a_network_grants_nothing()
    {
        var probe = new Probe();
        await Run(new NetworkBuilder().AddNode("n", probe.Component, Config("/")).Build(_ => null), new NetworkOptions());

        Assert.Same(PermissionSet.None, NetworkOptions.Default.Permissions);
        Assert.Same(PermissionSet.None, probe.Seen["n"].Permissions);
    }

    [Fact]
    public void Permissions_for_a_node_that_is_not_there_are_a_build_problem()
    {
        NetworkValidationException ex = Assert.Throws<NetworkValidationException>(() =>
            new NetworkBuilder().Permit("ghost", PermissionSet.All).Build(_ => null));

        Assert.Contains("permissions are set for node 'ghost', which is not in the network", ex.Problems);
    }

    [Fact]
    public async Task Relative_paths_resolve_against_the_graph_file_of_each_node_whatever_the_current_directory()
    {
        using var files = new TempDirectory();
        files.Write("lib/reader.json", """
            {
              "inports": { "IN": { "process": "inner", "port": "in" } },
              "processes": { "inner": { "component": "test/Probe", "metadata": { "path": "data/inner.txt" } } }
            }
            """);
        string main = files.Write("app/main.json", """
            {
              "processes": {
                "top": { "component": "test/Probe", "metadata": { "path": "input.txt" } },
                "sub": { "component": "../lib/reader" },
                "absolute": { "component": "test/Probe", "metadata": { "path": "/etc/hosts" } }
              }
            }
            """);
        var probe = new Probe();
        ComponentRegistry registry = new ComponentRegistry().Add(probe.Component);

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(main, registry, new GraphLoadOptions { EnvironmentVariables = _ => null });
        await Run(definition, new NetworkOptions { Permissions = PermissionSet.None.WithRead(Path.Combine(files.Path, "app")) });

        Assert.Equal(Path.Combine(files.Path, "app"), definition.Nodes.Single(n => n.Id == "top").Configuration.BaseDirectory);
        Assert.Equal(Path.Combine(files.Path, "app", "input.txt"), probe.Seen["top"].Path);
        Assert.True(probe.Seen["top"].Readable);
        Assert.Equal(Path.Combine(files.Path, "lib", "data", "inner.txt"), probe.Seen["sub/inner"].Path); // the subgraph's own file
        Assert.False(probe.Seen["sub/inner"].Readable);
        Assert.Equal("/etc/hosts", probe.Seen["absolute"].Path);
        Assert.Same(
            definition.Nodes.Single(n => n.Id == "top").Configuration.BaseDirectory,
            definition.Nodes.Single(n => n.Id == "absolute").Configuration.BaseDirectory); // one string per graph, not per node
    }

    [Fact]
    public async Task A_graph_built_in_code_resolves_relative_paths_against_the_current_directory()
    {
        var probe = new Probe();
        await Run(new NetworkBuilder().AddNode("n", probe.Component, Config("x.txt")).Build(_ => null), new NetworkOptions());

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "x.txt"), probe.Seen["n"].Path);
    }

    [Fact]
    public void An_environment_variable_a_graph_asks_for_is_a_load_problem_naming_allow_env_when_the_reader_checks()
    {
        var graph = new Graph(caseSensitive: true);
        graph.AddNode("n", "test/Probe", GraphMetadata.Parse("""{"env_vars": {"PATH": "required"}}"""));
        ComponentRegistry registry = new ComponentRegistry().Add(new Probe().Component);

        GraphLoadException ex = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.Load(graph, registry,
            new GraphLoadOptions { EnvironmentVariables = PermissionSet.None.GetEnvironmentVariable }));
        Assert.Contains(ex.Problems, p => p.Message.Contains(
            "environment variable 'PATH': env access to 'PATH' is not granted; grant it with --allow-env=PATH", StringComparison.Ordinal));

        NetworkDefinition granted = GraphNetworkLoader.Load(graph, registry,
            new GraphLoadOptions { EnvironmentVariables = PermissionSet.None.WithEnv("PATH").GetEnvironmentVariable });
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), granted.Nodes[0].Configuration.Environment["PATH"]);
    }

    private static MessageObject Config(string path) => MessageObject.Create(new KeyValuePair<string, Message>("path", Message.String(path)));
}
