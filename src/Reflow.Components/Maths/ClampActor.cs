using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Maths;

/// <summary>math/Clamp: limits numbers to a range.</summary>
[Component("math/Clamp", Description = "Limits each number to ['min', 'max']: below min gives min, above max gives max. The kind is kept when the bound is of the same kind.")]
[InPort("in", PortType.Float, Description = "A number.")]
[OutPort("out", PortType.Float, Description = "The number within the range.")]
[OutPort("error", PortType.Error, Description = "Input that is not a number, or NaN.")]
[Config("min", ConfigType.Number, Required = true, Description = "The lower bound.")]
[Config("max", ConfigType.Number, Required = true, Description = "The upper bound (at least 'min').")]
internal sealed class ClampActor : StandardActor
{
    private Message _min;
    private Message _max;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        context.Configuration.TryGetValue("min", out _min);
        context.Configuration.TryGetValue("max", out _max);
        if (Arithmetic.ToDouble(_min) > Arithmetic.ToDouble(_max))
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'min' ({_min}) is above 'max' ({_max})"]);
        }

        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        Message value = context.Message;
        if (!Arithmetic.IsNumber(value) || (value.TryGetFloat(out double real) && double.IsNaN(real)))
        {
            FailType(context, "a number (Integer or Float, not NaN)", value);
            return;
        }

        Arithmetic.TryApply(BinaryOperation.Max, value, _min, out Message raised, out _);
        Arithmetic.TryApply(BinaryOperation.Min, raised, _max, out Message clamped, out _);
        context.Emit(_out, clamped);
    }
}
