using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Time;

/// <summary>time/Debounce: emits the last message of a burst once the input has been quiet for a while.</summary>
[Component("time/Debounce", Description = "Emits the latest message once no other has arrived for 'waitMs' (on the run's clock): a burst becomes its last message. The messages it replaces are counted on 'skipped' (the count of each burst) rather than lost without trace.")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "The last message of each burst.")]
[OutPort("skipped", PortType.Integer, Description = "With each emission: how many earlier messages of the burst it replaced.")]
[Config("waitMs", ConfigType.Number, Required = true, Minimum = 0, Description = "The quiet time that ends a burst.")]
internal sealed class DebounceActor : StandardActor
{
    private TimeSpan _wait;
    private Message _latest;
    private long _burst;
    private IDisposable? _timer;
    private object? _token;
    private OutPort _out;
    private OutPort _skipped;

    protected override void Start(ActorContext context)
    {
        _wait = GetMilliseconds(context, "waitMs", 0);
        _out = context.OutPort("out");
        _skipped = context.OutPort("skipped");
    }

    protected override void Handle(ActorContext context)
    {
        _latest = context.Message;
        _burst++;
        _timer?.Dispose();
        _token = new object();
        _timer = context.ScheduleTimer(_wait, _token);
    }

    public override void OnTimer(ActorContext context, object? state)
    {
        if (!ReferenceEquals(state, _token) || _burst == 0)
        {
            return; // a timer replaced by a later message
        }

        _timer?.Dispose();
        _timer = null;
        long skipped = _burst - 1;
        _burst = 0;
        context.Emit(_out, _latest);
        context.Emit(_skipped, Message.Integer(skipped));
    }
}
