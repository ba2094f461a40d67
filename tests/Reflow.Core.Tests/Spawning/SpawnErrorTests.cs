using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;
using static Reflow.Tests.Spawning.SpawningComponents;

namespace Reflow.Tests.Spawning;

/// <summary>Bad use of spawning fails with an exception that names the node, the component and the port.</summary>
public sealed class SpawnErrorTests
{
    /// <summary>Runs <paramref name="act"/> in the parent's Receive (one initial packet) and returns what it threw.</summary>
    private static async Task<Exception?> ThrownInReceive(Action<ActorContext> act)
    {
        Exception? thrown = null;
        Component parent = Component.FromFunc(ParentPorts("test/Parent"), context =>
        {
            try
            {
                act(context);
            }
            catch (Exception ex)
            {
                thrown = ex;
            }
        });
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", parent)
            .AddInitial("parent", "in", Message.Integer(1))
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
        Assert.True(result.Completed);
        Assert.Equal(0, network.LiveChildren); // a child spawned before the failing call is still collected
        return thrown;
    }

    [Fact]
    public async Task A_reply_port_the_parent_does_not_have_is_named_with_the_ports_it_has()
    {
        Exception? ex = await ThrownInReceive(context => context.Spawn(Doubler(), new SpawnOptions { ReplyTo = "answers" }));

        ArgumentException error = Assert.IsType<ArgumentException>(ex, exactMatch: false);
        Assert.Contains("Node 'parent' (component 'test/Parent') has no in-port 'answers'", error.Message);
        Assert.Contains("component 'test/Doubler'", error.Message);
        Assert.Contains("it has: in, results", error.Message);
    }

    [Fact]
    public async Task A_child_with_no_out_port_cannot_send_replies()
    {
        Component sink = Component.FromFunc(new ComponentDescription("test/Sink", [new("in", PortType.Integer)]), _ => { });

        Exception? ex = await ThrownInReceive(context => context.Spawn(sink, new SpawnOptions { ReplyTo = "results" }));

        Assert.Contains("in-port 'results', but component 'test/Sink' has no out-port", Assert.IsType<ArgumentException>(ex).Message);
    }

    [Fact]
    public async Task A_child_out_port_whose_type_does_not_fit_the_reply_port_is_named()
    {
        Component texts = Component.FromFunc(new ComponentDescription("test/Texts", [new("in", PortType.Integer)], [new("text", PortType.String)]), _ => { });
        Exception? ex = null;
        Component parent = Component.FromFunc(new ComponentDescription("test/IntParent", [new("in"), new("numbers", PortType.Integer)], []), context =>
        {
            ex = Record.Exception(() => context.Spawn(texts, new SpawnOptions { ReplyTo = "numbers" }));
        });
        await using Network network = Network.Create(
            new NetworkBuilder().AddNode("parent", parent).AddInitial("parent", "in", Message.Integer(1)).Build(_ => null), new NetworkOptions { WorkerCount = 1 });
        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Contains("Node 'parent' cannot wire out-port 'text' (String) of component 'test/Texts' to its in-port 'numbers' (Integer)", Assert.IsType<ArgumentException>(ex).Message);
    }

    [Fact]
    public async Task A_child_with_no_in_port_that_is_not_a_source_cannot_be_spawned()
    {
        Component nothing = Component.FromFunc(new ComponentDescription("test/Nothing", outPorts: [new("out", PortType.Integer)]), _ => { });

        Exception? ex = await ThrownInReceive(context => context.Spawn(nothing));

        Assert.Contains("Node 'parent' cannot spawn component 'test/Nothing': it has no in-port", Assert.IsType<ArgumentException>(ex).Message);
    }

    [Fact]
    public async Task An_unknown_in_port_of_the_child_is_named_with_the_ones_it_has()
    {
        Exception? ex = await ThrownInReceive(context =>
        {
            ChildActor child = context.Spawn(Doubler());
            try
            {
                context.Send(child, "input", Message.Integer(1));
            }
            finally
            {
                context.Complete(child);
            }
        });

        ArgumentException error = Assert.IsType<ArgumentException>(ex);
        Assert.Contains("Node 'parent' sent to in-port 'input' of child 'parent/1', but component 'test/Doubler' has no such in-port; it has: in", error.Message);
    }

