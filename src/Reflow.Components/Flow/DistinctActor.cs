using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>flow/Distinct: each item whose key was not seen before in its group.</summary>
[Component("flow/Distinct", Description = "Passes an item on at once when its 'key' (an expression; 'value' is the item; the item itself by default) was not seen before in the stream, or in its bracket group (brackets are forwarded); the repeats are discarded. Keys compare by value and kind (1 and 1.0 differ). Memory: every distinct key of the stream (or group) is kept until its end, so on an endless stream use a key with few values.")]
[InPort("in", Description = "The items.")]
[OutPort("out", Description = "The first item of each key.")]
[OutPort("error", PortType.Error, Description = "An item whose key fails (not passed).")]
[Config("key", ConfigType.String, DefaultJson = "\"value\"", Description = "What makes two items the same, e.g. \"value.id\".")]
internal sealed class DistinctActor : GroupedAggregate<HashSet<Message>>
{
    private MessageExpression? _key; // null: the item itself, without evaluating anything
    private OutPort _out;

    protected override void Configure(ActorContext context)
    {
        string key = context.Configuration.GetString("key", "value");
        _key = key.Trim() == "value" ? null : ParseExpression(context, "key", "value", "value");
        _out = context.OutPort("out");
    }

    protected override HashSet<Message> CreateGroup() => [];

    protected override void Reset(HashSet<Message> group) => group.Clear();

    protected override void Add(ActorContext context, HashSet<Message> group, in Message item)
    {
        Message key = item;
        if (_key is not null)
        {
            _key.Set(0, item);
            if (!TryEvaluate(context, _key, out key))
            {
                return;
            }
        }

        if (group.Add(key))
        {
            context.Emit(_out, item);
        }
    }

    protected override void Complete(ActorContext context, HashSet<Message> group)
    {
    }
}
