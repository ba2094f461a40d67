using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Loading;

/// <summary>Graphs used as components: from files and by name, to any depth, flattened with no hop of their own.</summary>
public sealed class SubgraphTests
{
    // main.fbp → graphs/outer.fbp (found by appending .fbp) → graphs/inner.json (NoFlo JSON, found relative to outer.fbp).
    private const string Main = """
        numbers(test/Numbers) OUT -> IN outer(graphs/outer) OUT -> IN collect(test/Collect)
        """;

    private const string Outer = """
        INPORT=double.IN:IN
        OUTPORT=mid.OUT:OUT
        2 -> FACTOR double(test/Scale) OUT -> IN mid(inner) 
        100 -> BY mid
        """;

    private const string Inner = """
        {
          "properties": { "name": "inner" },
          "inports": { "IN": { "process": "add", "port": "in" }, "BY": { "process": "add", "port": "by" } },
          "outports": { "OUT": { "process": "scale", "port": "out" } },
          "processes": { "add": { "component": "test/Add" }, "scale": { "component": "test/Scale" } },
          "connections": [
            { "src": { "process": "add", "port": "out" }, "tgt": { "process": "scale", "port": "in" }, "metadata": { "capacity": 4 } },
            { "data": 10, "tgt": { "process": "scale", "port": "factor" } }
          ]
        }
        """;

    private static string WriteTwoLevels(TempDirectory files)
    {
        files.Write("graphs/outer.fbp", Outer);
        files.Write("graphs/inner.json", Inner);
        return files.Write("main.fbp", Main);
    }

    /// <summary>The same network written flat by hand, with the ids and packets the loader should produce.</summary>
    private static Graph FlattenedByHand()
    {
        var graph = new Graph(caseSensitive: true);
        graph.AddNode("numbers", "test/Numbers");
        graph.AddNode("outer/double", "test/Scale");
        graph.AddNode("outer/mid/add", "test/Add");
        graph.AddNode("outer/mid/scale", "test/Scale");
        graph.AddNode("collect", "test/Collect");
        graph.Connect("outer/mid/add", "out", "outer/mid/scale", "in", GraphMetadata.Parse("""{"capacity": 4}"""));
        graph.Connect("outer/double", "out", "outer/mid/add", "in");
        graph.Connect("numbers", "out", "outer/double", "in");
        graph.Connect("outer/mid/scale", "out", "collect", "in");
        graph.AddInitial("outer/mid/scale", "factor", JsonValues.Number(10));
        graph.AddInitial("outer/double", "factor", JsonValues.Number(2));
        graph.AddInitial("outer/mid/add", "by", JsonValues.Number(100));
        return graph;
    }

    [Fact]
    public async Task A_subgraph_two_levels_deep_runs_and_gives_the_results_of_the_same_graph_flattened_by_hand()
    {
        using var files = new TempDirectory();
        var nested = new LoaderComponents();
        var flat = new LoaderComponents();

        NetworkDefinition nestedDefinition = GraphNetworkLoader.LoadFile(WriteTwoLevels(files), nested.CreateRegistry());
        NetworkDefinition flatDefinition = GraphNetworkLoader.Load(FlattenedByHand(), flat.CreateRegistry());
        NetworkRunResult nestedRun = await LoaderComponents.Run(nestedDefinition);
        NetworkRunResult flatRun = await LoaderComponents.Run(flatDefinition);

        Assert.Equal([1020L, 1040, 1060, 1080, 1100], nested.Values()); // ((x * 2) + 100) * 10
        Assert.Equal(flat.Values(), nested.Values());
        Assert.Equal(Shape(flatDefinition), Shape(nestedDefinition));
        Assert.Equal(flatRun.Edges.Select(e => e.Messages), nestedRun.Edges.Select(e => e.Messages)); // no extra hop: the same edges carry the same counts
    }

