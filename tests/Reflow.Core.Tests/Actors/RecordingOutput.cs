using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Actors;

/// <summary>Records what an actor emits, in place of the runtime's routing (the IActorOutput seam).</summary>
internal sealed class RecordingOutput : IActorOutput
{
    public List<(int Port, Message Message)> Emitted { get; } = [];

    public void Emit(int outPort, in Message message) => Emitted.Add((outPort, message));

    public static ActorContext ContextFor(Component component, RecordingOutput output, string nodeId = "node1") =>
        new(nodeId, component.Description, ActorConfiguration.Create(nodeId, component.Description.Name, environment: _ => null), output);
}
