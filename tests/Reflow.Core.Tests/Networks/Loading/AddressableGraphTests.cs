using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Loading;

/// <summary>Graphs with addressable ports (<c>OUT[0]</c>, NoFlo's and Reflow's <c>index</c>): loaded, validated and run.</summary>
public sealed class AddressableGraphTests
{
    private const string Fbp = """
        values(test/Values) OUT -> IN route(test/Route)
        route OUT[0] -> IN[1] sink(test/Sink)
        route OUT[1] -> IN[0] sink
        route WIDTH -> PLAIN sink
        """;

    private const string NoFloJson = """
        {
          "processes": { "values": { "component": "test/Values" }, "route": { "component": "test/Route" }, "sink": { "component": "test/Sink" } },
          "connections": [
            { "src": { "process": "values", "port": "out" }, "tgt": { "process": "route", "port": "in" } },
            { "src": { "process": "route", "port": "out", "index": 0 }, "tgt": { "process": "sink", "port": "in", "index": 1 } },
            { "src": { "process": "route", "port": "out", "index": 1 }, "tgt": { "process": "sink", "port": "in", "index": 0 } },
            { "src": { "process": "route", "port": "width" }, "tgt": { "process": "sink", "port": "plain" } }
          ]
        }
        """;

    private const string ReflowJson = """
        {
          "caseSensitive": true,
          "processes": {
            "values": { "id": "values", "component": "test/Values" },
            "route": { "id": "route", "component": "test/Route" },
            "sink": { "id": "sink", "component": "test/Sink" }
          },
          "connections": [
            { "from": { "portId": "out", "nodeId": "values" }, "to": { "portId": "in", "nodeId": "route" } },
            { "from": { "portId": "out", "nodeId": "route", "index": 0 }, "to": { "portId": "in", "nodeId": "sink", "index": 1 } },
            { "from": { "portId": "out", "nodeId": "route", "index": 1 }, "to": { "portId": "in", "nodeId": "sink", "index": 0 } },
            { "from": { "portId": "width", "nodeId": "route" }, "to": { "portId": "plain", "nodeId": "sink" } }
          ]
        }
        """;

    [Theory]
    [InlineData("graph.fbp", Fbp)]
    [InlineData("graph.json", NoFloJson)]
    [InlineData("graph.graph.json", ReflowJson)]
    public async Task Indexes_route_messages_in_each_format(string name, string text)
    {
        using var files = new TempDirectory();
        string path = files.Write(name, text);
        var components = new AddressableComponents();

        GraphValidation validation = GraphNetworkLoader.ValidateFile(path, components.CreateRegistry());
        NetworkDefinition definition = GraphNetworkLoader.LoadFile(path, components.CreateRegistry());
        await LoaderComponents.Run(definition);

        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        Assert.Equal([(-1, -1), (0, 1), (1, 0), (-1, -1)], definition.Edges.Select(e => (e.FromIndex, e.ToIndex)));
        Assert.Equal([5, 6, -1], components.At("sink", 1));
        Assert.Equal([105, 106, -1], components.At("sink", 0));
        Assert.Equal([2], components.Received.Where(r => r.Port == "plain").Select(r => r.Value));
    }

    [Fact]
    public void An_index_on_a_plain_port_or_past_the_maximum_is_an_error_with_its_place()
    {
        using var files = new TempDirectory();
        string path = files.Write("wrong.fbp", """
            values(test/Values) OUT[0] -> IN route(test/Route)
            route OUT[4] -> IN sink(test/Sink)
            route WIDTH -> PLAIN[1] sink
            route OUT[3] -> IN[65536] sink
            """);
        var components = new AddressableComponents();

        GraphValidation validation = GraphNetworkLoader.ValidateFile(path, components.CreateRegistry());
        GraphLoadException error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(path, components.CreateRegistry()));

