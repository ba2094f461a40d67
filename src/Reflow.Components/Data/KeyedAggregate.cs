using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// The base of data/CountBy and data/SumBy: an optional <c>key</c> expression (variable <c>value</c>) sorts the items
/// into a <see cref="KeyedTable{T}"/> per group; without a key every item counts towards one total. The result is one
/// Object {key: figure} in order of first arrival, or with <c>emit: "entries"</c> one {key, …} message per key.
/// </summary>
/// <typeparam name="T">The figure kept per key.</typeparam>
internal abstract class KeyedAggregate<T> : GroupedAggregate<KeyedAggregate<T>.Group>
{
    private MessageExpression? _key;
    private bool _entries;
    private OutPort _out;

    /// <summary>The name of the figure in an entry ("count", "sum").</summary>
    protected abstract string FigureName { get; }

    /// <summary>The figure of a group without a key, or of a key, as a message.</summary>
    protected abstract Message ToMessage(in T figure);

    /// <summary>Adds <paramref name="item"/> to <paramref name="figure"/>; false (reported) when the item is bad input.</summary>
    protected abstract bool TryAdd(ActorContext context, ref T figure, in Message item);

    /// <summary>Adds <paramref name="other"/> into <paramref name="into"/>: two keys that name one field (String "1" and Integer 1).</summary>
    protected abstract void Merge(ref T into, in T other);

    /// <summary>Reads the component's own configuration.</summary>
    protected virtual void ConfigureFigure(ActorContext context)
    {
    }

    protected sealed override void Configure(ActorContext context)
    {
        if (context.Configuration.TryGetValue("key", out _))
        {
            _key = ParseExpression(context, "key", null, "value");
        }

        _entries = context.Configuration.GetString("emit", "object") == "entries";
        _out = context.OutPort("out");
        ConfigureFigure(context);
    }

    protected sealed override Group CreateGroup() => new();

    protected sealed override void Reset(Group group)
    {
        group.Total = default!;
        group.Keys.Clear();
    }

    protected sealed override void Add(ActorContext context, Group group, in Message item)
    {
        if (_key is null)
        {
            TryAdd(context, ref group.Total, item);
            return;
        }

        _key.Set(0, item);
        if (!TryEvaluate(context, _key, out Message key))
        {
            return;
        }

        if (!GroupKey.IsValid(key))
        {
            Fail(context, $"the key of {item} is {key}; {GroupKey.Expected}");
            return;
        }

        ref T figure = ref group.Keys.GetOrAdd(GroupKey.Normalize(key), out bool added);
        if (!TryAdd(context, ref figure, item) && added)
        {
            figure = default!; // the key stays, with nothing counted: it was seen
        }
    }

    protected sealed override void Complete(ActorContext context, Group group)
    {
        if (_key is null)
        {
            context.Emit(_out, ToMessage(group.Total));
            return;
        }

        KeyedTable<T> keys = group.Keys;
        if (_entries)
        {
            for (int i = 0; i < keys.Count; i++)
            {
                MessageObject.Builder entry = MessageObject.CreateBuilder(2);
                entry.Add("key", keys.KeyAt(i));
                entry.Add(FigureName, ToMessage(keys.ValueAt(i)));
                context.Emit(_out, Message.Object(entry.ToMessageObject()));
            }

            return;
        }

        // Keys are told apart by value and kind; an Object's fields by name, so keys that give one name share its field.
        var names = new Dictionary<string, int>(keys.Count, StringComparer.Ordinal);
        var figures = new List<T>(keys.Count);
        var order = new List<string>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            string name = GroupKey.Name(keys.KeyAt(i));
            if (names.TryGetValue(name, out int at))
            {
                T merged = figures[at];
                Merge(ref merged, keys.ValueAt(i));
                figures[at] = merged;
                continue;
            }

            names[name] = figures.Count;
            figures.Add(keys.ValueAt(i));
            order.Add(name);
        }

        MessageObject.Builder result = MessageObject.CreateBuilder(order.Count);
        for (int i = 0; i < order.Count; i++)
        {
            result.Add(order[i], ToMessage(figures[i]));
        }

        context.Emit(_out, Message.Object(result.ToMessageObject()));
    }

    /// <summary>One group's figures.</summary>
    internal sealed class Group
    {
        /// <summary>The figure without a key.</summary>
        public T Total = default!;

        /// <summary>The figure per key.</summary>
        public KeyedTable<T> Keys { get; } = new();
    }
}
