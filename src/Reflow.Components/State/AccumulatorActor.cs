using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.State;

/// <summary>state/Accumulator: a running value folded over the stream by an expression.</summary>
[Component("state/Accumulator", Description = "Keeps a running value: for each message, 'expression' computes the new value from 'acc' (the current one) and 'value' (the message), which is kept and emitted, e.g. \"acc + value\" or \"Max(acc, value.t)\". Starts at 'initial'; 'reset' goes back to it. A failing expression leaves the value unchanged and goes to 'error'.")]
[InPort("in", Description = "Any message.")]
[InPort("reset", Description = "Back to 'initial' (the message itself is ignored).")]
[OutPort("out", Description = "The new value after each message.")]
[OutPort("error", PortType.Error, Description = "The expression failed for a message.")]
[Config("expression", ConfigType.String, Required = true, Description = "The next value.")]
[Config("initial", ConfigType.Any, DefaultJson = "0", Description = "The value before the first message (any JSON).")]
internal sealed class AccumulatorActor : StandardActor
{
    private MessageExpression _expression = null!;
    private Message _initial = Message.Integer(0);
    private Message _acc;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _expression = ParseExpression(context, "expression", null, "value", "acc");
        if (context.Configuration.TryGetValue("initial", out Message initial))
        {
            _initial = initial;
        }

        _acc = _initial;
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (context.InPortIndex != 0)
        {
            _acc = _initial;
            return;
        }

        _expression.Set(0, context.Message);
        _expression.Set(1, _acc);
        if (TryEvaluate(context, _expression, out Message next, $" with acc {_acc}"))
        {
            _acc = next;
            context.Emit(_out, next);
        }
    }
}
