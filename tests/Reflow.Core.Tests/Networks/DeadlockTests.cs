using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>
/// A cycle of full bounded edges is reported with its nodes instead of hanging; an elastic edge breaks it; an
/// await-mode join starved by a held-back producer is found too.
/// </summary>
public sealed class DeadlockTests
{
    private static readonly NetworkOptions s_options = new() { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0, DeadlockDetectionInterval = TimeSpan.FromMilliseconds(50) };

    /// <summary>Every value below the limit comes back twice, one higher, through the loop; each value also goes out.</summary>
    private static readonly Component s_doubler = Component.FromFunc(
        new ComponentDescription("test/Doubler", [new("in", PortType.Integer)], [new("loop", PortType.Integer), new("out", PortType.Integer)]),
        context =>
        {
            long value = context.Message.AsInteger();
            context.Emit("out", context.Message);
            if (value < 10)
            {
                context.Emit("loop", Message.Integer(value + 1));
                context.Emit("loop", Message.Integer(value + 1));
            }
        });

    private static NetworkBuilder Loop(ConcurrentQueue<Message> sink, bool elastic) => new NetworkBuilder(defaultEdgeCapacity: 2)
        .AddNode("doubler", s_doubler)
        .AddNode("relay", Relay(_ => { }))
        .AddNode("sink", Collect(sink))
        .Connect("doubler", "loop", "relay", "in")
        .Connect("relay", "out", "doubler", "in", elastic: elastic)
        .Connect("doubler", "out", "sink", "in", capacity: 4096)
        .AddInitial("doubler", "in", Message.Integer(0));

    [Fact]
    public async Task A_cycle_of_full_edges_fails_the_run_naming_the_cycle()
    {
        await using Network network = Network.Create(Loop([], elastic: false).Build(_ => null), s_options);
        var events = network.SubscribeEvents();

        NetworkDeadlockException error = await Assert.ThrowsAsync<NetworkDeadlockException>(() => network.RunAsync().WaitAsync(HangLimit));

        Assert.Equal(["doubler", "relay"], error.Nodes.Order());
        Assert.Contains("doubler.loop -> relay.in (capacity 2)", error.Message);
        Assert.Contains("relay.out -> doubler.in (capacity 2)", error.Message);
        Assert.Contains("elastic", error.Message);
        NetworkEvent reported = await WaitFor(events, NetworkEventKind.Deadlock);
        Assert.Equal(error.Nodes, reported.Nodes);
    }

    [Fact]
    public async Task An_elastic_edge_in_the_cycle_lets_the_same_graph_finish_with_nothing_lost()
    {
        var sink = new ConcurrentQueue<Message>();
        await using Network network = Network.Create(Loop(sink, elastic: true).Build(_ => null), s_options);

        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(2047, sink.Count); // 1 + 2 + 4 + … + 1024
        Assert.Equal(1024, sink.Count(m => m.AsInteger() == 10));
        Assert.Equal(0, result.DeadLetters);
    }

    [Fact]
    public async Task A_join_starved_by_its_own_held_back_producer_is_a_deadlock()
    {
        // The splitter sends 5 items to the join's port a (capacity 2) before the one message for port b: it is
        // held back on a, and the join waits on b, which only the splitter feeds.
        Component splitter = Component.FromFunc(
            new ComponentDescription("test/Splitter", [new("in")], [new("a"), new("b")]),
            context =>
            {
                for (int i = 0; i < 5; i++)
                {
                    context.Emit("a", Message.Integer(i));
                }

                context.Emit("b", Message.Integer(99));
            });
        Component join = Component.FromFunc(
            new ComponentDescription("test/Join", [new("a"), new("b")], [], inputMode: InputMode.AwaitAllInPorts),
            _ => { });
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 2)
            .AddNode("splitter", splitter)
            .AddNode("join", join)
            .Connect("splitter", "a", "join", "a")
            .Connect("splitter", "b", "join", "b")
            .AddInitial("splitter", "in", Message.Flow)
            .Build(_ => null);
        await using Network network = Network.Create(definition, s_options);

        NetworkDeadlockException error = await Assert.ThrowsAsync<NetworkDeadlockException>(() => network.RunAsync().WaitAsync(HangLimit));

        Assert.Equal(["join", "splitter"], error.Nodes.Order());
        Assert.Contains("'join' waits for input on in-port(s) b", error.Message);
    }

    [Fact]
    public async Task A_slow_consumer_is_not_a_deadlock()
    {
        using var gate = new ManualResetEventSlim();
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 2)
            .AddNode("numbers", Numbers(20))
            .AddNode("slow", Relay(_ => gate.Wait()))
            .AddNode("sink", Collect(sink))
            .Connect("numbers", "out", "slow", "in")
            .Connect("slow", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, s_options);
        try
        {
            Task<NetworkRunResult> run = network.RunAsync();

            // The source is held back on a full edge for many detection intervals while the consumer is stuck
            // inside Receive: that is a wait, not a cycle.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.False(run.IsCompleted);
            gate.Set();

            await run.WaitAsync(HangLimit);
            Assert.Equal(20, sink.Count);
        }
        finally
        {
            gate.Set(); // disposing waits for the blocked call to return
        }
    }
}
