using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Loading;

/// <summary>Graph files of each format become networks that run; metadata, IIPs, capacities and exported ports arrive as the graph says.</summary>
public sealed class GraphNetworkLoaderTests
{
    private const string Fbp = """
        # numbers 1..5, times 3
        numbers(test/Numbers) OUT -> IN scale(test/Scale) OUT -> IN collect(test/Collect)
        3 -> FACTOR scale
        """;

    private const string NoFloJson = """
        {
          "caseSensitive": true,
          "properties": { "name": "scale" },
          "processes": {
            "numbers": { "component": "test/Numbers", "metadata": { "count": 5, "x": 10, "y": 20 } },
            "scale": { "component": "test/Scale" },
            "collect": { "component": "test/Collect" }
          },
          "connections": [
            { "src": { "process": "numbers", "port": "out" }, "tgt": { "process": "scale", "port": "in" }, "metadata": { "capacity": 2 } },
            { "data": 3, "tgt": { "process": "scale", "port": "factor" } },
            { "src": { "process": "scale", "port": "out" }, "tgt": { "process": "collect", "port": "in" } }
          ]
        }
        """;

    private const string ReflowJson = """
        {
          "caseSensitive": false,
          "properties": { "name": "scale" },
          "processes": {
            "numbers": { "id": "numbers", "component": "test/Numbers", "metadata": { "count": 5 } },
            "scale": { "id": "scale", "component": "test/Scale", "metadata": {} },
            "collect": { "id": "collect", "component": "test/Collect", "metadata": {} }
          },
          "connections": [
            { "from": { "portName": "", "portId": "Out", "nodeId": "numbers", "expose": false, "portType": { "type": "integer" } },
              "to": { "portName": "", "portId": "In", "nodeId": "scale", "expose": false, "portType": { "type": "integer" } },
              "metadata": { "capacity": 2 } },
            { "from": { "portName": "", "portId": "", "nodeId": "", "expose": false, "portType": { "type": "any" } },
              "to": { "portName": "", "portId": "Factor", "nodeId": "scale", "expose": false, "portType": { "type": "integer" } },
              "data": 3 },
            { "from": { "portName": "", "portId": "Out", "nodeId": "scale", "expose": false, "portType": { "type": "any" } },
              "to": { "portName": "", "portId": "In", "nodeId": "collect", "expose": false, "portType": { "type": "any" } } }
          ],
          "inports": {},
          "outports": {},
          "groups": []
        }
        """;

