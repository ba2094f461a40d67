using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;
using static Reflow.Tests.Spawning.SpawningComponents;

namespace Reflow.Tests.Spawning;

/// <summary>A spawned child receives what its parent sends, its replies reach the parent, and it completes and is collected.</summary>
public sealed class SpawnBasicsTests
{
    private static async Task<(NetworkRunResult Result, List<Message> Out, Network Network)> RunDispatcher(Component dispatcher, params long[] requests)
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", dispatcher)
            .ExportInPort("in", "parent", "in")
            .ExportOutPort("out", "parent", "out")
            .Build(_ => null);
        Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> output = ReadAll(network.Output("out"));
        foreach (long request in requests)
        {
            await network.SendAsync("in", Message.Integer(request)).AsTask().WaitAsync(HangLimit);
        }

        network.CompleteInput("in");
        NetworkRunResult result = await run.WaitAsync(HangLimit);
        return (result, await output.WaitAsync(HangLimit), network);
    }

    [Fact]
    public async Task A_child_receives_everything_in_order_through_a_small_edge_and_its_replies_reach_the_parent()
    {
        var stops = new ConcurrentQueue<string>();
        var spawned = new List<ChildActor>();
        // Capacity 4 for 1 000 messages sent in one call: the parent is held back on the full edge many times over.
        (NetworkRunResult result, List<Message> output, Network network) = await RunDispatcher(Dispatcher(Doubler(stops), capacity: 4, spawned), 1000);
        await using Network _ = network;

        Assert.True(result.Completed);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => 2L * i), output.Select(m => m.AsInteger()));
        ChildActor child = Assert.Single(spawned);
        Assert.Equal("parent/test/Doubler#1", child.Id);
        Assert.True(child.IsInputCompleted);
        Assert.True(child.IsCollected);
        Assert.Equal([child.Id], stops); // collected: its actor stopped, once
        Assert.Equal(0, network.LiveChildren);
        Assert.Equal(0, result.DeadLetters);
        Assert.All(result.Nodes, node => Assert.Equal(0, node.Dropped));
    }

    [Fact]
    public async Task Several_children_each_deliver_all_their_replies_and_all_are_collected()
    {
        var stops = new ConcurrentQueue<string>();
        var spawned = new List<ChildActor>();
        (NetworkRunResult result, List<Message> output, Network network) = await RunDispatcher(Dispatcher(Doubler(stops), capacity: 2, spawned), 3, 0, 50, 7);
        await using Network _ = network;

        long[] expected = [.. new[] { 3, 0, 50, 7 }.SelectMany(n => Enumerable.Range(0, n).Select(i => 2L * i)).Order()];
        Assert.Equal(expected, output.Select(m => m.AsInteger()).Order());
        Assert.Equal(4, spawned.Count);
        Assert.Equal(4, spawned.Select(c => c.Id).Distinct().Count());
        Assert.All(spawned, c => Assert.True(c.IsCollected));
        Assert.Equal(4, stops.Count);
        Assert.Equal(0, network.LiveChildren);
    }

    /// <summary>A child that emits on OnInputsClosed: what it says after its input ended still reaches the parent before it is collected.</summary>
    private sealed class Summer : Actor
    {
        private long _sum;

        public override void Receive(ActorContext context) => _sum += context.Message.AsInteger();

        public override void OnInputsClosed(ActorContext context) => context.Emit("sum", Message.Integer(_sum));
    }

    [Fact]
    public async Task A_child_that_emits_when_its_input_ends_is_collected_after_that_emission_reached_the_parent()
    {
        Component summer = Component.FromFactory(new ComponentDescription("test/Summer", [new("in", PortType.Integer)], [new("sum", PortType.Integer)]), () => new Summer());
        (NetworkRunResult result, List<Message> output, Network network) = await RunDispatcher(Dispatcher(summer, capacity: 8), 100, 10);
        await using Network _ = network;

        Assert.Equal([45L, 4950L], output.Select(m => m.AsInteger()).Order());
        Assert.Equal(0, network.LiveChildren);
        Assert.True(result.Completed);
    }
}
