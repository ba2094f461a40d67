using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

public sealed class NetworkBuilderTests
{
    private static readonly Component s_numbers = Component.FromFunc(
        new ComponentDescription("test/Numbers", outPorts: [new("out", PortType.Integer)]), _ => { });

    private static readonly Component s_scale = Component.FromFunc(
        new ComponentDescription("test/Scale",
            [new("in", PortType.Float, Required: true), new("factor", PortType.Integer, Required: true), new("offset", PortType.Integer, Default: Message.Integer(0))],
            [new("out", PortType.Float), new("error", PortType.Error)]),
        _ => { });

    private static readonly Component s_text = Component.FromFunc(
        new ComponentDescription("test/Text", [new("in", PortType.String)], [new("out", PortType.String)]), _ => { });

    private static readonly Component s_any = Component.FromFunc(
        new ComponentDescription("test/Any", [new("in")], [new("out")]), _ => { });

    [Fact]
    public void A_valid_network_resolves_every_name_to_an_index()
    {
        NetworkDefinition network = new NetworkBuilder()
            .AddNode("numbers", s_numbers)
            .AddNode("scale", s_scale)
            .AddNode("sink", s_any)
            .Connect("numbers", "out", "scale", "in") // Integer into Float: allowed
            .Connect("scale", "out", "sink", "in", capacity: 16)
            .AddInitial("scale", "factor", Message.Integer(3))
            .ExportOutPort("result", "sink", "out")
            .Build(_ => null);

        Assert.Equal(["numbers", "scale", "sink"], network.Nodes.Select(n => n.Id));
        // ImmutableArray compares by reference, so compare element-wise through arrays.
        Assert.Equal(
            new[]
            {
                new EdgeDefinition(0, 0, 1, 0, NetworkBuilder.DefaultEdgeCapacity) { Id = "numbers.out -> scale.in" },
                new EdgeDefinition(1, 0, 2, 0, 16) { Id = "scale.out -> sink.in" },
            },
            network.Edges.ToArray());
        Assert.Equal(
            new[] { new InitialDefinition(1, 1, Message.Integer(3), FromDefault: false), new InitialDefinition(1, 2, Message.Integer(0), FromDefault: true) },
            network.Initials.ToArray());
        Assert.Equal(new[] { new ExportedPortDefinition("result", 2, 0) }, network.OutPorts.ToArray());
        Assert.Empty(network.InPorts);
        Assert.Same(s_scale, network.FindNode("scale")!.Component);
        Assert.Null(network.FindNode("Scale"));
    }

    [Fact]
    public void Out_ports_may_fan_out_and_in_ports_fan_in()
    {
        NetworkDefinition network = new NetworkBuilder(defaultEdgeCapacity: 8)
            .AddNode("a", s_any).AddNode("b", s_any).AddNode("c", s_any).AddNode("d", s_any)
            .Connect("a", "out", "b", "in").Connect("a", "out", "c", "in")
            .Connect("b", "out", "d", "in").Connect("c", "out", "d", "in")
            .Build(_ => null);

        Assert.Equal(4, network.Edges.Length);
        Assert.All(network.Edges, e => Assert.Equal(8, e.Capacity));
    }

    [Fact]
    public void An_exported_in_port_or_an_initial_packet_satisfies_a_required_port()
    {
        NetworkDefinition network = new NetworkBuilder()
            .AddNode("scale", s_scale)
            .ExportInPort("values", "scale", "in")
            .AddInitial("scale", "factor", Message.Integer(2))
            .Build(_ => null);

        Assert.Equal(new[] { new ExportedPortDefinition("values", 0, 0) }, network.InPorts.ToArray());
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_says_where()
    {
        MessageObject needsToken = MessageObject.Create(KeyValuePair.Create(
            ActorConfiguration.EnvironmentVariablesKey, Message.Object(MessageObject.Create(KeyValuePair.Create("TOKEN", Message.String("required"))))));

        var error = Assert.Throws<NetworkValidationException>(() => new NetworkBuilder()
            .AddNode("numbers", s_numbers)
            .AddNode("numbers", s_any)
            .AddNode("scale", s_scale, needsToken)
            .AddNode("text", s_text)
            .Connect("numbers", "out", "text", "in")
            .Connect("numbers", "value", "scale", "in")
            .Connect("ghost", "out", "scale", "in")
            .Connect("numbers", "out", "scale", "in", capacity: 0)
            .Connect("numbers", "out", "scale", "in")
            .AddInitial("scale", "factor", Message.String("two"))
            .ExportOutPort("result", "text", "out")
            .ExportOutPort("result", "scale", "out")
            .Build(_ => null));

        string[] expected =
        [
            "node 'numbers' is added twice",
            "node 'scale': environment variable 'TOKEN' is required but not set",
            "edge numbers.out -> text.in: the out-port carries Integer but the in-port accepts String",
            "edge numbers.value -> scale.in: node 'numbers' (test/Numbers) has no out-port 'value' (it has: out)",
            "edge ghost.out -> scale.in: there is no node 'ghost' (nodes: numbers, scale, text)",
            "edge numbers.out -> scale.in: capacity must be at least 1, not 0",
            "initial packet to scale.factor: the value is String but the in-port accepts Integer",
            "exported out-port 'result' (scale.out): the name is empty or used twice",
        ];
        Assert.Equal(expected, error.Problems);
        Assert.Contains("8 problems", error.Message);
    }

    [Fact]
    public void A_required_port_left_open_is_reported_with_its_node_and_component()
    {
        var error = Assert.Throws<NetworkValidationException>(() => new NetworkBuilder().AddNode("scale", s_scale).Build(_ => null));

        Assert.Equal(
            [
                "node 'scale' (test/Scale): required in-port 'in' is not connected, exported, or given an initial packet or default",
                "node 'scale' (test/Scale): required in-port 'factor' is not connected, exported, or given an initial packet or default",
            ],
            error.Problems);
    }

    [Fact]
    public void A_default_capacity_below_one_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkBuilder(0));
}
