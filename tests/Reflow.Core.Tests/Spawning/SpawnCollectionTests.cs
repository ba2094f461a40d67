using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Spawning;

/// <summary>Children whose work is done are collected: over many spawn/complete cycles the live children stay bounded and their cells are let go.</summary>
public sealed class SpawnCollectionTests
{
    private const int Cycles = 100_000;

    /// <summary>One child at a time: spawn, send one value, complete; the reply spawns the next. Records the most children it ever had.</summary>
    private sealed class Cycler(Component child) : Actor
    {
        private long _next;

        public long Sum { get; private set; }

        public long Replies { get; private set; }

        public int MostChildren { get; private set; }

        public List<ChildActor> Handles { get; } = new(Cycles); // kept, as a user may keep them: a handle must not keep its cell

        public override void Receive(ActorContext context)
        {
            if (context.InPortName == "results")
            {
                Sum += context.Message.AsInteger();
                Replies++;
            }

            if (_next < Cycles)
            {
                MostChildren = Math.Max(MostChildren, context.ChildCount);
                ChildActor c = context.Spawn(child, new SpawnOptions { ReplyTo = "results", Capacity = 1 });
                Handles.Add(c);
                context.Send(c, Message.Integer(_next++));
                context.Complete(c);
            }
        }
    }

    private sealed class Echo(List<WeakReference> tracked) : Actor
    {
        public override void OnStart(ActorContext context)
        {
            if (tracked.Count < 1000 && context.NodeId.EndsWith("00", StringComparison.Ordinal))
            {
                tracked.Add(new WeakReference(this)); // the actor lives as long as its cell
            }
        }

        public override void Receive(ActorContext context) => context.Emit("out", context.Message);
    }

    [Fact]
    public async Task A_hundred_thousand_spawn_and_complete_cycles_keep_at_most_two_children_alive_and_release_every_cell()
    {
        var tracked = new List<WeakReference>(); // touched on the one worker only
        Cycler? cycler = null;
        Component echo = Component.FromFactory(new ComponentDescription("test/Echo", [new("in", PortType.Integer)], [new("out", PortType.Integer)]), () => new Echo(tracked));
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", Component.FromFactory(SpawningComponents.ParentPorts("test/Cycler"), () => cycler = new Cycler(echo)))
            .AddInitial("parent", "in", Message.Integer(0))
            .Build(_ => null);
        await using (Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 }))
        {
            NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
            Assert.True(result.Completed);
            Assert.Equal(0, network.LiveChildren);
            Assert.Equal(1000, tracked.Count);
            for (int i = 0; i < 3 && tracked.Any(w => w.IsAlive); i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            // The network (and the parent's cell) still alive: nothing it holds keeps a collected child's cell.
            Assert.Equal(0, tracked.Count(w => w.IsAlive));
            GC.KeepAlive(network);
        }

        Assert.Equal(Cycles, cycler!.Replies);
        Assert.Equal((long)Cycles * (Cycles - 1) / 2, cycler.Sum);
        Assert.All(cycler.Handles, c => Assert.True(c.IsCollected));
        Assert.InRange(cycler.MostChildren, 1, 2); // the previous child is collected once its end marker follows its reply
    }
}
