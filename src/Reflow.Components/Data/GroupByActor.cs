using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/GroupBy: the elements of each Array, or the items of the whole stream, grouped by key.</summary>
[Component("data/GroupBy", Description = "Groups values by 'key' (an expression; 'value', 'index') into an Object {key: [values]}, keys in order of first appearance, values in their order. 'over' \"array\": each message is an Array, grouped at once. 'over' \"stream\": the messages are the values, and the Object is emitted at the end of the stream ({} for an empty stream) or of each bracket group, before its close bracket; memory then grows with the items (use data/CountBy or data/SumBy when a figure per key is enough). A key must be a String, number, Boolean or null (as text: \"null\", \"true\", \"1.5\").")]
[InPort("in", Description = "An Array, or with 'over' \"stream\" any message.")]
[OutPort("out", PortType.Object, Description = "The groups.")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array, a failing key, or a key that is an Array or Object.")]
[Config("key", ConfigType.String, Required = true, Description = "The group of an element, e.g. \"value.country\".")]
[Config("over", ConfigType.String, DefaultJson = "\"array\"", OneOf = "array|stream", Description = "Group each Array, or the stream (per bracket group).")]
internal sealed class GroupByActor : GroupedAggregate<GroupByActor.Groups>
{
    private MessageExpression _key = null!;
    private OutPort _out;

    protected override void Configure(ActorContext context)
    {
        _key = ParseExpression(context, "key", null, "value", "index");
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

        var groups = new Groups();
        for (int index = 0; index < items.Length; index++)
        {
            if (!TryAdd(groups, items[index], index, out string? problem))
            {
                Fail(context, problem);
                return;
            }
        }

        context.Emit(_out, groups.ToMessage());
    }

    protected override Groups CreateGroup() => new();

    protected override void Reset(Groups group) => group.Clear();

    protected override void Add(ActorContext context, Groups group, in Message item)
    {
        if (!TryAdd(group, item, group.Items++, out string? problem))
        {
            Fail(context, problem + "; it is left out");
        }
    }

    protected override void Complete(ActorContext context, Groups group) => context.Emit(_out, group.ToMessage());

    private bool TryAdd(Groups groups, in Message item, long index, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        _key.Set(0, item);
        _key.Set(1, Message.Integer(index));
        Message key;
        try
        {
            key = _key.Evaluate();
        }
        catch (ExpressionException ex)
        {
            problem = $"{ex.Message}, for element {index} ({item})";
            return false;
        }

        if (!GroupKey.IsValid(key))
        {
            problem = $"the key of element {index} ({item}) is {key}; {GroupKey.Expected}";
            return false;
        }

        groups.Add(GroupKey.Name(key), item);
        problem = null;
        return true;
    }

    /// <summary>One group's values per key name, in order of first appearance.</summary>
    internal sealed class Groups
    {
        private readonly Dictionary<string, List<Message>> _byName = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        /// <summary>The items added so far (the next one's index).</summary>
        public long Items;

        /// <summary>Adds <paramref name="item"/> under <paramref name="name"/>.</summary>
        public void Add(string name, in Message item)
        {
            if (!_byName.TryGetValue(name, out List<Message>? values))
            {
                _byName[name] = values = [];
                _order.Add(name);
            }

            values.Add(item);
        }

        /// <summary>The Object {key: [values]}.</summary>
        public Message ToMessage()
        {
            MessageObject.Builder result = MessageObject.CreateBuilder(_order.Count);
            foreach (string name in _order)
            {
                result.Add(name, Message.Array(_byName[name]));
            }

            return Message.Object(result.ToMessageObject());
        }

        /// <summary>Forgets every value.</summary>
        public void Clear()
        {
            _byName.Clear();
            _order.Clear();
            Items = 0;
        }
    }
}