    /// <summary>Nodes, edges and packets by name, in order.</summary>
    private static string Shape(NetworkDefinition definition)
    {
        string Port(int node, int port, bool input)
        {
            NodeDefinition n = definition.Nodes[node];
            return n.Id + "." + (input ? n.Component.Description.InPorts : n.Component.Description.OutPorts)[port].Name;
        }

        return string.Join("\n", definition.Nodes.Select(n => $"{n.Id}({n.Component.Description.Name})")
            .Concat(definition.Edges.Select(e => $"{Port(e.FromNode, e.FromPort, false)} -> {Port(e.ToNode, e.ToPort, true)} [{e.Capacity}]").Order(StringComparer.Ordinal))
            .Concat(definition.Initials.Select(i => $"{i.Value} -> {Port(i.ToNode, i.ToPort, true)}{(i.FromDefault ? " (default)" : "")}").Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task A_registered_graph_is_used_by_name_with_its_IIPs_exported_port_IIPs_and_the_nodes_metadata()
    {
        var adder = new Graph("adder", caseSensitive: true);
        adder.AddNode("add", "test/Add", GraphMetadata.Parse("""{"offset": 1, "label": "inner"}"""));
        adder.AddNode("scale", "test/Scale");
        adder.Connect("add", "out", "scale", "in");
        adder.ExportInPort("in", "add", "in");
        adder.ExportInPort("by", "add", "by");
        adder.ExportInPort("factor", "scale", "factor");
        adder.ExportOutPort("out", "scale", "out");
        adder.AddExportedPortInitial("by", JsonValues.Number(5));  // the subgraph's own default for its port
        adder.AddInitial("scale", "factor", JsonValues.Number(3));

        var main = new Graph(caseSensitive: false);
        main.AddNode("numbers", "test/Numbers");
        main.AddNode("sub", "util/Adder", GraphMetadata.Parse("""{"offset": 1000}""")); // the instance overrides the inner node's offset
        main.AddNode("collect", "test/Collect");
        main.Connect("numbers", "OUT", "sub", "IN");
        main.Connect("sub", "Out", "collect", "In");
        main.AddInitial("sub", "FACTOR", JsonValues.Number(-1));   // after the subgraph's own IIP to that port

        var components = new LoaderComponents();
        ComponentRegistry registry = components.CreateRegistry().AddGraph("util/Adder", adder);
        NetworkDefinition definition = GraphNetworkLoader.Load(main, registry);
        await LoaderComponents.Run(definition);

        Assert.Equal([-1006L, -1007, -1008, -1009, -1010], components.Values()); // -(x + 5 + 1000)
        Assert.Equal(["numbers", "sub/add", "sub/scale", "collect"], definition.Nodes.Select(n => n.Id));
        Assert.Equal(Message.String("inner"), definition.FindNode("sub/add")!.Configuration.Values["label"]);
        Assert.Equal(Message.Integer(1000), definition.FindNode("sub/scale")!.Configuration.Values["offset"]);
        Assert.Equal(
            ["3 -> sub/scale.factor", "5 -> sub/add.by", "-1 -> sub/scale.factor"],
            definition.Initials.Where(i => !i.FromDefault).Select(i => $"{MessageJson.ToJson(i.Value)} -> {definition.Nodes[i.ToNode].Id}.{definition.Nodes[i.ToNode].Component.Description.InPorts[i.ToPort].Name}"));
    }

    [Fact]
    public void Environment_variables_of_a_subgraph_node_are_merged_with_the_inner_nodes()
    {
        var inner = new Graph();
        inner.AddNode("n", "test/Numbers", GraphMetadata.Parse("""{"env_vars": {"A": "optional:inner", "B": "optional:inner"}}"""));
        inner.ExportOutPort("out", "n", "out");
        var main = new Graph();
        main.AddNode("sub", "util/Inner", GraphMetadata.Parse("""{"env_vars": {"B": "optional:outer", "C": "optional:outer"}}"""));
        main.AddNode("collect", "test/Collect");
        main.Connect("sub", "out", "collect", "in");

        NetworkDefinition definition = GraphNetworkLoader.Load(main, new LoaderComponents().CreateRegistry().AddGraph("util/Inner", inner),
            new GraphLoadOptions { EnvironmentVariables = _ => null });

        Assert.Equal(
            new Dictionary<string, string> { ["A"] = "inner", ["B"] = "outer", ["C"] = "outer" },
            definition.FindNode("sub/n")!.Configuration.Environment);
    }

    [Fact]
    public async Task A_graph_file_named_with_its_extension_resolves_relative_to_the_graph_that_names_it_and_host_ports_pass_through()
    {
        using var files = new TempDirectory();
        files.Write("lib/scale.fbp", "INPORT=s.IN:IN\nINPORT=s.FACTOR:FACTOR\nOUTPORT=s.OUT:OUT\ns(test/Scale)\n");
        files.Write("lib/wrap.json", """
            { "caseSensitive": true,
              "inports": { "values": { "process": "inner", "port": "in" } },
              "outports": { "results": { "process": "inner", "port": "out" } },
              "processes": { "inner": { "component": "scale.fbp" } },
              "connections": [ { "data": 7, "tgt": { "process": "inner", "port": "factor" } } ] }
            """);
        string main = files.Write("app/main.json", """
            { "caseSensitive": true,
              "inports": { "in": { "process": "w", "port": "values" } },
              "outports": { "out": { "process": "w", "port": "results" } },
              "processes": { "w": { "component": "../lib/wrap.json" } },
              "connections": [] }
            """);

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(main, new LoaderComponents().CreateRegistry());
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> output = TestComponents.ReadAll(network.Output("out"));
        await network.SendAsync("in", Message.Integer(6));
        network.CompleteInput("in");
        await run.WaitAsync(TestComponents.HangLimit);

        Assert.Equal([Message.Integer(42)], await output);
        Assert.Equal(["w/inner/s"], definition.Nodes.Select(n => n.Id));
    }

    [Fact]
    public void A_graph_file_registered_by_name_resolves_its_own_graph_files_relative_to_itself()
    {
        using var files = new TempDirectory();
        files.Write("lib/leaf.fbp", "INPORT=s.IN:IN\nOUTPORT=s.OUT:OUT\ns(test/Scale)\n");
        string registered = files.Write("lib/branch.fbp", "INPORT=l.IN:IN\nOUTPORT=l.OUT:OUT\nl(leaf)\n");
        ComponentRegistry registry = new LoaderComponents().CreateRegistry().AddGraphFile("util/Branch", registered);
        var main = new Graph();
        main.AddNode("numbers", "test/Numbers");
        main.AddNode("b", "util/Branch");
        main.AddNode("collect", "test/Collect");
        main.Connect("numbers", "out", "b", "in");
        main.Connect("b", "out", "collect", "in");

        NetworkDefinition definition = GraphNetworkLoader.Load(main, registry, new GraphLoadOptions { BaseDirectory = Path.Combine(files.Path, "elsewhere") });

        Assert.Equal(["numbers", "b/l/s", "collect"], definition.Nodes.Select(n => n.Id));
    }

    [Fact]
    public void A_subgraph_that_includes_itself_is_an_error_naming_the_chain()
    {
        using var files = new TempDirectory();
        files.Write("b.fbp", "INPORT=y.IN:IN\ny(a)\n");
        string a = files.Write("a.fbp", "numbers(test/Numbers) OUT -> IN x(b)\n");

        GraphLoadException error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(a, new LoaderComponents().CreateRegistry()));

        GraphProblem problem = Assert.Single(error.Errors, p => p.Code == GraphLoadProblemCodes.RecursiveSubgraph);
        Assert.Equal("b.fbp (subgraph node 'x'), node 'y'", problem.Location);
        Assert.Equal($"the subgraph includes itself: {a} → node 'x' (b.fbp) → node 'x/y' (a.fbp)", problem.Message);
    }

    [Fact]
    public void A_registered_graph_that_names_itself_is_an_error()
    {
        var loop = new Graph("loop");
        loop.AddNode("again", "util/Loop");
        ComponentRegistry registry = new LoaderComponents().CreateRegistry().AddGraph("util/Loop", loop);

        GraphLoadException error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.Load(loop, registry));

        GraphProblem problem = Assert.Single(error.Errors);
        Assert.Equal((GraphLoadProblemCodes.RecursiveSubgraph, "node 'again'"), (problem.Code, problem.Location));
        Assert.Equal("the subgraph includes itself: graph 'loop' → node 'again' (registered graph 'util/Loop')", problem.Message);
    }

    [Fact]
    public void Problems_inside_a_subgraph_name_its_file_and_the_node_that_placed_it_once_however_often_it_is_used()
    {
        using var files = new TempDirectory();
        files.Write("graphs/bad.fbp", """
            INPORT=s.IN:IN
            OUTPORT=s.OUT:OUT
            s(test/Scale) OUT -> IN ghost(test/Missing)
            'text' -> FACTOR s
            """);
        string main = files.Write("main.fbp", """
            numbers(test/Numbers) OUT -> IN one(graphs/bad) OUT -> IN two(graphs/bad) OUT -> NOPE collect(test/Collect)
            """);

        GraphLoadException error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(main, new LoaderComponents().CreateRegistry()));

        string file = Path.Combine("graphs", "bad.fbp");
        Assert.Equal(
            [
                (GraphProblemCodes.UnknownPort, "connection two.out -> collect.nope"),
                (GraphProblemCodes.UnknownComponent, $"{file} (subgraph node 'one'), node 'ghost'"),
                (GraphProblemCodes.TypeMismatch, $"{file} (subgraph node 'one'), IIP -> s.factor"),
            ],
            error.Errors.Select(p => (p.Code, p.Location)));
    }

