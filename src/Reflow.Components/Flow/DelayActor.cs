using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Delay: each message goes on a fixed time after it arrived (on the run's clock), in arrival order. One timer
/// serves the queue: it is set for the oldest message and, when it fires, everything due is emitted.
/// </summary>
[Component("flow/Delay", Description = "Emits each message on 'out' 'delayMs' after it arrived, in arrival order (on the run's clock, so a fake clock drives it in tests). Messages still waiting when the node is stopped early are reported as a node error.")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "The same messages, later.")]
[Config("delayMs", ConfigType.Number, DefaultJson = "1000", Minimum = 0, Description = "How long each message waits.")]
internal sealed class DelayActor : StandardActor
{
    private readonly Queue<(long Due, Message Message)> _waiting = new();
    private TimeSpan _delay;
    private IDisposable? _timer;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _delay = GetMilliseconds(context, "delayMs", 1000);
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        TimeProvider time = context.TimeProvider;
        _waiting.Enqueue((time.GetTimestamp() + (long)(_delay.TotalSeconds * time.TimestampFrequency), context.Message));
        if (_waiting.Count == 1)
        {
            _timer = context.ScheduleTimer(_delay);
        }
    }

    public override void OnTimer(ActorContext context, object? state)
    {
        TimeProvider time = context.TimeProvider;
        long now = time.GetTimestamp();
        while (_waiting.TryPeek(out (long Due, Message Message) next) && next.Due <= now)
        {
            _waiting.Dequeue();
            context.Emit(_out, next.Message);
        }

        _timer?.Dispose();
        _timer = null;
        if (_waiting.TryPeek(out (long Due, Message Message) oldest))
        {
            _timer = context.ScheduleTimer(TimeSpan.FromSeconds((double)(oldest.Due - now) / time.TimestampFrequency));
        }
    }

    public override void OnStop(ActorContext context)
    {
        if (_waiting.Count > 0)
        {
            throw new ComponentInputException($"{context.Component.Name} ({context.NodeId}): stopped with {_waiting.Count} delayed message(s) not yet emitted");
        }
    }
}
