using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Iterate: walks an Array one element per request, for loops where each element must be finished before the
/// next starts: the first element goes out when the Array arrives, each message on <c>next</c> sends the following
/// one, and after the last, <c>next</c> emits <c>done</c>. Arrays that arrive meanwhile wait their turn.
/// </summary>
[Component("flow/Iterate", Description = "Walks Arrays one element at a time: the first element goes to 'item' as {\"value\": v, \"index\": i} when the Array arrives, each message on 'next' sends the following one, and 'next' after the last element sends the element count to 'done' and starts the next waiting Array. An empty Array sends 'done' 0 at once. Arrays that arrive meanwhile wait (up to 'capacity').")]
[InPort("in", PortType.Array, Description = "The Arrays to walk.")]
[InPort("next", Description = "Asks for the next element (the message itself is ignored).")]
[OutPort("item", PortType.Object, Description = "{\"value\": element, \"index\": i}.")]
[OutPort("done", PortType.Integer, Description = "An Array is finished: its element count.")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array, too many waiting Arrays, or 'next' with nothing to walk.")]
[Config("capacity", ConfigType.Integer, DefaultJson = "1024", Minimum = 1, Description = "How many Arrays may wait behind the one being walked.")]
internal sealed class IterateActor : StandardActor
{
    private const int In = 0;

    private readonly Queue<ImmutableArray<Message>> _waiting = new();
    private ImmutableArray<Message> _current;
    private int _next; // index of the element the next request sends
    private bool _walking;
    private int _capacity;
    private OutPort _item;
    private OutPort _done;

    protected override void Start(ActorContext context)
    {
        _capacity = GetInt32(context, "capacity", 1024);
        _item = context.OutPort("item");
        _done = context.OutPort("done");
    }

    protected override void Handle(ActorContext context)
    {
        if (context.InPortIndex == In)
        {
            if (!context.Message.TryGetArray(out ImmutableArray<Message> items))
            {
                FailType(context, "an Array", context.Message);
            }
            else if (_walking && _waiting.Count >= _capacity)
            {
                Fail(context, $"{_capacity} Arrays already wait to be walked; this one is not taken: {context.Message}");
            }
            else if (_walking)
            {
                _waiting.Enqueue(items);
            }
            else
            {
                Begin(context, items);
            }

            return;
        }

        if (!_walking)
        {
            Fail(context, "'next' arrived, but no Array is being walked");
        }
        else if (_next < _current.Length)
        {
            EmitNext(context);
        }
        else
        {
            context.Emit(_done, Message.Integer(_current.Length));
            _walking = false;
            if (_waiting.TryDequeue(out ImmutableArray<Message> waiting))
            {
                Begin(context, waiting);
            }
        }
    }

    private void Begin(ActorContext context, ImmutableArray<Message> items)
    {
        // An empty Array is finished at once; the next waiting one starts in its place.
        while (items.IsEmpty)
        {
            context.Emit(_done, Message.Integer(0));
            if (!_waiting.TryDequeue(out items))
            {
                return;
            }
        }

        _current = items;
        _next = 0;
        _walking = true;
        EmitNext(context);
    }

    private void EmitNext(ActorContext context)
    {
        int index = _next++;
        context.Emit(_item, Message.Object(new("value", _current[index]), new("index", Message.Integer(index))));
    }

    public override void OnStop(ActorContext context)
    {
        if (_walking || _waiting.Count > 0)
        {
            int left = (_walking ? _current.Length - _next : 0) + _waiting.Sum(a => a.Length);
            throw new ComponentInputException($"{context.Component.Name} ({context.NodeId}): stopped with {left} element(s) never sent (no 'next' asked for them)");
        }
    }
}
