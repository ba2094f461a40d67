using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// The base of data/Map and data/Sort: one expression from the configuration applied over the elements
/// of each Array; input that is not an Array, or an element the expression fails on, is reported (with its index)
/// and that Array gives no result.
/// </summary>
internal abstract class ArrayExpressionActor(string key, string? fallback, params string[] variables) : StandardActor
{
    private OutPort _out;

    /// <summary>The parsed expression; its variables are in the order given to the constructor.</summary>
    protected MessageExpression Expression { get; private set; } = null!;

    protected override void Start(ActorContext context)
    {
        Expression = ParseExpression(context, key, fallback, variables);
        _out = context.OutPort("out");
        Configure(context);
    }

    /// <summary>Reads the rest of the configuration.</summary>
    protected virtual void Configure(ActorContext context)
    {
    }

    protected sealed override void Handle(ActorContext context)
    {
        if (!context.Message.TryGetArray(out ImmutableArray<Message> items))
        {
            FailType(context, "an Array", context.Message);
            return;
        }

        int index = -1;
        try
        {
            Message result = Apply(items, ref index);
            context.Emit(_out, result);
        }
        catch (ExpressionException ex)
        {
            Fail(context, $"{ex.Message}, for element {index} ({items[index]})");
        }
        catch (InvalidOperationException ex)
        {
            Fail(context, ex.Message);
        }
    }

    /// <summary>The result for <paramref name="items"/>; <paramref name="index"/> tracks the element being evaluated, for reports.</summary>
    /// <exception cref="ExpressionException">The expression failed on element <paramref name="index"/>.</exception>
    /// <exception cref="InvalidOperationException">The results cannot be combined (the message says why).</exception>
    protected abstract Message Apply(ImmutableArray<Message> items, ref int index);

    /// <summary>Evaluates the expression for element <paramref name="index"/> (variables value, index).</summary>
    protected Message Evaluate(in Message item, int index)
    {
        Expression.Set(0, item);
        Expression.Set(1, Message.Integer(index));
        return Expression.Evaluate();
    }
}
