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
        Assert.Equal("parent/1", child.Id);
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

    [Fact]
    public async Task Parents_on_two_workers_each_spawn_on_their_own_and_nothing_is_lost_between_them()
    {
        var spawned = new List<ChildActor>(); // each list is touched by one parent's worker only
        var spawnedB = new List<ChildActor>();
        // a gets n = 20 and answers 0, 2, …, 38 (through a child); b gets each m and answers 0, 2, …, 2(m-1) (through a child per m).
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("a", Dispatcher(Doubler(), capacity: 3, spawned))
            .AddNode("b", Dispatcher(Doubler(), capacity: 3, spawnedB))
            .Connect("a", "out", "b", "in", capacity: 2)
            .AddInitial("a", "in", Message.Integer(20))
            .ExportOutPort("out", "b", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        Task<List<Message>> output = ReadAll(network.Output("out"));
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        long[] expected = [.. Enumerable.Range(0, 20).SelectMany(i => Enumerable.Range(0, 2 * i).Select(j => 2L * j)).Order()];
        Assert.Equal(expected, (await output.WaitAsync(HangLimit)).Select(m => m.AsInteger()).Order());
        Assert.Single(spawned);
        Assert.Equal(20, spawnedB.Count);
        Assert.All(spawned.Concat(spawnedB), c => Assert.True(c.IsCollected));
        Assert.Equal(0, network.LiveChildren);
        Assert.True(result.Completed);
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

    /// <summary>A source child: emits 0..9 in chunks of three, then is done.</summary>
    private sealed class Counter : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 3 && _next < 10; i++)
            {
                context.Emit("out", Message.Integer(_next++));
            }

            return _next < 10 ? SourceStatus.More : SourceStatus.Done;
        }
    }

    [Fact]
    public async Task A_source_child_produces_until_it_is_done_and_is_collected_without_being_completed()
    {
        var spawned = new List<ChildActor>();
        Component counter = Component.FromFactory(new ComponentDescription("test/Counter", outPorts: [new("out", PortType.Integer)]), () => new Counter());
        Component parent = Component.FromFunc(ParentPorts("test/SourceParent"), context =>
        {
            if (context.InPortName == "results")
            {
                context.Emit("out", context.Message);
            }
            else
            {
                spawned.Add(context.Spawn(counter, new SpawnOptions { ReplyTo = "results" }));
            }
        });
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", parent)
            .AddInitial("parent", "in", Message.Integer(0))
            .ExportOutPort("out", "parent", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        Task<List<Message>> output = ReadAll(network.Output("out"));
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), (await output.WaitAsync(HangLimit)).Select(m => m.AsInteger()));
        Assert.True(Assert.Single(spawned).IsCollected);
        Assert.Equal(0, network.LiveChildren);
        Assert.True(result.Completed);
    }

    /// <summary>Logs each message; fails the first one once, so its retry's backoff keeps the child busy (suspended).</summary>
    private sealed class SlowStarter(ConcurrentQueue<string> log) : Actor
    {
        private bool _failed;

        public override void Receive(ActorContext context)
        {
            if (!_failed)
            {
                _failed = true;
                throw new InvalidOperationException("not yet");
            }

            log.Enqueue($"child {context.Message.AsInteger()}");
        }
    }

    /// <summary>On its first input sends ten messages to one child of capacity 4; logs each later input.</summary>
    private sealed class Sender(Component child, ConcurrentQueue<string> log) : Actor
    {
        private ChildActor? _child;

        public override void Receive(ActorContext context)
        {
            if (_child is not null)
            {
                log.Enqueue($"parent {context.Message.AsInteger()}");
                context.Complete(_child);
                return;
            }

            _child = context.Spawn(child, new SpawnOptions { Capacity = 4, Supervision = new SupervisionPolicy { MaxRetries = 1, RetryBackoff = TimeSpan.FromMilliseconds(20) } });
            for (int i = 0; i < 10; i++)
            {
                context.Send(_child, Message.Integer(i));
            }
        }
    }

    [Fact]
    public async Task A_full_edge_into_a_child_holds_the_parent_back_until_the_child_has_taken_messages()
    {
        var log = new ConcurrentQueue<string>();
        Component child = Component.FromFactory(new ComponentDescription("test/SlowStarter", [new("in", PortType.Integer)]), () => new SlowStarter(log));
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", Component.FromFactory(ParentPorts("test/Sender"), () => new Sender(child, log)))
            .AddInitial("parent", "in", Message.Integer(1))
            .AddInitial("parent", "in", Message.Integer(2))
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        List<string> order = [.. log];
        Assert.Equal(11, order.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"child {i}"), order.Where(e => e.StartsWith("child", StringComparison.Ordinal)));
        // Four of the ten fit the edge; the other six wait in the parent's out-buffer, which holds the parent back:
        // its second input waits until the child (suspended for its retry) has handled enough to make room.
        Assert.True(order.IndexOf("parent 2") > order.IndexOf("child 3"), string.Join(", ", order));
        Assert.True(result.Completed);
    }
}
