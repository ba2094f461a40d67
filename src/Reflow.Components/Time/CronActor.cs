using Cronos;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Time;

/// <summary>time/Cron: ticks at the occurrences of a cron expression (Cronos), on the run's clock.</summary>
[Component("time/Cron", Description = "Emits {\"time\": ISO 8601 instant, \"count\": n} at each occurrence of the cron 'expression' (Cronos: 5 fields, or 6 with 'seconds'; e.g. \"*/5 * * * *\", \"0 9 * * MON-FRI\") in 'timeZone', on the run's clock. 'stop' stops it; with 'count' it stops by itself. A running schedule keeps a finite run open until stopped.")]
[InPort("stop", Description = "Stops the schedule.")]
[OutPort("tick", PortType.Object, Description = "{\"time\", \"count\"} at each occurrence.")]
[OutPort("error", PortType.Error, Description = "A wrong expression or time zone: the node's start failure, then every message it is sent.")]
[Config("expression", ConfigType.String, Required = true, Description = "The cron expression.")]
[Config("seconds", ConfigType.Boolean, DefaultJson = "false", Description = "The expression has a leading seconds field (6 fields).")]
[Config("timeZone", ConfigType.String, DefaultJson = "\"UTC\"", Description = "The IANA time zone the expression is read in.")]
[Config("count", ConfigType.Integer, DefaultJson = "0", Minimum = 0, Description = "Occurrences before stopping by itself (0: no limit).")]
internal sealed class CronActor : StandardActor
{
    private CronExpression _expression = null!;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private long _limit;
    private long _count;
    private DateTimeOffset _next;
    private IDisposable? _timer;
    private OutPort _tick;

    protected override void Start(ActorContext context)
    {
        string text = context.Configuration.GetString("expression", "");
        try
        {
            _expression = CronExpression.Parse(text, context.Configuration.GetBoolean("seconds", false) ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'expression' \"{text}\" is not a cron expression: {ex.Message}"]);
        }

        _zone = ConfiguredTimeZone.Read(context);

        _limit = context.Configuration.GetInteger("count", 0);
        _tick = context.OutPort("tick");
        ScheduleAfter(context, context.TimeProvider.GetUtcNow());
    }

    // The next occurrence after 'from', and a one-shot timer for it (none when the expression has no more).
    private void ScheduleAfter(ActorContext context, DateTimeOffset from)
    {
        DateTimeOffset? next = _expression.GetNextOccurrence(from, _zone);
        if (next is null)
        {
            return;
        }

        _next = next.Value;
        TimeSpan due = _next - context.TimeProvider.GetUtcNow();
        _timer = context.ScheduleTimer(due < TimeSpan.Zero ? TimeSpan.Zero : due);
    }

    protected override void Handle(ActorContext context) => Stop();

    private void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    public override void OnTimer(ActorContext context, object? state)
    {
        if (_timer is null)
        {
            return;
        }

        _timer.Dispose();
        _timer = null;
        context.Emit(_tick, Message.Object(
            new("time", Message.String(_next.ToString("O", System.Globalization.CultureInfo.InvariantCulture))),
            new("count", Message.Integer(++_count))));
        if (_limit == 0 || _count < _limit)
        {
            ScheduleAfter(context, _next); // from the occurrence, not from now: a late timer neither skips nor repeats one
        }
    }
}
