using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/Reduce: folds each Array, or the whole stream, into one value.</summary>
[Component("data/Reduce", Description = "Folds values into one: starting from 'initial' (the seed), 'expression' computes the next accumulator from 'acc', 'value' (the element) and 'index', e.g. \"acc + value\" or \"Max(acc, value)\". 'over' \"array\": each message is an Array, folded at once (an empty Array gives 'initial'). 'over' \"stream\": the messages are the elements, and the accumulator is emitted at the end of the stream (an empty stream gives 'initial') or of each bracket group, before its close bracket; an element the expression fails on is reported and left out.")]
[InPort("in", Description = "An Array, or with 'over' \"stream\" any message.")]
[OutPort("out", Description = "The final accumulator.")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array, or an element the expression fails on.")]
[Config("expression", ConfigType.String, Required = true, Description = "The next accumulator.")]
[Config("initial", ConfigType.Any, DefaultJson = "0", Description = "The first accumulator (any JSON value).")]
[Config("over", ConfigType.String, DefaultJson = "\"array\"", OneOf = "array|stream", Description = "Fold each Array, or the stream (per bracket group).")]
internal sealed class ReduceActor : GroupedAggregate<ReduceActor.Fold>
{
    private MessageExpression _expression = null!;
    private Message _initial = Message.Integer(0);
    private OutPort _out;

    protected override void Configure(ActorContext context)
    {
        _expression = ParseExpression(context, "expression", null, "value", "index", "acc");
        if (context.Configuration.TryGetValue("initial", out Message initial))
        {
            _initial = initial;
        }

        _out = context.OutPort("out");
        Grouping = context.Configuration.GetString("over", "array") == "stream";
    }

    protected override void Handle(ActorContext context)
    {
        if (Grouping)
        {
            base.Handle(context);
            return;
        }

        if (!context.Message.TryGetArray(out ImmutableArray<Message> items))
        {
            FailType(context, "an Array", context.Message);
            return;
        }

        Message acc = _initial;
        for (int index = 0; index < items.Length; index++)
        {
            if (!TryStep(ref acc, items[index], index, out ExpressionException? failure))
            {
                Fail(context, $"{failure.Message}, for element {index} ({items[index]})");
                return;
            }
        }

        context.Emit(_out, acc);
    }

    protected override Fold CreateGroup() => new() { Acc = _initial };

    protected override void Reset(Fold group) => (group.Acc, group.Index) = (_initial, 0);

    protected override void Add(ActorContext context, Fold group, in Message item)
    {
        long index = group.Index++;
        if (!TryStep(ref group.Acc, item, index, out ExpressionException? failure))
        {
            Fail(context, $"{failure.Message}, for element {index} ({item}) with acc {group.Acc}; it is left out");
        }
    }

    protected override void Complete(ActorContext context, Fold group) => context.Emit(_out, group.Acc);

    private bool TryStep(ref Message acc, in Message item, long index, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ExpressionException? failure)
    {
        _expression.Set(0, item);
        _expression.Set(1, Message.Integer(index));
        _expression.Set(2, acc);
        try
        {
            acc = _expression.Evaluate();
            failure = null;
            return true;
        }
        catch (ExpressionException ex)
        {
            failure = ex;
            return false;
        }
    }

    /// <summary>One group's accumulator.</summary>
    internal sealed class Fold
    {
        /// <summary>The accumulator.</summary>
        public Message Acc;

        /// <summary>The next element's index.</summary>
        public long Index;
    }
}
