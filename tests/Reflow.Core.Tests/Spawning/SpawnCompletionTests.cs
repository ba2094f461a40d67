using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;
using static Reflow.Tests.Spawning.SpawningComponents;

namespace Reflow.Tests.Spawning;

/// <summary>A run with spawned children completes only when they are done, and every message they emit arrives.</summary>
public sealed class SpawnCompletionTests
{
    /// <summary>Replies to each message later, from the thread pool, under a keep-alive: work the run cannot see in any queue.</summary>
    private sealed class SlowReplier : Actor
    {
        public override void Receive(ActorContext context)
        {
            IDisposable keepAlive = context.KeepAlive();
            long v = context.Message.AsInteger();
            _ = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * (v % 4)));
                context.Emit("out", Message.Integer(v));
                keepAlive.Dispose();
            });
        }
    }

    [Fact]
    public async Task A_child_still_working_after_its_parent_is_done_holds_the_run_open_and_all_its_replies_arrive()
    {
        Component slow = Component.FromFactory(new ComponentDescription("test/Slow", [new("in", PortType.Integer)], [new("out", PortType.Integer)]), () => new SlowReplier());
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", Dispatcher(slow, capacity: 4))
            .AddInitial("parent", "in", Message.Integer(40)) // the parent's only input: it is closed as soon as the parent has sent and completed
            .ExportOutPort("out", "parent", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        Task<List<Message>> output = ReadAll(network.Output("out"));
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), (await output.WaitAsync(HangLimit)).Select(m => m.AsInteger()).Order());
        Assert.True(result.Completed);
        Assert.All(result.Nodes, node => Assert.Equal(0, node.Dropped)); // nothing emitted behind the parent's end marker
        Assert.Equal(0, network.LiveChildren);
    }

    /// <summary>Spawns a child of <paramref name="child"/> per input, sends it the input, and never completes it; forwards replies.</summary>
    private sealed class Forgetful(Component child, ConcurrentQueue<ChildActor> spawned) : Actor
    {
        public override void Receive(ActorContext context)
        {
            if (context.InPortName == "results")
            {
                context.Emit("out", context.Message);
                return;
            }

            ChildActor c = context.Spawn(child, new SpawnOptions { ReplyTo = "results" });
            spawned.Enqueue(c);
            context.Send(c, context.Message);
        }
    }

    [Fact]
    public async Task Children_and_grandchildren_never_completed_are_ended_when_the_run_goes_quiet_and_are_collected()
    {
        var spawned = new ConcurrentQueue<ChildActor>();
        Component inner = Component.FromFactory(ParentPorts("test/Forgetful"), () => new Forgetful(Doubler(), spawned));
        Component outer = Component.FromFactory(ParentPorts("test/Forgetful"), () => new Forgetful(inner, spawned)); // its children spawn grandchildren
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", outer)
            .ExportInPort("in", "parent", "in")
            .ExportOutPort("out", "parent", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> output = ReadAll(network.Output("out"));
        for (int i = 0; i < 5; i++)
        {
            await network.SendAsync("in", Message.Integer(i)).AsTask().WaitAsync(HangLimit);
        }

        network.CompleteInput("in");
        NetworkRunResult result = await run.WaitAsync(HangLimit);

        Assert.Equal([0L, 2, 4, 6, 8], (await output.WaitAsync(HangLimit)).Select(m => m.AsInteger()).Order());
        Assert.True(result.Completed);
        Assert.Equal(10, spawned.Count); // five children, each with one grandchild
        Assert.All(spawned, c => Assert.True(c.IsCollected));
        Assert.Equal(0, network.LiveChildren);
    }

    /// <summary>Spawns a doubler per input and sends it the input without completing it; the second input makes it throw.</summary>
    private sealed class FailingParent(Component child, ConcurrentQueue<ChildActor> spawned) : Actor
    {
        public override void Receive(ActorContext context)
        {
            if (context.InPortName == "results")
            {
                context.Emit("out", context.Message);
                return;
            }

            ChildActor c = context.Spawn(child, new SpawnOptions { ReplyTo = "results" });
            spawned.Enqueue(c);
            for (int i = 0; i < 3; i++)
            {
                context.Send(c, Message.Integer(i));
            }

            if (spawned.Count == 2)
            {
                throw new InvalidOperationException("parent fails");
            }
        }
    }

    [Theory]
    [InlineData(FailureAction.Stop)]
    [InlineData(FailureAction.Restart)] // the fresh actor cannot reach the old one's children
    public async Task A_parent_that_stops_or_restarts_ends_its_childrens_input_they_finish_what_they_were_sent_and_are_collected(FailureAction action)
    {
        var spawned = new ConcurrentQueue<ChildActor>();
        var stops = new ConcurrentQueue<string>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", Component.FromFactory(ParentPorts("test/FailingParent"), () => new FailingParent(Doubler(stops), spawned)))
            .Supervise("parent", new SupervisionPolicy { Action = action })
            .ExportInPort("in", "parent", "in")
            .ExportOutPort("out", "parent", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> output = ReadAll(network.Output("out"));
        await network.SendAsync("in", Message.Integer(1)).AsTask().WaitAsync(HangLimit);
        await network.SendAsync("in", Message.Integer(2)).AsTask().WaitAsync(HangLimit);

        // The host's input is still open, so the run cannot go quiet and end the children's input itself: the stop does.
        for (int i = 0; i < 1000 && (spawned.Count < 2 || network.LiveChildren > 0); i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, network.LiveChildren);
        network.CompleteInput("in");
        NetworkRunResult result = await run.WaitAsync(HangLimit);

        Assert.Equal(2, spawned.Count);
        Assert.All(spawned, c => Assert.True(c.IsInputCompleted));
        Assert.All(spawned, c => Assert.True(c.IsCollected));
        Assert.Equal(2, stops.Count);
        Assert.Equal(0, network.LiveChildren);
        Assert.True(result.Completed);
        // The replies reach a stopped parent as dead letters (counted), as any input of a stopped actor; a restarted one forwards them.
        Assert.Equal(6, (await output.WaitAsync(HangLimit)).Count + result.DeadLetters);
        if (action == FailureAction.Restart)
        {
            Assert.Equal(0, result.DeadLetters);
        }
        else
        {
            Assert.InRange(result.DeadLetters, 3, 6); // the second child's, and the first's too when both inputs came in one batch
        }
    }

    /// <summary>Sums its input and emits the sum only when its input ends.</summary>
    private sealed class SumAtEnd : Actor
    {
        private long _sum;

        public override void Receive(ActorContext context) => _sum += context.Message.AsInteger();

        public override void OnInputsClosed(ActorContext context) => context.Emit("out", Message.Integer(_sum));
    }

    /// <summary>Spawns a child per input and per reply (up to five), sends it a value and never completes it; forwards replies.</summary>
    private sealed class Generations(Component child) : Actor
    {
        private int _spawned;

        public override void Receive(ActorContext context)
        {
            if (context.InPortName == "results")
            {
                context.Emit("out", context.Message);
            }

            if (_spawned < 5)
            {
                ChildActor c = context.Spawn(child, new SpawnOptions { ReplyTo = "results" });
                context.Send(c, Message.Integer(++_spawned));
            }
        }
    }

    [Fact]
    public async Task A_child_spawned_after_the_run_went_quiet_once_is_ended_at_the_next_quiet_moment()
    {
        // Each child answers only when its input ends, which only a quiet moment does here; its answer makes the parent
        // spawn the next one: five quiet moments, each ending the parent's newest child.
        Component child = Component.FromFactory(new ComponentDescription("test/SumAtEnd", [new("in", PortType.Integer)], [new("out", PortType.Integer)]), () => new SumAtEnd());
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", Component.FromFactory(ParentPorts("test/Generations"), () => new Generations(child)))
            .AddInitial("parent", "in", Message.Integer(0))
            .ExportOutPort("out", "parent", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        Task<List<Message>> output = ReadAll(network.Output("out"));
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal([1L, 2, 3, 4, 5], (await output.WaitAsync(HangLimit)).Select(m => m.AsInteger()));
        Assert.True(result.Completed);
        Assert.Equal(0, network.LiveChildren);
    }
}