    [Fact]
    public async Task An_in_port_index_the_child_does_not_have_is_out_of_range()
    {
        Exception? ex = await ThrownInReceive(context =>
        {
            ChildActor child = context.Spawn(Doubler());
            context.Complete(child);
            ChildActor other = context.Spawn(Doubler());
            try
            {
                context.Send(other, 3, Message.Integer(1));
            }
            finally
            {
                context.Complete(other);
            }
        });

        Assert.Contains("Child 'parent/2' (component 'test/Doubler') has no in-port 3", Assert.IsType<ArgumentOutOfRangeException>(ex).Message);
    }

    [Fact]
    public async Task Sending_after_completing_a_child_is_refused()
    {
        Exception? ex = await ThrownInReceive(context =>
        {
            ChildActor child = context.Spawn(Doubler());
            context.Complete(child);
            context.Complete(child); // twice: nothing changes
            context.Send(child, Message.Integer(1));
        });

        Assert.Contains("Node 'parent' sent to child 'parent/1' after completing its input", Assert.IsType<InvalidOperationException>(ex).Message);
    }

    private sealed class SpawnsInOnStart : Actor
    {
        public Exception? Thrown { get; private set; }

        public override void OnStart(ActorContext context) => Thrown = Record.Exception(() => context.Spawn(Doubler()));

        public override void Receive(ActorContext context)
        {
        }
    }

    [Fact]
    public async Task Spawning_outside_an_invocation_is_refused_naming_the_node_and_component()
    {
        SpawnsInOnStart? actor = null;
        ChildActor? spawned = null;
        Exception? fromOtherThread = null;
        Component other = Component.FromFunc(ParentPorts("test/Other"), context =>
        {
            // Another thread, while this actor's Receive waits for it: not the actor's own thread.
            fromOtherThread = Task.Run(() => Record.Exception(() => context.Spawn(Doubler()))).GetAwaiter().GetResult();
            spawned = context.Spawn(Doubler());
            context.Complete(spawned);
        });
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("starter", Component.FromFactory(ParentPorts("test/Starter"), () => actor = new SpawnsInOnStart()))
            .AddNode("other", other)
            .AddInitial("other", "in", Message.Integer(1))
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Contains("Node 'starter' (component 'test/Starter') tried to spawn a child outside an invocation", Assert.IsType<InvalidOperationException>(actor!.Thrown).Message);
        Assert.Contains("Node 'other' (component 'test/Other') tried to spawn a child outside an invocation", Assert.IsType<InvalidOperationException>(fromOtherThread).Message);
        Assert.True(spawned!.IsCollected); // on its own thread, the same actor spawns
    }

    [Fact]
    public async Task A_child_can_be_used_only_by_the_parent_that_spawned_it()
    {
        ChildActor? first = null;
        Exception? ex = null;
        Component parent = Component.FromFunc(ParentPorts("test/Parent"), context =>
        {
            if (first is null)
            {
                first = context.Spawn(Doubler());
                context.Complete(first);
            }
            else
            {
                ex = Record.Exception(() => context.Send(first, Message.Integer(1)));
            }
        });
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("a", parent)
            .AddNode("b", parent)
            .AddInitial("a", "in", Message.Integer(1))
            .AddInitial("b", "in", Message.Integer(1))
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Contains("did not spawn child 'a/1': only the parent that spawned a child can use it", Assert.IsType<ArgumentException>(ex).Message);
    }

    [Fact]
    public void A_context_that_is_not_a_running_networks_cannot_spawn()
    {
        var output = new Reflow.Tests.Actors.RecordingOutput();
        ActorContext context = new("node", ParentPorts("test/Parent"), ActorConfiguration.Create("node", "test/Parent"), output);

        Assert.Contains("only by an actor of a running network", Assert.Throws<InvalidOperationException>(() => context.Spawn(Doubler())).Message);
    }
}