        Assert.Equal(
            [
                "connection values.out[0] -> route.in: the out-port 'out' of component 'test/Values' is not addressable: connect it without an index",
                "connection route.out[4] -> sink.in: the out-port 'out' of component 'test/Route' takes indexes 0 to 3, not 4",
                "connection route.width -> sink.plain[1]: the in-port 'plain' of component 'test/Sink' is not addressable: connect it without an index",
                "connection route.out[3] -> sink.in[65536]: the in-port 'in' of component 'test/Sink' takes indexes 0 to 65535, not 65536",
            ],
            validation.Errors.Select(p => $"{p.Location}: {p.Message}"));
        Assert.All(validation.Errors, p => Assert.Equal(GraphProblemCodes.InvalidPortIndex, p.Code));
        Assert.Equal(validation.Errors, error.Errors);
        Assert.Empty(components.Received);
    }

    /// <summary>A subgraph around one <c>test/Route</c>: <c>OUT</c> is its whole addressable out-port, <c>SECOND</c> its index 1.</summary>
    private static Graph Fan()
    {
        var graph = new Graph();
        graph.AddNode("fan", "test/Route");
        graph.ExportInPort("IN", "fan", "in");
        graph.ExportPort(PortDirection.Out, "OUT", new NodePort("fan", "out"));
        graph.ExportPort(PortDirection.Out, "SECOND", new NodePort("fan", "out", 1));
        graph.ExportOutPort("WIDTH", "fan", "width");
        return graph;
    }

    [Fact]
    public async Task A_subgraph_exports_a_whole_addressable_port_or_one_of_its_indexes()
    {
        var components = new AddressableComponents();
        ComponentRegistry registry = components.CreateRegistry().AddGraph("test/Fan", Fan());
        var graph = new Graph();
        graph.AddNode("values", "test/Values");
        graph.AddNode("sub", "test/Fan");
        graph.AddNode("sink", "test/Sink");
        graph.Connect("values", "out", "sub", "IN");
        graph.Connect(new NodePort("sub", "OUT", 0), new NodePort("sink", "in", 0));
        graph.Connect(new NodePort("sub", "SECOND"), new NodePort("sink", "in", 1));
        graph.Connect("sub", "WIDTH", "sink", "plain");

        NetworkDefinition definition = GraphNetworkLoader.Load(graph, registry);
        await LoaderComponents.Run(definition);

        Assert.Equal([5, 6, -1], components.At("sink", 0));
        Assert.Equal([105, 106, -1], components.At("sink", 1));
        Assert.Equal([2], components.Received.Where(r => r.Port == "plain").Select(r => r.Value));
    }

    [Fact]
    public void An_index_on_a_subgraph_port_that_stands_for_one_index_or_past_the_inner_maximum_is_an_error()
    {
        var components = new AddressableComponents();
        ComponentRegistry registry = components.CreateRegistry().AddGraph("test/Fan", Fan());
        var graph = new Graph();
        graph.AddNode("sub", "test/Fan");
        graph.AddNode("sink", "test/Sink");
        graph.Connect(new NodePort("sub", "SECOND", 0), new NodePort("sink", "in"));
        graph.Connect(new NodePort("sub", "OUT", 9), new NodePort("sink", "in"));

        GraphValidation validation = GraphNetworkLoader.Validate(graph, registry);

        Assert.Equal(
            [
                "connection sub.SECOND[0] -> sink.in: the out-port 'SECOND' of component 'test/Fan' is not addressable: connect it without an index",
                "connection sub.OUT[9] -> sink.in: the out-port 'OUT' of component 'test/Fan' takes indexes 0 to 3, not 9",
            ],
            validation.Errors.Select(p => $"{p.Location}: {p.Message}"));
    }

    [Fact]
    public async Task An_exported_in_port_of_one_index_delivers_there()
    {
        var components = new AddressableComponents();
        var inner = new Graph();
        inner.AddNode("sink", "test/Sink");
        inner.ExportPort(PortDirection.In, "THIRD", new NodePort("sink", "in", 3));
        ComponentRegistry registry = components.CreateRegistry().AddGraph("test/Third", inner);
        var graph = new Graph();
        graph.AddNode("values", "test/Values");
        graph.AddNode("sub", "test/Third");
        graph.Connect("values", "out", "sub", "THIRD");

        await LoaderComponents.Run(GraphNetworkLoader.Load(graph, registry));

        Assert.Equal(AddressableComponents.Values, components.At("sub/sink", 3));
    }
}
