using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Time;

/// <summary>time/Interval: ticks on a fixed period of the run's clock.</summary>
[Component("time/Interval", Description = "Emits a tick every 'intervalMs' on the run's clock: 1, 2, 3, … on 'tick'. Starts at once ('autoStart') or on 'start'; 'stop' stops it. With 'count', it stops by itself after that many ticks; without, a running interval keeps a finite run open until stopped.")]
[InPort("start", Description = "Starts (or restarts, counting from 1 again) the ticks.")]
[InPort("stop", Description = "Stops the ticks.")]
[OutPort("tick", PortType.Integer, Description = "The tick number.")]
[Config("intervalMs", ConfigType.Number, Required = true, Minimum = 1, Description = "The period.")]
[Config("count", ConfigType.Integer, DefaultJson = "0", Minimum = 0, Description = "Ticks before stopping by itself (0: no limit).")]
[Config("autoStart", ConfigType.Boolean, DefaultJson = "true", Description = "Start when the node starts.")]
internal sealed class IntervalActor : StandardActor
{
    private TimeSpan _interval;
    private long _limit;
    private long _ticks;
    private IDisposable? _timer;
    private OutPort _tick;

    protected override void Start(ActorContext context)
    {
        _interval = GetMilliseconds(context, "intervalMs", 1000);
        _limit = context.Configuration.GetInteger("count", 0);
        _tick = context.OutPort("tick");
        if (context.Configuration.GetBoolean("autoStart", true))
        {
            Begin(context);
        }
    }

    protected override void Handle(ActorContext context)
    {
        if (context.InPortIndex == 0)
        {
            Begin(context);
        }
        else
        {
            Stop();
        }
    }

    private void Begin(ActorContext context)
    {
        Stop();
        _ticks = 0;
        _timer = context.ScheduleTimer(_interval, _interval);
    }

    private void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    public override void OnTimer(ActorContext context, object? state)
    {
        if (_timer is null)
        {
            return; // a tick that fired as the interval was stopped
        }

        context.Emit(_tick, Message.Integer(++_ticks));
        if (_limit > 0 && _ticks >= _limit)
        {
            Stop();
        }
    }
}
