using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>The await-all and required-subset input modes at run time.</summary>
public sealed class InputModeTests
{
    private sealed class Range(long from, long count) : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            context.Emit("out", Message.Integer(from + _next++));
            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }

    private static Component Source(long from, long count) => Component.FromFactory(
        new ComponentDescription("test/Range", outPorts: [new("out", PortType.Integer)]), () => new Range(from, count));

    private static Component Collect(ConcurrentQueue<Message> into) => Component.FromFunc(
        new ComponentDescription("test/Collect", [new("in")]), context => into.Enqueue(context.Message));

    private static readonly Component s_pairSum = Component.FromFunc(
        new ComponentDescription("test/PairSum", [new("a", PortType.Integer), new("b", PortType.Integer)], [new("sum", PortType.Integer)], inputMode: InputMode.AwaitAllInPorts),
        context =>
        {
            Assert.True(context.TryGetInput("a", out Message a));
            Assert.True(context.TryGetInput("b", out Message b));
            context.Emit("sum", Message.Integer(a.AsInteger() + b.AsInteger()));
        });

    private static async Task<NetworkRunResult> Run(NetworkBuilder builder)
    {
        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        return await network.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Await_all_fires_once_per_complete_set_pairing_each_ports_messages_in_order()
    {
        var sums = new ConcurrentQueue<Message>();
        NetworkRunResult result = await Run(new NetworkBuilder(defaultEdgeCapacity: 4)
            .AddNode("as", Source(0, 5_000)).AddNode("bs", Source(100_000, 5_000))
            .AddNode("join", s_pairSum).AddNode("sink", Collect(sums))
            .Connect("as", "out", "join", "a").Connect("bs", "out", "join", "b")
            .Connect("join", "sum", "sink", "in"));

        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => Message.Integer(100_000 + 2L * i)), sums);
        Assert.Equal(5_000, result.Nodes.Single(n => n.Id == "join").Invocations);
        Assert.Equal(0, result.Nodes.Single(n => n.Id == "join").Dropped);
    }

    [Fact]
    public async Task Inputs_of_a_set_that_never_completes_are_counted_as_dropped_and_the_run_still_finishes()
    {
        var sums = new ConcurrentQueue<Message>();
        NetworkRunResult result = await Run(new NetworkBuilder()
            .AddNode("as", Source(0, 5)).AddNode("bs", Source(10, 3))
            .AddNode("join", s_pairSum).AddNode("sink", Collect(sums))
            .Connect("as", "out", "join", "a").Connect("bs", "out", "join", "b")
            .Connect("join", "sum", "sink", "in"));

        Assert.Equal([Message.Integer(10), Message.Integer(12), Message.Integer(14)], sums);
        Assert.Equal(2, result.Nodes.Single(n => n.Id == "join").Dropped);
    }

    [Fact]
    public async Task Await_required_fires_per_required_input_with_the_latest_optional_value()
    {
        var scaled = new ConcurrentQueue<Message>();
        Component scale = Component.FromFunc(
            new ComponentDescription("test/Scale", [new("in", PortType.Integer, Required: true), new("factor", PortType.Integer)], [new("out", PortType.Integer)],
                inputMode: InputMode.AwaitRequiredInPorts),
            context =>
            {
                long factor = context.TryGetInput("factor", out Message f) ? f.AsInteger() : 1;
                context.Emit("out", Message.Integer(context.TryGetInput("in", out Message v) ? v.AsInteger() * factor : -1));
            });

        await Run(new NetworkBuilder()
            .AddNode("values", Source(1, 1_000)).AddNode("scale", scale).AddNode("sink", Collect(scaled))
            .Connect("values", "out", "scale", "in")
            .AddInitial("scale", "factor", Message.Integer(3)) // delivered first: every set sees it
            .Connect("scale", "out", "sink", "in"));

        Assert.Equal(Enumerable.Range(1, 1_000).Select(i => Message.Integer(3L * i)), scaled);
    }
}
