using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>flow/Collect: items become Arrays: the whole stream (or bracket group), by count, by time window, or reassembled from flow/Split's indexed items.</summary>
[Component("flow/Collect", Description = "Collects messages into Arrays on 'out'. 'all' (the default unless 'count' or 'timeoutMs' is set): one Array of everything, emitted at the end of the stream ([] when nothing came) or of each bracket group, before its close bracket; memory grows with the items. 'count': every 'count' messages (and, with 'timeoutMs', a partial batch that long after its first message). 'window': every 'windowMs' after a batch's first message. In 'count' and 'window' mode the partial batch goes out at the end of the stream and a batch never spans a bracket. 'indexed': the {index, count, value} items of flow/Split back into their Array, in index order (brackets are forwarded). A message on 'flush' emits the open batch ('all' mode: even an empty one). A batch still open when the run is stopped before its input ended is reported as a node error.")]
[InPort("in", Description = "The items.")]
[InPort("flush", Description = "Emits the open batch now (the message itself is ignored).")]
[OutPort("out", PortType.Array, Description = "The batches.")]
[OutPort("error", PortType.Error, Description = "In 'indexed' mode: an item that is not {index, count, value}, a repeated index, or a count that changed mid-array.")]
[Config("mode", ConfigType.String, OneOf = "all|count|window|indexed", Description = "How batches are cut (default: 'count' when 'count' or 'timeoutMs' is set, else 'all').")]
[Config("count", ConfigType.Integer, DefaultJson = "10", Minimum = 1, Description = "'count' mode: the batch size.")]
[Config("timeoutMs", ConfigType.Number, DefaultJson = "0", Minimum = 0, Description = "'count' mode: emit a partial batch this long after its first message (0: never).")]
[Config("windowMs", ConfigType.Number, DefaultJson = "1000", Minimum = 0, Description = "'window' mode: how long a batch collects after its first message.")]
internal sealed class CollectActor : BatchingActor
{
    private bool _indexed;
    private Message[]? _slots;
    private bool[] _present = [];
    private int _filled;

    protected override void ConfigureBatches(ActorContext context)
    {
        bool counting = context.Configuration.TryGetValue("count", out _) || context.Configuration.TryGetValue("timeoutMs", out _);
        switch (context.Configuration.GetString("mode", counting ? "count" : "all"))
        {
            case "all":
                EmitEmpty = true;
                break;
            case "window":
                Window = GetMilliseconds(context, "windowMs", 1000);
                if (Window <= TimeSpan.Zero)
                {
                    throw new ActorConfigurationException(context.NodeId, ["configuration 'windowMs' must be above 0 in 'window' mode"]);
                }

                break;
            case "indexed":
                _indexed = true;
                Grouping = false; // an Array's items, not groups: brackets pass through
                break;
            default:
                MaxCount = GetInt32(context, "count", 10);
                Window = GetMilliseconds(context, "timeoutMs", 0);
                break;
        }
    }

    protected override void Handle(ActorContext context)
    {
        if (_indexed && context.InPortIndex == 0)
        {
            AddIndexed(context);
            return;
        }

        base.Handle(context);
    }

    private void AddIndexed(ActorContext context)
    {
        Message item = context.Message;
        if (!item.TryGetObject(out MessageObject? fields)
            || !fields.TryGetValue("index", out Message indexValue) || !indexValue.TryGetInteger(out long index)
            || !fields.TryGetValue("count", out Message countValue) || !countValue.TryGetInteger(out long count)
            || !fields.TryGetValue("value", out Message value) || count < 1 || index < 0 || index >= count || count > Array.MaxLength)
        {
            Fail(context, $"'indexed' mode expects {{\"index\": i, \"count\": n, \"value\": v}} with 0 <= i < n (as flow/Split sends), got {item}");
            return;
        }

        if (_slots is null)
        {
            _slots = new Message[count];
            _present = new bool[count];
        }

        if (_slots.Length != count)
        {
            Fail(context, $"item {index} says the array has {count} elements, but the array being collected has {_slots.Length}; the item is not collected");
            return;
        }

        if (_present[index])
        {
            Fail(context, $"index {index} arrived twice for the array being collected; the second is not collected");
            return;
        }

        _slots[index] = value;
        _present[index] = true;
        if (++_filled == _slots.Length)
        {
            Message[] complete = _slots;
            _slots = null;
            _filled = 0;
            context.Emit("out", Message.Array(complete.AsSpan()));
        }
    }

    public override void OnStop(ActorContext context)
    {
        if (_slots is not null)
        {
            throw new ComponentInputException($"{context.Component.Name} ({context.NodeId}): stopped with {_filled} of {_slots.Length} items of an indexed array; the array was never complete");
        }

        base.OnStop(context);
    }
}