    [Fact]
    public void A_missing_or_unreadable_graph_file_says_so_instead_of_unknown_component()
    {
        using var files = new TempDirectory();
        files.Write("broken.fbp", "a(A) ->\n");
        string main = files.Write("main.json", """
            { "processes": { "m": { "component": "missing.fbp" }, "b": { "component": "broken.fbp" }, "c": { "component": "broken.fbp" } } }
            """);

        GraphLoadException error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(main, new ComponentRegistry()));

        Assert.Equal(
            [(GraphLoadProblemCodes.SubgraphNotFound, "node 'm'"), (GraphLoadProblemCodes.UnreadableSubgraph, "node 'b'"), (GraphLoadProblemCodes.UnreadableSubgraph, "node 'c'")],
            error.Errors.Select(p => (p.Code, p.Location)));
        Assert.Equal($"the graph file 'missing.fbp' does not exist (looked for {Path.Combine(files.Path, "missing.fbp")})", error.Errors.First().Message);
        Assert.StartsWith("the graph file broken.fbp cannot be used: ", error.Errors.Last().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subgraph_node_ids_that_collide_with_another_node_are_an_error()
    {
        var inner = new Graph();
        inner.AddNode("b", "test/Collect");
        inner.ExportInPort("in", "b", "in");
        var main = new Graph();
        main.AddNode("a", "util/Inner");
        main.AddNode("a/b", "test/Numbers");
        main.Connect("a/b", "out", "a", "in");

        GraphLoadException error = Assert.Throws<GraphLoadException>(() =>
            GraphNetworkLoader.Load(main, new LoaderComponents().CreateRegistry().AddGraph("util/Inner", inner)));

        GraphProblem problem = Assert.Single(error.Errors);
        Assert.Equal((GraphLoadProblemCodes.NodeIdCollision, "node 'a/b'"), (problem.Code, problem.Location));
    }

    [Fact]
    public void Exported_port_names_of_a_subgraph_match_as_the_graph_using_it_says()
    {
        var inner = new Graph(caseSensitive: true);
        inner.AddNode("s", "test/Scale");
        inner.ExportInPort("IN", "s", "in");
        inner.ExportOutPort("OUT", "s", "out");
        ComponentRegistry registry = new LoaderComponents().CreateRegistry().AddGraph("util/Inner", inner);

        GraphValidation Check(bool caseSensitive)
        {
            var main = new Graph(caseSensitive: caseSensitive);
            main.AddNode("numbers", "test/Numbers");
            main.AddNode("sub", "util/Inner");
            main.AddNode("collect", "test/Collect");
            main.Connect("numbers", "out", "sub", "in");
            main.Connect("sub", "out", "collect", "in");
            return GraphNetworkLoader.Validate(main, registry);
        }

        Assert.True(Check(caseSensitive: false).IsValid);
        Assert.Equal([GraphProblemCodes.UnknownPort, GraphProblemCodes.UnknownPort], Check(caseSensitive: true).Errors.Select(p => p.Code));
    }
}
