using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.State;

/// <summary>state/Store: a key/value store private to the node.</summary>
[Component("state/Store", Description = "A key/value store private to the node. 'set' takes {\"key\": String, \"value\": any} and emits {\"key\", \"value\", \"previous\"} on 'changed' (previous is null when new). 'get' takes a key and emits its value on 'value', or the key on 'missing'. 'delete' takes a key and emits {\"key\", \"value\": null, \"previous\"} on 'changed' when it was there. Starts with 'initial'.")]
[InPort("set", PortType.Object, Description = "{\"key\": String, \"value\": any}.")]
[InPort("get", PortType.String, Description = "A key to read.")]
[InPort("delete", PortType.String, Description = "A key to remove.")]
[OutPort("value", Description = "The value of a key that was read.")]
[OutPort("missing", PortType.String, Description = "A key that was read but is not stored.")]
[OutPort("changed", PortType.Object, Description = "{\"key\", \"value\", \"previous\"} after a set or a delete.")]
[OutPort("error", PortType.Error, Description = "A set that is not {key: String, value}, or a key that is not a String.")]
[Config("initial", ConfigType.Object, Description = "The entries the store starts with.")]
[Config("capacity", ConfigType.Integer, DefaultJson = "100000", Minimum = 1, Description = "The most keys it holds; a set of a new key past that goes to 'error'.")]
internal sealed class StoreActor : StandardActor
{
    private const int Set = 0, Get = 1;

    private readonly Dictionary<string, Message> _entries = new(StringComparer.Ordinal);
    private int _capacity;
    private OutPort _value;
    private OutPort _missing;
    private OutPort _changed;

    protected override void Start(ActorContext context)
    {
        if (context.Configuration.TryGetValue("initial", out Message initial))
        {
            foreach (KeyValuePair<string, Message> entry in initial.AsObject())
            {
                _entries[entry.Key] = entry.Value;
            }
        }

        _capacity = GetInt32(context, "capacity", 100_000);
        _value = context.OutPort("value");
        _missing = context.OutPort("missing");
        _changed = context.OutPort("changed");
    }

    protected override void Handle(ActorContext context)
    {
        Message input = context.Message;
        if (context.InPortIndex == Set)
        {
            if (!input.TryGetObject(out MessageObject? fields) || !fields.TryGetValue("key", out Message k) || !k.TryGetString(out string? key) || !fields.TryGetValue("value", out Message value))
            {
                Fail(context, $"'set' expects {{\"key\": String, \"value\": any}}, got {input}");
                return;
            }

            bool existed = _entries.TryGetValue(key, out Message previous);
            if (!existed && _entries.Count >= _capacity)
            {
                Fail(context, $"the store holds its capacity of {_capacity} keys; '{key}' is not added");
                return;
            }

            _entries[key] = value;
            context.Emit(_changed, Change(key, value, existed ? previous : Message.Null));
            return;
        }

        if (!input.TryGetString(out string? name))
        {
            FailType(context, "a key (String)", input);
        }
        else if (context.InPortIndex == Get)
        {
            bool found = _entries.TryGetValue(name, out Message stored);
            context.Emit(found ? _value : _missing, found ? stored : input);
        }
        else if (_entries.Remove(name, out Message removed))
        {
            context.Emit(_changed, Change(name, Message.Null, removed));
        }
    }

    private static Message Change(string key, in Message value, in Message previous) =>
        Message.Object(new("key", Message.String(key)), new("value", value), new("previous", previous));
}
