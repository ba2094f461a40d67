using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/GroupBy: an Array becomes an Object of Arrays by key.</summary>
[Component("data/GroupBy", Description = "Groups the elements of each Array by 'key' (an expression; 'value', 'index') into an Object {key: [elements]}, keys in order of first appearance, elements in their order. A key must be a String, number, Boolean or null (as text: \"null\", \"true\", \"1.5\").")]
[InPort("in", PortType.Array, Description = "An Array.")]
[OutPort("out", PortType.Object, Description = "The groups.")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array, a failing key, or a key that is an Array or Object.")]
[Config("key", ConfigType.String, Required = true, Description = "The group of an element, e.g. \"value.country\".")]
internal sealed class GroupByActor() : ArrayExpressionActor("key", null, "value", "index")
{
    protected override Message Apply(ImmutableArray<Message> items, ref int index)
    {
        var groups = new Dictionary<string, List<Message>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (index = 0; index < items.Length; index++)
        {
            Message key = Evaluate(items[index], index);
            string name = key.Kind switch
            {
                MessageKind.String => key.AsString(),
                MessageKind.Integer or MessageKind.Float or MessageKind.Boolean or MessageKind.Null => MessageJson.ToJson(key),
                _ => throw new InvalidOperationException($"the key of element {index} ({items[index]}) is {key}; a key must be a String, number, Boolean or null"),
            };
            if (!groups.TryGetValue(name, out List<Message>? group))
            {
                groups[name] = group = [];
                order.Add(name);
            }

            group.Add(items[index]);
        }

        MessageObject.Builder result = MessageObject.CreateBuilder(order.Count);
        foreach (string name in order)
        {
            result.Add(name, Message.Array(groups[name]));
        }

        return Message.Object(result.ToMessageObject());
    }
}
