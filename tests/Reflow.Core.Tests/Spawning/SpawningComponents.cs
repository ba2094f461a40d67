using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Spawning;

/// <summary>Actors that spawn children, and the children they spawn, shared by the spawning tests.</summary>
internal static class SpawningComponents
{
    /// <summary>A child that emits twice each integer it receives.</summary>
    public static Component Doubler(ConcurrentQueue<string>? stops = null) => Component.FromFactory(
        new ComponentDescription("test/Doubler", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        () => new DoublerActor(stops));

    /// <summary>
    /// For each integer n on "in": spawns a <see cref="Doubler"/> with replies to "results" (edge capacity
    /// <paramref name="capacity"/>), sends it 0..n-1, completes it; each reply goes on to "out".
    /// </summary>
    public static Component Dispatcher(Component child, int capacity, List<ChildActor>? spawned = null) => Component.FromFactory(
        new ComponentDescription("test/Dispatcher", [new("in", PortType.Integer), new("results", PortType.Integer)], [new("out", PortType.Any)]),
        () => new DispatcherActor(child, capacity, spawned));

    public static ComponentDescription ParentPorts(string name) =>
        new(name, [new("in", PortType.Integer), new("results", PortType.Any)], [new("out", PortType.Any)]);

    private sealed class DoublerActor(ConcurrentQueue<string>? stops) : Actor
    {
        public override void Receive(ActorContext context) => context.Emit("out", Message.Integer(context.Message.AsInteger() * 2));

        public override void OnStop(ActorContext context) => stops?.Enqueue(context.NodeId);
    }

    private sealed class DispatcherActor(Component child, int capacity, List<ChildActor>? spawned) : Actor
    {
        public override void Receive(ActorContext context)
        {
            if (context.InPortName == "results")
            {
                context.Emit("out", context.Message);
                return;
            }

            ChildActor doubler = context.Spawn(child, new SpawnOptions { ReplyTo = "results", Capacity = capacity });
            spawned?.Add(doubler);
            long n = context.Message.AsInteger();
            for (long i = 0; i < n; i++)
            {
                context.Send(doubler, Message.Integer(i));
            }

            context.Complete(doubler);
        }
    }
}
