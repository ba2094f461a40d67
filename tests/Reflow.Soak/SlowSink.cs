using Reflow.Actors;

namespace Reflow.Soak;

/// <summary>
/// A slow consumer: records what it receives and sleeps a millisecond on every eighth message, so its (often small)
/// in-edges fill and backpressure holds its producers. It may block, so it runs on the blocking pool, never a worker.
/// </summary>
[Component("soak/SlowSink", Description = "Records every soak message it receives, pausing now and then.", MayBlock = true)]
[InPort("in", PortType.String)]
internal sealed class SlowSink(GraphState state) : Actor
{
    private long _received;

    public override void Receive(ActorContext context)
    {
        state.Received(context.NodeId, SoakMessage.TryParse(context.Message)
            ?? throw new InvalidDataException($"Node '{context.NodeId}' received '{context.Message}', not a soak message (from|id|fault)."));
        if (++_received % 8 == 0)
        {
            state.Faults.Add(FaultKind.SlowConsumer);
            Thread.Sleep(1);
        }
    }
}
