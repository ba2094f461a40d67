using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/Reduce: folds an Array into one value.</summary>
[Component("data/Reduce", Description = "Folds each Array into one value: starting from 'initial', 'expression' computes the next accumulator from 'acc', 'value' (the element) and 'index', e.g. \"acc + value\" or \"Max(acc, value)\". An empty Array gives 'initial'.")]
[InPort("in", PortType.Array, Description = "An Array.")]
[OutPort("out", Description = "The final accumulator.")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array, or an element the expression fails on.")]
[Config("expression", ConfigType.String, Required = true, Description = "The next accumulator.")]
[Config("initial", ConfigType.Any, DefaultJson = "0", Description = "The first accumulator (any JSON value).")]
internal sealed class ReduceActor() : ArrayExpressionActor("expression", null, "value", "index", "acc")
{
    private Message _initial = Message.Integer(0);

    protected override void Configure(ActorContext context)
    {
        if (context.Configuration.TryGetValue("initial", out Message initial))
        {
            _initial = initial;
        }
    }

    protected override Message Apply(ImmutableArray<Message> items, ref int index)
    {
        Message acc = _initial;
        for (index = 0; index < items.Length; index++)
        {
            Expression.Set(2, acc);
            acc = Evaluate(items[index], index);
        }

        return acc;
    }
}
