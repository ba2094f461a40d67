using Reflow.Actors;
using Reflow.Messages;

namespace Company.Host;

/// <summary>The host's own component: one class, attributes for its ports, <c>Receive</c> for each message.</summary>
[Component("Company.Host/Exclaim", Description = "Ends each text with an exclamation mark.")]
[InPort("in", PortType.String, Description = "A text.")]
[OutPort("out", PortType.String, Description = "The text and \"!\".")]
public sealed class Exclaim : Actor
{
    private OutPort _out;

    /// <inheritdoc />
    public override void OnStart(ActorContext context) => _out = context.OutPort("out"); // resolved once, not per message

    /// <inheritdoc />
    public override void Receive(ActorContext context) =>
        context.Emit(_out, Message.String(context.Message.AsString() + "!"));
}
