using Reflow.Actors;

namespace Reflow.Soak;

/// <summary>Records what it receives.</summary>
[Component("soak/Sink", Description = "Records every soak message it receives.")]
[InPort("in", PortType.String)]
internal sealed class SoakSink(GraphState state) : Actor
{
    public override void Receive(ActorContext context) =>
        state.Received(context.NodeId, SoakMessage.TryParse(context.Message)
            ?? throw new InvalidDataException($"Node '{context.NodeId}' received '{context.Message}', not a soak message (from|id|fault)."));
}
