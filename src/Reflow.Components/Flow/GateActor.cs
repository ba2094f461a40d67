using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Gate: passes messages while open; while closed it holds them (up to a capacity) and releases them in order
/// when opened again. A message that finds the gate closed and full goes to <c>error</c>; messages still held when
/// the node stops are reported as a node error. Nothing is dropped silently.
/// </summary>
[Component("flow/Gate", Description = "Passes messages from 'in' to 'out' while open. While closed it holds them (up to 'capacity'; past that they go to 'error') and releases them in order on 'open'. Any message on 'open' or 'close' opens or closes it. Messages still held at stop are reported as a node error.")]
[InPort("in", Description = "Any message.")]
[InPort("open", Description = "Opens the gate (the message itself is ignored) and releases what it held.")]
[InPort("close", Description = "Closes the gate (the message itself is ignored).")]
[OutPort("out", Description = "The messages, in order.")]
[OutPort("error", PortType.Error, Description = "A message that arrived while the gate was closed and full.")]
[Config("open", ConfigType.Boolean, DefaultJson = "true", Description = "Whether the gate starts open.")]
[Config("capacity", ConfigType.Integer, DefaultJson = "1024", Minimum = 0, Description = "How many messages a closed gate holds.")]
internal sealed class GateActor : StandardActor
{
    private const int In = 0, Open = 1;

    private readonly Queue<Message> _held = new();
    private bool _open;
    private int _capacity;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _open = context.Configuration.GetBoolean("open", true);
        _capacity = GetInt32(context, "capacity", 1024);
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        switch (context.InPortIndex)
        {
            case In when _open:
                context.Emit(_out, context.Message);
                break;
            case In when _held.Count < _capacity:
                _held.Enqueue(context.Message);
                break;
            case In:
                Fail(context, $"the gate is closed and holds its capacity of {_capacity} messages; {context.Message} is not held");
                break;
            case Open:
                _open = true;
                while (_held.TryDequeue(out Message held))
                {
                    context.Emit(_out, held);
                }

                break;
            default:
                _open = false;
                break;
        }
    }

    public override void OnStop(ActorContext context)
    {
        if (_held.Count > 0)
        {
            throw new ComponentInputException($"{context.Component.Name} ({context.NodeId}): stopped closed, holding {_held.Count} message(s) that were never released");
        }
    }
}
