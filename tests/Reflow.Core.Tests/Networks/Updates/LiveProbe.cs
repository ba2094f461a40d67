using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Updates;

/// <summary>What one node of a live-edit test saw: its values in order, and its lifecycle and stream hooks.</summary>
internal sealed class LiveProbe
{
    public readonly ConcurrentQueue<long> Values = new();
    public int Starts;
    public int Stops;
    public int PortsClosed;
    public int InputsClosed;

    public long[] Seen => [.. Values];

    /// <summary>
    /// A tap: records each Integer and passes it on, multiplied by its <c>factor</c> setting (1 by default); a node of
    /// it counts its starts, stops and closed ports in <paramref name="probe"/>.
    /// </summary>
    public static Component Tap(LiveProbe probe) => Component.FromFactory(
        new ComponentDescription("test/Tap", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        () => new TapActor(probe));

    /// <summary>A counter: emits how many messages it has had so far (its state lives in the actor).</summary>
    public static Component Counter(LiveProbe probe) => Component.FromFactory(
        new ComponentDescription("test/Counter", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        () => new CounterActor(probe));

    private sealed class TapActor(LiveProbe probe) : Actor
    {
        private long _factor = 1;

        public override void OnStart(ActorContext context)
        {
            Interlocked.Increment(ref probe.Starts);
            if (context.Configuration.Values.TryGetValue("factor", out Message factor))
            {
                _factor = factor.AsInteger();
            }
        }

        public override void Receive(ActorContext context)
        {
            long value = context.Message.AsInteger();
            probe.Values.Enqueue(value);
            context.Emit("out", Message.Integer(value * _factor));
        }

        public override void OnInPortClosed(ActorContext context, int inPort, int index) => Interlocked.Increment(ref probe.PortsClosed);

        public override void OnInputsClosed(ActorContext context) => Interlocked.Increment(ref probe.InputsClosed);

        public override void OnStop(ActorContext context) => Interlocked.Increment(ref probe.Stops);
    }

    private sealed class CounterActor(LiveProbe probe) : Actor
    {
        private long _count;

        public override void OnStart(ActorContext context) => Interlocked.Increment(ref probe.Starts);

        public override void Receive(ActorContext context)
        {
            _count++;
            probe.Values.Enqueue(_count);
            context.Emit("out", Message.Integer(_count));
        }

        public override void OnStop(ActorContext context) => Interlocked.Increment(ref probe.Stops);
    }
}
