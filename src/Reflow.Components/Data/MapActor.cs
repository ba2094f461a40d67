using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/Map: each element of an Array through an expression.</summary>
[Component("data/Map", Description = "Replaces each element of an Array by 'expression' (variables: 'value', the element; 'index'), e.g. \"value.price * value.qty\". An empty Array gives an empty Array.")]
[InPort("in", PortType.Array, Description = "An Array.")]
[OutPort("out", PortType.Array, Description = "The mapped Array.")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array, or an element the expression fails on (the whole Array is then reported).")]
[Config("expression", ConfigType.String, Required = true, Description = "The new element.")]
internal sealed class MapActor() : ArrayExpressionActor("expression", null, "value", "index")
{
    protected override Message Apply(ImmutableArray<Message> items, ref int index)
    {
        var mapped = new Message[items.Length];
        for (index = 0; index < items.Length; index++)
        {
            mapped[index] = Evaluate(items[index], index);
        }

        return Message.Array(mapped.AsSpan());
    }
}
