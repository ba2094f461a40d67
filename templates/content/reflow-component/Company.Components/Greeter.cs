using Reflow.Actors;
using Reflow.Messages;

namespace Company.Components;

/// <summary>Greets each name it receives. One actor is made per node, so fields are the node's own state.</summary>
[Component("Company.Components/Greeter", Description = "Turns each name into a greeting.")]
[InPort("in", PortType.String, Description = "A name.")]
[OutPort("out", PortType.String, Description = "\"Hello, <name>!\".")]
public sealed class Greeter : Actor
{
    private OutPort _out;

    /// <inheritdoc />
    public override void OnStart(ActorContext context) => _out = context.OutPort("out"); // resolved once, not per message

    /// <inheritdoc />
    public override void Receive(ActorContext context) =>
        context.Emit(_out, Message.String($"Hello, {context.Message.AsString()}!"));
}
