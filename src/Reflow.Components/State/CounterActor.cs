using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.State;

/// <summary>state/Counter: counts messages.</summary>
[Component("state/Counter", Description = "Counts the messages on 'in' and emits the count after each one ('start' + n × 'step'); a message on 'reset' sets it back to 'start' (and emits nothing).")]
[InPort("in", Description = "Any message: counted.")]
[InPort("reset", Description = "Starts over (the message itself is ignored).")]
[OutPort("out", PortType.Integer, Description = "The count after each message.")]
[OutPort("error", PortType.Error, Description = "The count would overflow 64 bits.")]
[Config("start", ConfigType.Integer, DefaultJson = "0", Description = "The count before the first message.")]
[Config("step", ConfigType.Integer, DefaultJson = "1", Description = "What each message adds.")]
internal sealed class CounterActor : StandardActor
{
    private long _start;
    private long _step;
    private long _count;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _start = context.Configuration.GetInteger("start", 0);
        _step = context.Configuration.GetInteger("step", 1);
        _count = _start;
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (context.InPortIndex != 0)
        {
            _count = _start;
            return;
        }

        long next;
        try
        {
            next = checked(_count + _step);
        }
        catch (OverflowException)
        {
            Fail(context, $"the count {_count} + {_step} overflows 64 bits; the count stays at {_count}");
            return;
        }

        _count = next;
        context.Emit(_out, Message.Integer(next));
    }
}
