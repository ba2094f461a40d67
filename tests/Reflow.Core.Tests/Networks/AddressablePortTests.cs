using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>Addressable (array) ports at run time: routed by index, seen by index, counted when an index is not connected.</summary>
public sealed class AddressablePortTests
{
    private static async Task<NetworkRunResult> Run(NetworkDefinition definition, int workers = 2)
    {
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = workers, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        return await network.RunAsync().WaitAsync(TestComponents.HangLimit);
    }

    private static NetworkBuilder ValuesIntoRoute(AddressableComponents components) => new NetworkBuilder()
        .AddNode("values", AddressableComponents.ValuesSource())
        .AddNode("route", AddressableComponents.Route())
        .AddNode("a", AddressableComponents.Sink(components.Received))
        .AddNode("b", AddressableComponents.Sink(components.Received))
        .Connect("values", "out", "route", "in")
        .Connect("route", "width", "a", "plain");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Each_index_of_an_out_port_reaches_its_own_consumers_and_an_emission_to_the_port_reaches_all(int workers)
    {
        var components = new AddressableComponents();
        NetworkDefinition definition = ValuesIntoRoute(components)
            .Connect("route", "out", "a", "in", fromIndex: 0, toIndex: 0)
            .Connect("route", "out", "b", "in", fromIndex: 1, toIndex: 0)
            .Build(_ => null);

        NetworkRunResult result = await Run(definition, workers);

        Assert.Equal([5, 6, -1], components.At("a", 0));
        Assert.Equal([105, 106, -1], components.At("b", 0));
        Assert.Equal([("a", "plain", -1, 2L)], components.Received.Where(r => r.Port == "plain")); // the width: indexes 0 and 1
        Assert.Equal(0, result.Nodes.Single(n => n.Id == "route").Dropped);
        Assert.Equal(
            [(-1, -1, 5L), (-1, -1, 1L), (0, 0, 3L), (1, 0, 3L)],
            result.Edges.Select(e => (e.FromIndex, e.ToIndex, e.Messages)));
    }

    [Fact]
    public async Task An_emission_to_an_index_without_an_edge_is_dropped_and_counted()
    {
        var components = new AddressableComponents();
        NetworkDefinition definition = ValuesIntoRoute(components)
            .Connect("route", "out", "b", "in", fromIndex: 2) // indexes 0 and 1 have no edge: 5, 6, 105 and 106 are dropped
            .Build(_ => null);

        NetworkRunResult result = await Run(definition);

        Assert.Equal([-1], components.At("b", 0));
        Assert.Equal(3, components.Received.Single(r => r.Port == "plain").Value); // the width counts up to the highest index
        Assert.Equal(4, result.Nodes.Single(n => n.Id == "route").Dropped);
    }

    [Fact]
    public async Task The_receiving_actor_sees_the_index_of_each_message_whether_it_came_over_an_edge_or_as_an_initial_packet()
    {
        var components = new AddressableComponents();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("first", AddressableComponents.ValuesSource())
            .AddNode("second", AddressableComponents.ValuesSource())
            .AddNode("third", AddressableComponents.ValuesSource())
            .AddNode("fourth", AddressableComponents.ValuesSource())
            .AddNode("sink", AddressableComponents.Sink(components.Received))
            .Connect("first", "out", "sink", "in", toIndex: 1)
            .Connect("second", "out", "sink", "in", toIndex: 0)
            .Connect("third", "out", "sink", "in") // the next free index: 2 (3 is named below)
            .Connect("fourth", "out", "sink", "plain")
            .AddInitial("sink", "in", Message.Integer(42), index: 3)
            .Build(_ => null);

        Assert.Equal([1, 0, 2, -1], definition.Edges.Select(e => e.ToIndex));
        Assert.Equal(3, Assert.Single(definition.Initials).ToIndex);

        await Run(definition);

        long[] all = AddressableComponents.Values;
        Assert.Equal(all, components.At("sink", 0));
        Assert.Equal(all, components.At("sink", 1));
        Assert.Equal(all, components.At("sink", 2));
        Assert.Equal([42], components.At("sink", 3));
        Assert.Equal(all, components.Received.Where(r => r.Port == "plain").Select(r => r.Value));
        Assert.All(components.Received.Where(r => r.Port == "plain"), r => Assert.Equal(-1, r.Element));
    }

    [Fact]
    public async Task The_host_sends_to_and_reads_from_an_index()
    {
        var components = new AddressableComponents();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("route", AddressableComponents.Route())
            .AddNode("sink", AddressableComponents.Sink(components.Received))
            .ExportInPort("values", "route", "in")
            .ExportOutPort("width", "route", "width")
            .ExportOutPort("second", "route", "out", index: 1)
            .Connect("route", "out", "sink", "in", fromIndex: 0, toIndex: 5)
            .ExportInPort("direct", "sink", "in", index: 7)
            .Build(_ => null);

        await using Network network = Network.Create(definition);
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> second = TestComponents.ReadAll(network.Output("second"));
        Task<List<Message>> width = TestComponents.ReadAll(network.Output("width"));
        foreach (long value in AddressableComponents.Values)
        {
            await network.SendAsync("values", Message.Integer(value));
        }

        await network.SendAsync("direct", Message.Integer(9));
        network.CompleteInputs();
        await run.WaitAsync(TestComponents.HangLimit);

        Assert.Equal([105, 106, -1], (await second).Select(m => m.AsInteger()));
        Assert.Equal([2], (await width).Select(m => m.AsInteger()));
        Assert.Equal([5, 6, -1], components.At("sink", 5));
        Assert.Equal([9], components.At("sink", 7));
    }

