using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;
using static Reflow.Tests.Spawning.SpawningComponents;

namespace Reflow.Tests.Spawning;

/// <summary>
/// What a parent sends a fresh child waits for the child's start (the worker's stack of fresh children): the order of
/// each edge must survive the three ways out of that wait — the start itself, an out-buffer the parent needs first
/// (the child's edge full), and the parent's own sends while the child starts (its replies reaching the parent inline).
/// </summary>
public sealed class FreshChildOrderTests
{
    [Theory]
    [InlineData(1)] // full after every message: the second send holds the parent back, the first must go before it
    [InlineData(4)]
    [InlineData(1024)] // everything waits for the start
    public async Task What_a_parent_sends_a_fresh_child_in_one_call_arrives_in_order_whatever_the_capacity(int capacity)
    {
        var received = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", Dispatcher(Doubler(), capacity))
            .AddNode("sink", Collect(received))
            .AddInitial("parent", "in", Message.Integer(300))
            .Connect("parent", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.True(result.Completed);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => 2L * i), received.Select(m => m.AsInteger()));
        Assert.Equal(0, network.LiveChildren);
    }

    [Fact]
    public async Task A_parent_that_sends_again_while_its_fresh_child_starts_keeps_the_order()
    {
        // The parent sends 0, 1, 2 in its first call; the child echoes each at once, so the echo of 0 reaches the parent
        // (inline) while 1 and 2 still wait for the child's start, and the parent sends 3 then: 3 must come after 2.
        var seen = new ConcurrentQueue<long>();
        Component echo = Component.FromFunc(
            new ComponentDescription("test/Echo", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
            context =>
            {
                seen.Enqueue(context.Message.AsInteger());
                context.Emit("out", context.Message);
            });
        var echoes = new ConcurrentQueue<long>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", Component.FromFactory(ParentPorts("test/Resender"), () => new Resender(echo, echoes)))
            .AddInitial("parent", "in", Message.Integer(0))
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.True(result.Completed);
        Assert.Equal(Enumerable.Range(0, Resender.Total).Select(i => (long)i), seen);
        Assert.Equal(Enumerable.Range(0, Resender.Total).Select(i => (long)i), echoes);
        Assert.Equal(0, network.LiveChildren);
    }

    private sealed class Resender(Component child, ConcurrentQueue<long> echoes) : Actor
    {
        public const int Total = 50;
        private ChildActor? _child;
        private long _next;

        public override void Receive(ActorContext context)
        {
            if (context.InPortName == "in")
            {
                _child = context.Spawn(child, new SpawnOptions { ReplyTo = "results", Capacity = 8 });
                for (int i = 0; i < 3; i++)
                {
                    context.Send(_child, Message.Integer(_next++));
                }

                return;
            }

            echoes.Enqueue(context.Message.AsInteger());
            if (_next < Total)
            {
                context.Send(_child!, Message.Integer(_next++));
            }
            else if (echoes.Count == Total)
            {
                context.Complete(_child!);
            }
        }
    }
}
