using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Tests.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Spawning;

/// <summary>
/// Once a child is spawned, its edges allocate nothing per message: the parent keeps a window of messages in flight to
/// one child and sends the next per reply; it reads its worker thread's allocation counter (the child's worker too) at
/// two points, so the difference is everything the parent, the child and the runtime allocated in between.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class SpawnAllocationTests
{
    private const long WarmUp = 100_000;
    private const long Measured = 1_000_000;
    private const int Window = 16;

    private sealed class Pump(Component child) : Actor
    {
        private ChildActor? _child;
        private long _sent;
        private long _replies;

        public long[] Bytes { get; } = new long[2];

        public long Sum { get; private set; }

        public override void Receive(ActorContext context)
        {
            if (context.InPortIndex == 0)
            {
                _child = context.Spawn(child, new SpawnOptions { ReplyTo = "results", Capacity = 4 }); // a window of 16 into 4: held back often
                for (int i = 0; i < Window; i++)
                {
                    context.Send(_child, Message.Integer(_sent++));
                }

                return;
            }

            Sum += context.Message.AsInteger();
            _replies++;
            if (_replies == WarmUp)
            {
                Bytes[0] = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_replies == WarmUp + Measured)
            {
                Bytes[1] = GC.GetAllocatedBytesForCurrentThread();
            }

            if (_sent < WarmUp + Measured)
            {
                context.Send(_child!, Message.Integer(_sent++));
            }
            else if (_sent == _replies)
            {
                context.Complete(_child!);
            }
        }
    }

    [Fact]
    public async Task A_parent_and_its_child_allocate_nothing_per_message_once_the_child_is_spawned()
    {
        Pump? pump = null;
        Component echo = Component.FromFunc(
            new ComponentDescription("test/Echo", [new("in", PortType.Integer)], [new("out", PortType.Integer)]), context => context.Emit("out", context.Message));
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", Component.FromFactory(SpawningComponents.ParentPorts("test/Pump"), () => pump = new Pump(echo)))
            .AddInitial("parent", "in", Message.Integer(0))
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        long total = WarmUp + Measured;
        Assert.True(result.Completed);
        Assert.Equal(total * (total - 1) / 2, pump!.Sum);
        Assert.Equal(0, pump.Bytes[1] - pump.Bytes[0]);
        Assert.Equal(0, network.LiveChildren);
    }
}
