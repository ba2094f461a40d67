using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Benchmarks.Infrastructure;

/// <summary>A source actor emitting the integers 0, 1, 2, … <c>messages</c>−1 on its port <c>out</c>, <see cref="Chunk"/> per <c>Produce</c> call.</summary>
internal sealed class CountingSource(long messages) : SourceActor
{
    /// <summary>Messages per <c>Produce</c> call: the engine regains control between chunks (backpressure, stop).</summary>
    public const int Chunk = 256;

    /// <summary>The component description of a node running it.</summary>
    public static ComponentDescription Description { get; } = new("bench/CountingSource", outPorts: [new("out", PortType.Integer)]);

    private OutPort _out;
    private long _next;

    /// <summary>A component of it for a network builder.</summary>
    public static Component Component(long messages) => Actors.Component.FromFactory(Description, () => new CountingSource(messages));

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override SourceStatus Produce(ActorContext context)
    {
        long end = Math.Min(messages, _next + Chunk);
        for (; _next < end; _next++)
        {
            context.Emit(_out, Message.Integer(_next));
        }

        return _next < messages ? SourceStatus.More : SourceStatus.Done;
    }
}
