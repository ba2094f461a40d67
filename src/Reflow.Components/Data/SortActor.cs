using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/Sort: sorts an Array by a key, stably.</summary>
[Component("data/Sort", Description = "Sorts each Array by 'key' (an expression; 'value', 'index'; the element itself by default), 'asc' or 'desc', keeping the order of equal keys. Keys must all be numbers (by value), all Strings (ordinal) or all Booleans.")]
[InPort("in", PortType.Array, Description = "An Array.")]
[OutPort("out", PortType.Array, Description = "The sorted Array.")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array, a failing key, or keys that cannot be ordered together.")]
[Config("key", ConfigType.String, DefaultJson = "\"value\"", Description = "What to sort by, e.g. \"value.age\".")]
[Config("order", ConfigType.String, DefaultJson = "\"asc\"", OneOf = "asc|desc", Description = "Ascending or descending.")]
internal sealed class SortActor() : ArrayExpressionActor("key", "value", "value", "index")
{
    private bool _descending;

    protected override void Configure(ActorContext context) => _descending = context.Configuration.GetString("order", "asc") == "desc";

    protected override Message Apply(ImmutableArray<Message> items, ref int index)
    {
        var keyed = new (Message Key, int Position)[items.Length];
        for (index = 0; index < items.Length; index++)
        {
            keyed[index] = (Evaluate(items[index], index), index);
        }

        for (int i = 1; i < keyed.Length; i++)
        {
            if (!MessageComparer.CanOrder(keyed[0].Key, keyed[i].Key))
            {
                throw new InvalidOperationException($"the keys {keyed[0].Key} (element 0) and {keyed[i].Key} (element {i}) cannot be ordered together");
            }
        }

        int direction = _descending ? -1 : 1;
        Array.Sort(keyed, (a, b) =>
        {
            int order = direction * MessageComparer.Compare(a.Key, b.Key);
            return order != 0 ? order : a.Position.CompareTo(b.Position); // stable: equal keys keep their order
        });
        return Message.Array(keyed.Select(k => items[k.Position]));
    }
}