    [Fact]
    public void Wrong_indexes_are_reported_with_their_edge_packet_or_export()
    {
        var components = new AddressableComponents();
        var error = Assert.Throws<NetworkValidationException>(() => new NetworkBuilder()
            .AddNode("values", AddressableComponents.ValuesSource())
            .AddNode("route", AddressableComponents.Route())
            .AddNode("sink", AddressableComponents.Sink(components.Received))
            .Connect("values", "out", "route", "in", fromIndex: 0)
            .Connect("route", "out", "sink", "in", fromIndex: 4)
            .Connect("route", "out", "sink", "in", fromIndex: -1, toIndex: 2)
            .AddInitial("sink", "plain", Message.Integer(1), index: 1)
            .ExportOutPort("width", "route", "width", index: 0)
            .Build(_ => null));

        Assert.Equal(
            [
                "edge values.out[0] -> route.in: the out-port 'out' of node 'values' (test/Values) is not addressable: connect it without an index",
                "edge route.out[4] -> sink.in: the out-port 'out' of node 'route' (test/Route) takes indexes 0 to 3, not 4",
                "edge route.out[-1] -> sink.in[2]: the out-port 'out' of node 'route' (test/Route) takes indexes 0 to 3, not -1",
                "initial packet to sink.plain[1]: the in-port 'plain' of node 'sink' (test/Sink) is not addressable: connect it without an index",
                "exported out-port 'width' (route.width[0]): the out-port 'width' of node 'route' (test/Route) is not addressable: connect it without an index",
            ],
            error.Problems);
    }

    [Fact]
    public void A_port_whose_every_index_is_taken_has_none_left_for_a_connection_without_one()
    {
        var components = new AddressableComponents();
        NetworkBuilder builder = new NetworkBuilder()
            .AddNode("route", AddressableComponents.Route())
            .AddNode("sink", AddressableComponents.Sink(components.Received))
            .AddInitial("route", "in", Message.Integer(1));
        for (int index = 3; index >= 0; index--)
        {
            builder.Connect("route", "out", "sink", "in", fromIndex: index);
        }

        Assert.Equal([3, 2, 1, 0], builder.Build(_ => null).Edges.Select(e => e.FromIndex));
        Assert.Equal([0, 1, 2, 3], builder.Build(_ => null).Edges.Select(e => e.ToIndex)); // each takes the next free index

        var error = Assert.Throws<NetworkValidationException>(() => builder.Connect("route", "out", "sink", "in").Build(_ => null));
        Assert.Equal(
            ["edge route.out -> sink.in: the out-port 'out' of node 'route' (test/Route) has no free index left (it takes 0 to 3)"],
            error.Problems);
    }

    [Fact]
    public async Task A_connection_made_twice_delivers_every_message_twice()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("numbers", TestComponents.Numbers(3))
            .AddNode("collect", TestComponents.Collect(received))
            .Connect("numbers", "out", "collect", "in")
            .Connect("numbers", "out", "collect", "in")
            .Build(_ => null);

        NetworkRunResult result = await Run(definition);

        Assert.Equal(2, definition.Edges.Length);
        Assert.Equal([1, 1, 2, 2, 3, 3], received.Select(m => m.AsInteger()).Order());
        Assert.Equal(6, result.Nodes.Single(n => n.Id == "collect").Invocations);
    }

    [Fact]
    public async Task An_actor_emits_to_an_index_from_another_thread()
    {
        var components = new AddressableComponents();
        Component background = Component.FromFactory(
            new ComponentDescription("test/Background", [new("in", PortType.Integer)], [new("out", PortType.Integer) { Addressable = true }]),
            () => new BackgroundRoute());
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("values", AddressableComponents.ValuesSource())
            .AddNode("route", background)
            .AddNode("a", AddressableComponents.Sink(components.Received))
            .AddNode("b", AddressableComponents.Sink(components.Received))
            .Connect("values", "out", "route", "in")
            .Connect("route", "out", "a", "in")
            .Connect("route", "out", "b", "in")
            .Build(_ => null);

        NetworkRunResult result = await Run(definition);

        Assert.Equal([5, 6], components.At("a", 0));
        Assert.Equal([105, 106, -1], components.At("b", 0));
        Assert.Equal(0, result.Nodes.Single(n => n.Id == "route").Dropped);
    }

    /// <summary>Sends each value from a thread-pool thread: below 100 to index 0, the rest to index 1.</summary>
    private sealed class BackgroundRoute : Actor
    {
        private OutPort _out;

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override void Receive(ActorContext context)
        {
            Message message = context.Message;
            IDisposable keepAlive = context.KeepAlive();
            Task.Run(() =>
            {
                using (keepAlive)
                {
                    long value = message.AsInteger();
                    context.Emit(_out, value is >= 0 and < 100 ? 0 : 1, message);
                }
            }).Wait();
        }
    }
}
