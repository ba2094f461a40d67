using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Maths;

/// <summary>math/Abs: the absolute value, keeping the kind.</summary>
[Component("math/Abs", Description = "Emits the absolute value of each number, keeping its kind (the Integer -2^63 has none in 64 bits: an error).")]
[InPort("in", PortType.Float, Description = "A number.")]
[OutPort("out", PortType.Float, Description = "Its absolute value.")]
[OutPort("error", PortType.Error, Description = "Input that is not a number, or the Integer -2^63.")]
internal sealed class AbsActor : StandardActor
{
    private OutPort _out;

    protected override void Start(ActorContext context) => _out = context.OutPort("out");

    protected override void Handle(ActorContext context)
    {
        Message value = context.Message;
        if (value.TryGetInteger(out long integer))
        {
            if (integer == long.MinValue)
            {
                Fail(context, "Integer overflow: the absolute value of -9223372036854775808 does not fit in 64 bits");
                return;
            }

            context.Emit(_out, Message.Integer(System.Math.Abs(integer)));
        }
        else if (value.TryGetFloat(out double real))
        {
            context.Emit(_out, Message.Float(System.Math.Abs(real)));
        }
        else
        {
            FailType(context, "a number (Integer or Float)", value);
        }
    }
}