    [Theory]
    [InlineData("scale.fbp", Fbp, null)]
    [InlineData("scale.json", NoFloJson, 2)]
    [InlineData("scale.graph.json", ReflowJson, 2)]
    public async Task A_graph_file_of_each_format_runs_end_to_end(string name, string text, int? capacity)
    {
        using var files = new TempDirectory();
        var components = new LoaderComponents();

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(files.Write(name, text), components.CreateRegistry());
        NetworkRunResult result = await LoaderComponents.Run(definition);

        Assert.Equal([3L, 6, 9, 12, 15], components.Values());
        Assert.All(components.Collected, c => Assert.Equal("in", c.Port)); // the declared name, whatever the file wrote
        Assert.Equal(["numbers", "scale", "collect"], definition.Nodes.Select(n => n.Id));
        Assert.Equal(capacity ?? NetworkBuilder.DefaultEdgeCapacity, definition.Edges[0].Capacity);
        Assert.Equal(NetworkBuilder.DefaultEdgeCapacity, definition.Edges[1].Capacity);
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public void Node_metadata_becomes_configuration_and_IIPs_become_messages_by_the_plain_JSON_mapping()
    {
        var graph = new Graph(caseSensitive: true);
        graph.AddNode("numbers", "test/Numbers", GraphMetadata.Parse("""{"count": 4, "label": "source", "position": {"x": 1.5, "y": 2}}"""));
        graph.AddNode("collect", "test/Collect");
        graph.Connect("numbers", "out", "collect", "in");
        graph.AddInitial("collect", "Value", JsonValues.Parse("""{"a": [1, 2.5, "x", null, true]}"""));
        graph.AddInitial("collect", "Value", JsonValues.Parse("7"));

        NetworkDefinition definition = GraphNetworkLoader.Load(graph, new LoaderComponents().CreateRegistry());

        MessageObject configuration = definition.FindNode("numbers")!.Configuration.Values;
        Assert.Equal(Message.Integer(4), configuration["count"]);
        Assert.Equal(Message.String("source"), configuration["label"]);
        Assert.Equal(MessageJson.Parse("""{"x": 1.5, "y": 2}"""), configuration["position"]);
        Assert.Equal(
            [MessageJson.Parse("""{"a": [1, 2.5, "x", null, true]}"""), Message.Integer(7)],
            definition.Initials.Where(i => !i.FromDefault).Select(i => i.Value));
    }

    [Fact]
    public void Connection_metadata_sets_capacity_and_elasticity()
    {
        Graph graph = LoaderComponents.NumbersIntoScale(GraphMetadata.Parse("""{"capacity": 16, "route": 3}"""));
        graph.Connect("scale", "out", "collect", "in", GraphMetadata.Parse("""{"elastic": true}"""));

        NetworkDefinition definition = GraphNetworkLoader.Load(graph, new LoaderComponents().CreateRegistry(), new GraphLoadOptions { DefaultEdgeCapacity = 8 });

        Assert.Equal([(16, false), (8, true)], definition.Edges.Select(e => (e.Capacity, e.Elastic)));
    }

    [Fact]
    public async Task Exported_ports_are_the_networks_and_their_IIPs_go_to_the_ports_behind_them()
    {
        using var files = new TempDirectory();
        string path = files.Write("double.fbp", """
            INPORT=scale.IN:VALUES
            INPORT=scale.FACTOR:FACTOR
            OUTPORT=scale.OUT:RESULT
            scale(test/Scale)
            """);
        Graph graph = GraphFile.Load(path);
        graph.AddExportedPortInitial("factor", JsonValues.Number(2));
        var components = new LoaderComponents();

        NetworkDefinition definition = GraphNetworkLoader.Load(graph, components.CreateRegistry());
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> results = TestComponents.ReadAll(network.Output("result"));
        foreach (long value in new long[] { 1, 2, 3 })
        {
            await network.SendAsync("values", Message.Integer(value));
        }

        network.CompleteInput("values");
        network.CompleteInput("factor");
        await run.WaitAsync(TestComponents.HangLimit);

        Assert.Equal([Message.Integer(2), Message.Integer(4), Message.Integer(6)], await results);
        Assert.Equal(["values", "factor"], definition.InPorts.Select(p => p.Name)); // .fbp lowercases exported names, as npm fbp does
    }

    [Fact]
    public async Task Case_insensitive_port_names_reach_actors_as_the_component_declares_them()
    {
        using var files = new TempDirectory();
        string path = files.Write("case.fbp", """
            numbers(test/Numbers) OUT -> VALUE collect(test/Collect)
            numbers OUT -> iN collect
            """);
        var components = new LoaderComponents();

        await LoaderComponents.Run(GraphNetworkLoader.LoadFile(path, components.CreateRegistry()));

        Assert.Equal(["Value", "in"], components.Collected.Select(c => c.Port).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(10, components.Collected.Count);
    }

    [Fact]
    public void The_builder_can_be_configured_with_the_networks_node_ids_before_it_builds()
    {
        var graph = new Graph();
        graph.AddNode("numbers", "test/Numbers");
        graph.AddNode("collect", "test/Collect");
        graph.Connect("numbers", "out", "collect", "in");
        var policy = new SupervisionPolicy { Action = FailureAction.Stop };

        NetworkDefinition definition = GraphNetworkLoader.Load(graph, new LoaderComponents().CreateRegistry(), new GraphLoadOptions
        {
            ConfigureBuilder = builder => builder.Supervise("collect", policy),
        });

        Assert.Same(policy, definition.FindNode("collect")!.Supervision);
    }

    [Fact]
    public void Validate_returns_warnings_and_notes_of_a_graph_that_loads()
    {
        var graph = new Graph();
        graph.AddNode("numbers", "test/Numbers");
        graph.AddNode("collect", "test/Collect");
        graph.AddNode("alone", "test/Collect");
        graph.Connect("numbers", "out", "collect", "in");

        GraphValidation validation = GraphNetworkLoader.Validate(graph, new LoaderComponents().CreateRegistry());

        Assert.True(validation.IsValid);
        Assert.Equal([GraphProblemCodes.OrphanNode], validation.Problems.Select(p => p.Code));
    }
}
