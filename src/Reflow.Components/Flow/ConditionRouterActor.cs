using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;

namespace Reflow.Components.Flow;

/// <summary>
/// Sends each message to one of two out-ports by a condition (configuration <c>condition</c>, variable <c>value</c>):
/// the first port when it holds, the second when not. flow/Branch and flow/Filter differ only in their port names.
/// </summary>
internal abstract class ConditionRouterActor(string whenTrue, string whenFalse) : StandardActor
{
    private MessageExpression _condition = null!;
    private OutPort _true;
    private OutPort _false;

    protected sealed override void Start(ActorContext context)
    {
        _condition = ParseExpression(context, "condition", null, "value");
        _true = context.OutPort(whenTrue);
        _false = context.OutPort(whenFalse);
    }

    protected sealed override void Handle(ActorContext context)
    {
        _condition.Set(0, context.Message);
        bool holds;
        try
        {
            holds = _condition.EvaluateCondition();
        }
        catch (ExpressionException ex)
        {
            Fail(context, $"{ex.Message}, for {context.Message}");
            return;
        }

        context.Emit(holds ? _true : _false, context.Message);
    }
}
