using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>
/// Components with addressable ports, and a registry of them whose sink records what arrives with the index it
/// arrived on.
/// </summary>
internal sealed class AddressableComponents
{
    /// <summary>The Integers <c>test/Values</c> emits: two for index 0, two for index 1 (see <c>test/Route</c>), then one for every index.</summary>
    public static readonly long[] Values = [5, 105, 6, 106, -1];

    /// <summary>What reached <c>test/Sink</c> nodes: the node, in-port name, <see cref="ActorContext.InPortElement"/> and value, in arrival order.</summary>
    public ConcurrentQueue<(string Node, string Port, int Element, long Value)> Received { get; } = new();

    public ComponentRegistry CreateRegistry() => new ComponentRegistry().Add(ValuesSource()).Add(Route()).Add(Sink(Received));

    /// <summary>What the sink <paramref name="node"/> received on index <paramref name="element"/> of <c>in</c>, in order.</summary>
    public long[] At(string node, int element) =>
        [.. Received.Where(r => r.Node == node && r.Port == "in" && r.Element == element).Select(r => r.Value)];

    /// <summary><c>test/Values</c>: a source of <see cref="Values"/>.</summary>
    public static Component ValuesSource() => Component.FromFactory(
        new ComponentDescription("test/Values", outPorts: [new("out", PortType.Integer)]),
        () => new ValuesActor());

    /// <summary>
    /// <c>test/Route</c>: sends an Integer v ≥ 0 to index v / 100 of its addressable <c>out</c> (indexes 0 to 3), and
    /// one below 0 to every index; emits the width of <c>out</c> on <c>width</c> when it starts.
    /// </summary>
    public static Component Route() => Component.FromFactory(
        new ComponentDescription(
            "test/Route",
            [new("in", PortType.Integer)],
            [new("out", PortType.Integer) { Addressable = true, MaxIndex = 3 }, new("width", PortType.Integer)]),
        () => new RouteActor());

    /// <summary><c>test/Sink</c>: records every message with its port and index; <c>in</c> is addressable, <c>plain</c> is not.</summary>
    public static Component Sink(ConcurrentQueue<(string, string, int, long)> into) => Component.FromFunc(
        new ComponentDescription("test/Sink", [new("in", PortType.Integer) { Addressable = true }, new("plain", PortType.Integer)], []),
        context => into.Enqueue((context.NodeId, context.InPortName, context.InPortElement, context.Message.AsInteger())));

    private sealed class ValuesActor : SourceActor
    {
        public override SourceStatus Produce(ActorContext context)
        {
            foreach (long value in Values)
            {
                context.Emit("out", Message.Integer(value));
            }

            return SourceStatus.Done;
        }
    }

    private sealed class RouteActor : Actor
    {
        private OutPort _out;

        public override void OnStart(ActorContext context)
        {
            _out = context.OutPort("out");
            context.Emit("width", Message.Integer(context.OutPortWidth(_out)));
        }

        public override void Receive(ActorContext context)
        {
            long value = context.Message.AsInteger();
            if (value < 0)
            {
                context.Emit(_out, context.Message);
            }
            else
            {
                context.Emit(_out, (int)(value / 100), context.Message);
            }
        }
    }
}
