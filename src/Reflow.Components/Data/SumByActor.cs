using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/SumBy: the sum of a value per key, emitted at the end of the stream or of each bracket group.</summary>
[Component("data/SumBy", Description = "Sums 'value' (an expression; 'value' is the item) over the stream, per 'key' (an expression) when set, and emits the sums at the end of the stream, or at the end of each bracket group (before its close bracket): one Object {key: sum} in order of first appearance, or with 'emit' \"entries\" one {\"key\": k, \"sum\": s} per key. Without 'key' it emits the one sum (0 for an empty stream). A sum stays an Integer while every term is an Integer and it fits, else it is a Float. A key must be a String, number, Boolean or null. Memory grows with the distinct keys, not with the items.")]
[InPort("in", Description = "The items.")]
[OutPort("out", Description = "The sums.")]
[OutPort("error", PortType.Error, Description = "An item whose key or value fails, a key that is not a String, number, Boolean or null, or a value that is not a number (not added).")]
[Config("value", ConfigType.String, DefaultJson = "\"value\"", Description = "The number to add, e.g. \"value.bytes\".")]
[Config("key", ConfigType.String, Description = "The key of an item, e.g. \"value.path\" (absent: one sum of everything).")]
[Config("emit", ConfigType.String, DefaultJson = "\"object\"", OneOf = "object|entries", Description = "One Object of sums, or one {key, sum} message per key.")]
internal sealed class SumByActor : KeyedAggregate<NumberSum>
{
    private MessageExpression _value = null!;

    protected override string FigureName => "sum";

    protected override void ConfigureFigure(ActorContext context) => _value = ParseExpression(context, "value", "value", "value");

    protected override Message ToMessage(in NumberSum figure) => figure.ToMessage();

    protected override bool TryAdd(ActorContext context, ref NumberSum figure, in Message item)
    {
        _value.Set(0, item);
        if (!TryEvaluate(context, _value, out Message term))
        {
            return false;
        }

        if (!MessageComparer.IsNumber(term))
        {
            Fail(context, $"the value of {item} is {term}; a value must be a number (Integer or Float)");
            return false;
        }

        figure.Add(term);
        return true;
    }

    protected override void Merge(ref NumberSum into, in NumberSum other) => into.Add(other);
}
