using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Examples.Embedding;

/// <summary>A component of the host's own: one class, attributes for its ports, <c>Receive</c> for each message.</summary>
[Component("example/ToFahrenheit", Description = "Converts a temperature in degrees Celsius to degrees Fahrenheit.")]
[InPort("in", PortType.Float, Description = "Degrees Celsius.")]
[OutPort("out", PortType.Float, Description = "Degrees Fahrenheit.")]
public sealed class ToFahrenheit : Actor
{
    private OutPort _out;

    /// <inheritdoc />
    public override void OnStart(ActorContext context) => _out = context.OutPort("out"); // resolved once, not per message

    /// <inheritdoc />
    public override void Receive(ActorContext context)
    {
        Message celsius = context.Message;
        double value = celsius.Kind == MessageKind.Integer ? celsius.AsInteger() : celsius.AsFloat();
        context.Emit(_out, Message.Float(Math.Round(value * 9 / 5 + 32, 1)));
    }
}
