using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Streams;

/// <summary>
/// The end of the stream: closing reaches every actor after everything sent before it, on pipelines, fan-out, fan-in,
/// initial packets, the host's ports, cycles, pools and stopped actors; an aggregate emits exactly once at the end.
/// </summary>
public sealed class EndOfStreamTests
{
    private static readonly TimeSpan s_hangLimit = TestComponents.HangLimit;

    private static async Task<NetworkRunResult> Run(NetworkDefinition definition, int workers)
    {
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = workers, MinActorsPerWorker = 1 });
        return await network.RunAsync().WaitAsync(s_hangLimit);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Closing_reaches_every_stage_of_a_pipeline_after_its_last_message(int workers)
    {
        var log = new StreamLog();
        var counted = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 4)
            .AddNode("source", TestComponents.Numbers(100))
            .AddNode("a", log.Relay())
            .AddNode("b", log.Relay())
            .AddNode("c", log.Relay())
            .AddNode("count", log.Counter())
            .AddNode("sink", TestComponents.Collect(counted))
            .Connect("source", "out", "a", "in")
            .Connect("a", "out", "b", "in")
            .Connect("b", "out", "c", "in")
            .Connect("c", "out", "count", "in")
            .Connect("count", "out", "sink", "in")
            .Build(_ => null);

        NetworkRunResult result = await Run(definition, workers);

        string[] expected = [.. Enumerable.Range(1, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "closed in", "end", "stop"];
        Assert.Equal(expected, log.Of("a"));
        Assert.Equal(expected, log.Of("b"));
        Assert.Equal(expected, log.Of("c"));
        Assert.Equal(["total 100"], log.Of("count"));
        Assert.Equal([100L], counted.Select(m => m.AsInteger())); // exactly once, at the end
        Assert.True(result.Completed);
        Assert.Equal(0, result.DeadLetters);
        Assert.Equal(100 * 4 + 1, result.Messages); // the end markers are not messages
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Fan_out_closes_every_branch_and_fan_in_closes_a_port_only_after_its_last_producer(int workers)
    {
        var log = new StreamLog();
        var counted = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 2)
            .AddNode("short", TestComponents.Numbers(3))
            .AddNode("long", TestComponents.Numbers(500))
            .AddNode("left", log.Relay())
            .AddNode("right", log.Relay())
            .AddNode("join", log.Relay())
            .AddNode("count", log.Counter())
            .AddNode("sink", TestComponents.Collect(counted))
            .Connect("short", "out", "left", "in")
            .Connect("short", "out", "right", "in") // fan-out
            .Connect("long", "out", "join", "in")
            .Connect("left", "out", "join", "in") // fan-in on one port
            .Connect("right", "out", "join", "in")
            .Connect("join", "out", "count", "in")
            .Connect("count", "out", "sink", "in")
            .Build(_ => null);

        await Run(definition, workers);

        Assert.Equal(["1", "2", "3", "closed in", "end", "stop"], log.Of("left"));
        Assert.Equal(["1", "2", "3", "closed in", "end", "stop"], log.Of("right"));
        List<string> join = log.Of("join");
        Assert.Equal(506, join.Count(l => long.TryParse(l, out _)));
        Assert.Equal(["closed in", "end", "stop"], join[^3..]); // the port closes once, after all three producers
        Assert.Equal([506L], counted.Select(m => m.AsInteger()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_aggregate_emits_once_per_bracket_group_and_brackets_pass_through_components_that_ignore_them(int workers)
    {
        var log = new StreamLog();
        Message[] input = [.. StreamSources.Group("g1", 1, 2, 3), .. StreamSources.Group("g2"), Message.Integer(9), .. StreamSources.Group("g3", 4, 5)];
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 2)
            .AddNode("source", StreamSources.Emitting(input))
            .AddNode("plain", TestComponents.Relay(_ => { })) // knows nothing of brackets: the default forwards them
            .AddNode("seen", log.Relay())
            .AddNode("count", log.Counter())
            .AddNode("sink", log.Relay())
            .Connect("source", "out", "plain", "in")
            .Connect("plain", "out", "seen", "in")
            .Connect("seen", "out", "count", "in")
            .Connect("count", "out", "sink", "in")
            .Build(_ => null);

        NetworkRunResult result = await Run(definition, workers);

        Assert.Equal(["<g1", "1", "2", "3", "g1>", "<g2", "g2>", "9", "<g3", "4", "5", "g3>", "closed in", "end", "stop"], log.Of("seen"));
        Assert.Equal(["<g1", "3", "g1>", "<g2", "0", "g2>", "<g3", "2", "g3>", "1", "closed in", "end", "stop"], log.Of("sink"));
        Assert.Equal(0, result.DeadLetters);
    }

    [Fact]
    public async Task A_port_fed_only_by_an_initial_packet_closes_after_it_and_the_node_ends_with_its_other_inputs()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("source", TestComponents.Numbers(2))
            .AddNode("two", Component.FromFactory(
                new ComponentDescription("test/TwoPorts", [new("in"), new("setting")], []),
                () => new TwoPorts(log)))
            .Connect("source", "out", "two", "in")
            .AddInitial("two", "setting", Message.String("x"))
            .Build(_ => null);

        await Run(definition, workers: 1);

        List<string> seen = log.Of("two");
        Assert.True(seen.IndexOf("setting x") < seen.IndexOf("closed setting"));
        Assert.Equal(["in 1", "in 2", "closed in", "end"], seen.Where(l => !l.Contains("setting", StringComparison.Ordinal)));
        Assert.Single(seen, "closed setting");
    }

    private sealed class TwoPorts(StreamLog log) : Actor
    {
        public override void Receive(ActorContext context) =>
            log.Add(context.NodeId, $"{context.InPortName} {(context.Message.Kind == MessageKind.String ? context.Message.AsString() : StreamLog.Describe(context.Message))}");

        public override void OnInPortClosed(ActorContext context, int inPort, int index)
        {
            Assert.True(context.IsInPortClosed(inPort));
            log.Add(context.NodeId, $"closed {context.Component.InPorts[inPort].Name}");
        }

        public override void OnInputsClosed(ActorContext context) => log.Add(context.NodeId, "end");
    }

    [Fact]
    public async Task A_node_nothing_feeds_ends_its_stream_after_OnStart_and_what_it_emitted_there_reaches_the_aggregate()
    {
        var log = new StreamLog();
        var counted = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("once", Component.FromFactory(new ComponentDescription("test/Once", [], [new("out")]), () => new EmitsOnStart()))
            .AddNode("count", log.Counter())
            .AddNode("sink", TestComponents.Collect(counted))
            .Connect("once", "out", "count", "in")
            .Connect("count", "out", "sink", "in")
            .Build(_ => null);

        await Run(definition, workers: 1);

        Assert.Equal([3L], counted.Select(m => m.AsInteger()));
    }

    private sealed class EmitsOnStart : Actor
    {
        public override void OnStart(ActorContext context)
        {
            for (int i = 0; i < 3; i++)
            {
                context.Emit("out", Message.Integer(i));
            }
        }

        public override void Receive(ActorContext context)
        {
        }
    }
}
