using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Maths;

/// <summary>math/Round: rounds Floats to a number of decimals; Integers pass unchanged.</summary>
[Component("math/Round", Description = "Rounds each Float to 'digits' decimals ('toEven': banker's rounding; 'awayFromZero': 2.5 → 3; 'down'/'up': toward -∞/+∞). With 'digits' 0 and 'integer', the result is an Integer. Integers pass unchanged.")]
[InPort("in", PortType.Float, Description = "A number.")]
[OutPort("out", PortType.Float, Description = "The rounded number.")]
[OutPort("error", PortType.Error, Description = "Input that is not a number, or a value too large for an Integer result.")]
[Config("digits", ConfigType.Integer, DefaultJson = "0", Minimum = 0, Description = "Decimals to keep (0-15).")]
[Config("mode", ConfigType.String, DefaultJson = "\"awayFromZero\"", OneOf = "awayFromZero|toEven|down|up", Description = "How halves and fractions go.")]
[Config("integer", ConfigType.Boolean, DefaultJson = "false", Description = "With 'digits' 0: emit an Integer.")]
internal sealed class RoundActor : StandardActor
{
    private int _digits;
    private MidpointRounding _mode;
    private bool _integer;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _digits = System.Math.Min(GetInt32(context, "digits", 0), 15);
        _mode = context.Configuration.GetString("mode", "awayFromZero") switch
        {
            "toEven" => MidpointRounding.ToEven,
            "down" => MidpointRounding.ToNegativeInfinity,
            "up" => MidpointRounding.ToPositiveInfinity,
            _ => MidpointRounding.AwayFromZero,
        };
        _integer = context.Configuration.GetBoolean("integer", false) && _digits == 0;
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        Message value = context.Message;
        if (value.Kind == MessageKind.Integer)
        {
            context.Emit(_out, value);
            return;
        }

        if (!value.TryGetFloat(out double real))
        {
            FailType(context, "a number (Integer or Float)", value);
            return;
        }

        double rounded = System.Math.Round(real, _digits, _mode);
        if (!_integer)
        {
            context.Emit(_out, Message.Float(rounded));
        }
        else if (rounded >= -9.223372036854775808e18 && rounded < 9.223372036854775808e18)
        {
            context.Emit(_out, Message.Integer((long)rounded));
        }
        else
        {
            Fail(context, $"{value} rounds to {rounded}, which is not an Integer in 64 bits");
        }
    }
}
