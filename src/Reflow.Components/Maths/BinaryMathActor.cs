using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Maths;

/// <summary>
/// math/Add, Subtract, Multiply, Divide, Modulo, Power, Min and Max: each number on <c>in</c> is combined with the
/// latest number on <c>operand</c> (an initial packet, usually) and the result emitted. Scalars only, so a message
/// costs no allocation (see <see cref="Arithmetic"/> for the numeric rules).
/// </summary>
internal sealed class BinaryMathActor(BinaryOperation operation) : StandardActor
{
    private const int In = 0;

    private Message _operand;
    private bool _hasOperand;
    private OutPort _out;

    /// <summary>The description of the component for <paramref name="operation"/>.</summary>
    public static ComponentDescription Describe(BinaryOperation operation, string does) => new(
        "math/" + operation,
        [
            new PortDefinition("in", PortType.Float, "A number (Integer or Float)."),
            new PortDefinition("operand", PortType.Float, "The right-hand number; the latest one is used for every later input.", Required: true),
        ],
        [
            new PortDefinition("out", PortType.Float, "The result: an Integer when both numbers are Integers (except for Divide), else a Float."),
            new PortDefinition("error", PortType.Error, "Input that is not a number, input before any operand, division or modulo by zero, Integer overflow."),
        ],
        $"{does} Two Integers give an Integer (overflow is an error), a Float on either side gives a Float.");

    protected override void Start(ActorContext context) => _out = context.OutPort("out");

    protected override void Handle(ActorContext context)
    {
        Message value = context.Message;
        if (!Arithmetic.IsNumber(value))
        {
            FailType(context, "a number (Integer or Float)", value);
            return;
        }

        if (context.InPortIndex != In)
        {
            _operand = value;
            _hasOperand = true;
        }
        else if (!_hasOperand)
        {
            Fail(context, $"{value} arrived before any operand; send the operand first (an initial packet on 'operand')");
        }
        else if (Arithmetic.TryApply(operation, value, _operand, out Message result, out string? problem))
        {
            context.Emit(_out, result);
        }
        else
        {
            Fail(context, $"{problem}: {value} and operand {_operand}");
        }
    }
}
