using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Maths;

/// <summary>math/Expression: evaluates an expression per message.</summary>
[Component("math/Expression", Description = "Evaluates 'expression' for each message (the message is 'value') and emits the result, e.g. \"Sqrt(value.x ** 2 + value.y ** 2)\".")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "The result.")]
[OutPort("error", PortType.Error, Description = "The expression failed for a message (the Error says why).")]
[Config("expression", ConfigType.String, Required = true, Description = "The expression (see Expressions).")]
internal sealed class ExpressionActor : StandardActor
{
    private MessageExpression _expression = null!;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _expression = ParseExpression(context, "expression", null, "value");
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        _expression.Set(0, context.Message);
        if (TryEvaluate(context, _expression, out Message result))
        {
            context.Emit(_out, result);
        }
    }
}
