using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Time;

/// <summary>time/Throttle: limits the rate of a stream by spacing messages out, never by dropping them.</summary>
[Component("time/Throttle", Description = "Passes messages on at most one per 'intervalMs' (on the run's clock), in order: one that comes too soon waits in a queue (up to 'capacity'; past that it goes to 'error') and is released when its turn comes. Messages still queued when the node is stopped early are reported as a node error.")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "The messages, spaced out.")]
[OutPort("error", PortType.Error, Description = "A message that found the queue full.")]
[Config("intervalMs", ConfigType.Number, Required = true, Minimum = 0, Description = "The least time between two messages.")]
[Config("capacity", ConfigType.Integer, DefaultJson = "1024", Minimum = 0, Description = "How many messages may wait.")]
internal sealed class ThrottleActor : StandardActor
{
    private readonly Queue<Message> _waiting = new();
    private long _interval; // in timestamp ticks
    private long _lastEmit = long.MinValue;
    private int _capacity;
    private IDisposable? _timer;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _interval = (long)(GetMilliseconds(context, "intervalMs", 0).TotalSeconds * context.TimeProvider.TimestampFrequency);
        _capacity = GetInt32(context, "capacity", 1024);
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        long now = context.TimeProvider.GetTimestamp();
        if (_waiting.Count == 0 && (_lastEmit == long.MinValue || now - _lastEmit >= _interval))
        {
            Emit(context, context.Message, now);
        }
        else if (_waiting.Count < _capacity)
        {
            _waiting.Enqueue(context.Message);
            _timer ??= context.ScheduleTimer(Until(context, now));
        }
        else
        {
            Fail(context, $"{_capacity} messages already wait for their turn; {context.Message} is not queued");
        }
    }

    public override void OnTimer(ActorContext context, object? state)
    {
        _timer?.Dispose();
        _timer = null;
        long now = context.TimeProvider.GetTimestamp();
        if (_waiting.Count > 0 && now - _lastEmit >= _interval)
        {
            Emit(context, _waiting.Dequeue(), now);
        }

        if (_waiting.Count > 0)
        {
            _timer = context.ScheduleTimer(Until(context, now));
        }
    }

    private void Emit(ActorContext context, in Message message, long now)
    {
        _lastEmit = now;
        context.Emit(_out, message);
    }

    private TimeSpan Until(ActorContext context, long now) =>
        TimeSpan.FromSeconds(Math.Max(0, _lastEmit + _interval - now) / (double)context.TimeProvider.TimestampFrequency);

    public override void OnStop(ActorContext context)
    {
        if (_waiting.Count > 0)
        {
            throw new ComponentInputException($"{context.Component.Name} ({context.NodeId}): stopped with {_waiting.Count} throttled message(s) not yet emitted");
        }
    }
}
