using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/Top: the n items with the largest (or smallest) value, at the end of the stream or of each bracket group.</summary>
[Component("data/Top", Description = "Keeps the 'count' items with the largest 'by' (an expression; 'value' is the item; the item itself by default), or the smallest with 'order' \"asc\", and emits them as one Array, best first, at the end of the stream or of each bracket group (before its close bracket); an empty stream gives []. Stable: of equal values the first seen ranks first. Values must all be numbers, all Strings or all Booleans. Memory: 'count' items.")]
[InPort("in", Description = "The items.")]
[OutPort("out", PortType.Array, Description = "The top items, best first.")]
[OutPort("error", PortType.Error, Description = "An item whose value fails or cannot be ordered with the others (left out).")]
[Config("count", ConfigType.Integer, Required = true, Minimum = 1, Description = "How many items to keep, e.g. 5.")]
[Config("by", ConfigType.String, DefaultJson = "\"value\"", Description = "What to rank by, e.g. \"value.count\".")]
[Config("order", ConfigType.String, DefaultJson = "\"desc\"", OneOf = "desc|asc", Description = "\"desc\": the largest first; \"asc\": the smallest first.")]
internal sealed class TopActor : GroupedAggregate<TopActor.Ranking>
{
    private MessageExpression _by = null!;
    private int _count;
    private int _direction; // 1: larger ranks first; -1: smaller
    private OutPort _out;

    protected override void Configure(ActorContext context)
    {
        _by = ParseExpression(context, "by", "value", "value");
        _count = GetInt32(context, "count", 1);
        _direction = context.Configuration.GetString("order", "desc") == "asc" ? -1 : 1;
        _out = context.OutPort("out");
    }

    protected override Ranking CreateGroup() => new(_count);

    protected override void Reset(Ranking group) => group.Clear();

    protected override void Add(ActorContext context, Ranking group, in Message item)
    {
        _by.Set(0, item);
        if (!TryEvaluate(context, _by, out Message value))
        {
            return;
        }

        if (group.Length > 0 ? !MessageComparer.CanOrder(group.ValueAt(0), value) : !MessageComparer.CanOrder(value, value))
        {
            Fail(context, $"the value {value} of {item} cannot be ranked{(group.Length > 0 ? $" with {group.ValueAt(0)}" : "")}; values must all be numbers, all Strings or all Booleans");
            return;
        }

        // The first kept entry ranking below the new one: equal ones stay ahead, so the first seen wins a tie.
        int position = group.Length;
        while (position > 0 && _direction * MessageComparer.Compare(group.ValueAt(position - 1), value) < 0)
        {
            position--;
        }

        if (position < _count)
        {
            group.Insert(position, value, item);
        }
    }

    protected override void Complete(ActorContext context, Ranking group) => context.Emit(_out, group.ToArray());

    /// <summary>One group's best items so far, best first, at most the configured count.</summary>
    internal sealed class Ranking(int capacity)
    {
        private Message[] _values = new Message[Math.Min(capacity, 16)]; // grown up to capacity: a large 'count' costs only what is kept
        private Message[] _items = new Message[Math.Min(capacity, 16)];

        /// <summary>How many items are kept.</summary>
        public int Length { get; private set; }

        /// <summary>The value the item at <paramref name="position"/> ranks by.</summary>
        public Message ValueAt(int position) => _values[position];

        /// <summary>Puts an item at <paramref name="position"/>, pushing the last out when full.</summary>
        public void Insert(int position, in Message value, in Message item)
        {
            if (Length == _values.Length && Length < capacity)
            {
                int size = (int)Math.Min((long)Length * 2, capacity);
                Array.Resize(ref _values, size);
                Array.Resize(ref _items, size);
            }

            int last = Math.Min(Length, _values.Length - 1);
            Array.Copy(_values, position, _values, position + 1, last - position);
            Array.Copy(_items, position, _items, position + 1, last - position);
            _values[position] = value;
            _items[position] = item;
            Length = last + 1;
        }

        /// <summary>The items, best first.</summary>
        public Message ToArray() => Message.Array(_items.AsSpan(0, Length));

        /// <summary>Forgets every item.</summary>
        public void Clear()
        {
            Array.Clear(_values, 0, Length);
            Array.Clear(_items, 0, Length);
            Length = 0;
        }
    }
}
