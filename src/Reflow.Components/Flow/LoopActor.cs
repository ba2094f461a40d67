using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Loop: repeats a step on a value while a condition holds (both expressions with <c>value</c> and
/// <c>index</c>), emitting every intermediate value and the final one. A cap on iterations turns a runaway loop into
/// an error instead of a hang.
/// </summary>
[Component("flow/Loop", Description = "For each message: while 'condition' holds, emits the value on 'iteration' and replaces it with 'step'; then emits the final value on 'out'. Both expressions see 'value' and 'index' (0, 1, …). More than 'maxIterations' steps, or a failing expression, sends an Error to 'error'.")]
[InPort("in", Description = "The start value.")]
[OutPort("out", Description = "The value once the condition no longer holds.")]
[OutPort("iteration", Description = "Each value the condition held for, before its step.")]
[OutPort("error", PortType.Error, Description = "An expression failed, or the loop ran past 'maxIterations'.")]
[Config("condition", ConfigType.String, Required = true, Description = "Keep going while this holds, e.g. \"value < 100\".")]
[Config("step", ConfigType.String, Required = true, Description = "The next value, e.g. \"value * 2\".")]
[Config("maxIterations", ConfigType.Integer, DefaultJson = "10000", Minimum = 1, Description = "The most steps one message may take.")]
internal sealed class LoopActor : StandardActor
{
    private MessageExpression _condition = null!;
    private MessageExpression _step = null!;
    private long _maxIterations;
    private OutPort _out;
    private OutPort _iteration;

    protected override void Start(ActorContext context)
    {
        _condition = ParseExpression(context, "condition", null, "value", "index");
        _step = ParseExpression(context, "step", null, "value", "index");
        _maxIterations = context.Configuration.GetInteger("maxIterations", 10_000);
        _out = context.OutPort("out");
        _iteration = context.OutPort("iteration");
    }

    protected override void Handle(ActorContext context)
    {
        Message value = context.Message;
        try
        {
            for (long index = 0; ; index++)
            {
                Message position = Message.Integer(index);
                _condition.Set(0, value);
                _condition.Set(1, position);
                if (!_condition.EvaluateCondition())
                {
                    context.Emit(_out, value);
                    return;
                }

                if (index == _maxIterations)
                {
                    Fail(context, $"the loop over {context.Message} took more than {_maxIterations} steps (the condition still held for {value})");
                    return;
                }

                context.Emit(_iteration, value);
                _step.Set(0, value);
                _step.Set(1, position);
                value = _step.Evaluate();
            }
        }
        catch (ExpressionException ex)
        {
            Fail(context, $"{ex.Message}, in the loop over {context.Message}");
        }
    }
}
