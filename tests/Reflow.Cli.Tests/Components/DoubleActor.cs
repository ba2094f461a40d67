using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Cli.Tests.Components;

[Component("test/Double", Description = "Doubles an integer. Negative numbers are refused with an exception.")]
[InPort("in", PortType.Integer, Description = "The number.")]
[OutPort("out", PortType.Integer, Description = "Twice the number.")]
public sealed class DoubleActor : Actor
{
    private OutPort _out;

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override void Receive(ActorContext context)
    {
        long value = context.Message.AsInteger();
        if (value < 0)
        {
            throw new InvalidOperationException($"test/Double refuses {value}");
        }

        context.Emit(_out, Message.Integer(value * 2));
    }
}
