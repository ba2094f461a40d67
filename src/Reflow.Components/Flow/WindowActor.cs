using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>flow/Window: tumbling and sliding windows of the stream, by count or by time, as Arrays.</summary>
/// <remarks>
/// Design: both modes are one model. Every item gets a stamp, its position in its group (count mode) or the run's
/// clock in ticks since the Unix epoch (time mode); window k holds the items stamped in [k·step, k·step + size), so
/// windows tumble when step = size, slide when step &lt; size and leave gaps when step &gt; size. A window goes out
/// when the stamps have passed its end: at the item that fills it, or at a timer. <see cref="Windows.Next"/> is the
/// first window not yet emitted; items older than its start can be in no later window and are let go, so memory is
/// one window's items.
/// </remarks>
[Component("flow/Window", Description = "Emits windows of the stream as Arrays. 'count' mode: 'size' items per window, a new window every 'step' items (step = size, the default: tumbling; step < size: sliding, an item in several windows; step > size: the items between windows are left out). 'time' mode: windows of 'sizeMs' on the run's clock every 'stepMs', aligned to multiples of 'stepMs' since the Unix epoch, each emitted by a timer when it ends; a window without items emits nothing. At the end of the stream, or of a bracket group (windows never span one; brackets are forwarded), the oldest open window is emitted partial if it holds an item no emitted window held, so every item in a window is emitted and no tail of shrinking windows follows; an empty stream gives nothing.")]
[InPort("in", Description = "The items.")]
[OutPort("out", PortType.Array, Description = "The windows, oldest first.")]
[Config("mode", ConfigType.String, DefaultJson = "\"count\"", OneOf = "count|time", Description = "Windows by item count or by time.")]
[Config("size", ConfigType.Integer, DefaultJson = "10", Minimum = 1, Description = "'count' mode: the items in a window.")]
[Config("step", ConfigType.Integer, Minimum = 1, Description = "'count' mode: the items from one window's start to the next's (default: 'size').")]
[Config("sizeMs", ConfigType.Number, DefaultJson = "1000", Minimum = 0, Description = "'time' mode: how long a window lasts.")]
[Config("stepMs", ConfigType.Number, Minimum = 0, Description = "'time' mode: the time from one window's start to the next's (default: 'sizeMs').")]
internal sealed class WindowActor : GroupedAggregate<WindowActor.Windows>
{
    private bool _timed;
    private long _size; // in stamps: items or ticks
    private long _step;
    private OutPort _out;
    private TimeProvider _clock = TimeProvider.System;

    protected override void Configure(ActorContext context)
    {
        _out = context.OutPort("out");
        _clock = context.TimeProvider;
        _timed = context.Configuration.GetString("mode", "count") == "time";
        if (!_timed)
        {
            _size = context.Configuration.GetInteger("size", 10);
            _step = context.Configuration.GetInteger("step", _size);
            return;
        }

        _size = GetMilliseconds(context, "sizeMs", 1000).Ticks;
        _step = context.Configuration.TryGetValue("stepMs", out _) ? GetMilliseconds(context, "stepMs", 0).Ticks : _size;
        if (_size <= 0 || _step <= 0)
        {
            throw new ActorConfigurationException(context.NodeId, ["configuration 'sizeMs' and 'stepMs' must be above 0 in 'time' mode"]);
        }
    }

    protected override Windows CreateGroup() => new();

    protected override void Reset(Windows group)
    {
        CancelTimer(group);
        group.Items.Clear();
        group.Stamps.Clear();
        (group.Next, group.EmittedEnd, group.Count) = (0, long.MinValue, 0);
    }

    protected override void Add(ActorContext context, Windows group, in Message item)
    {
        long stamp = _timed ? Now() : group.Count++;
        if (_timed)
        {
            EmitDue(context, group, stamp); // windows that ended before this item, if their timer is late
        }

        if (group.Items.Count == 0)
        {
            group.Next = Math.Max(group.Next, FirstWindowHolding(stamp));
        }

        group.Items.Add(item);
        group.Stamps.Add(stamp);
        if (_timed)
        {
            EnsureTimer(context, group);
        }
        else
        {
            EmitDue(context, group, group.Count);
        }
    }

    public override void OnTimer(ActorContext context, object? state)
    {
        Windows group = Current;
        if (state is null || !ReferenceEquals(state, group.TimerToken))
        {
            return; // a cancelled timer's late call, or a suspended group's
        }

        CancelTimer(group);
        EmitDue(context, group, Now());
        EnsureTimer(context, group);
    }

    protected override void Suspend(ActorContext context, Windows group) => CancelTimer(group);

    protected override void Resume(ActorContext context, Windows group)
    {
        if (_timed)
        {
            EmitDue(context, group, Now());
            EnsureTimer(context, group);
        }
    }

    protected override void Complete(ActorContext context, Windows group)
    {
        EmitDue(context, group, _timed ? Now() : group.Count);
        long start = group.Next * _step;
        int from = IndexOfStamp(group, start);
        if (from < group.Items.Count && group.Stamps[^1] >= group.EmittedEnd)
        {
            context.Emit(_out, Message.Array(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(group.Items)[from..]));
        }
    }

    /// <summary>Emits every window that ends at or before <paramref name="now"/>, oldest first.</summary>
    private void EmitDue(ActorContext context, Windows group, long now)
    {
        while (group.Items.Count > 0)
        {
            long start = group.Next * _step;
            long end = start + _size;
            if (end > now)
            {
                return;
            }

            int from = IndexOfStamp(group, start);
            int to = IndexOfStamp(group, end);
            if (to > from)
            {
                context.Emit(_out, Message.Array(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(group.Items)[from..to]));
                group.EmittedEnd = end;
            }

            group.Next++;
            int expired = IndexOfStamp(group, group.Next * _step); // in no later window
            group.Items.RemoveRange(0, expired);
            group.Stamps.RemoveRange(0, expired);
            if (group.Items.Count > 0)
            {
                group.Next = Math.Max(group.Next, FirstWindowHolding(group.Stamps[0])); // skip windows without items
            }
        }
    }

    private void EnsureTimer(ActorContext context, Windows group)
    {
        if (group.Timer is not null || group.Items.Count == 0 || !IsCurrent(group))
        {
            return;
        }

        long due = (group.Next * _step) + _size - Now();
        group.TimerToken = new object();
        group.Timer = context.ScheduleTimer(TimeSpan.FromTicks(Math.Max(due, 0)), group.TimerToken);
    }

    private static void CancelTimer(Windows group)
    {
        group.Timer?.Dispose();
        group.Timer = null;
        group.TimerToken = null;
    }

    /// <summary>The first window whose end is after <paramref name="stamp"/>: k·step + size &gt; stamp.</summary>
    private long FirstWindowHolding(long stamp) => Math.Max(0, FloorDivide(stamp - _size, _step) + 1);

    private static long FloorDivide(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    /// <summary>The index of the first item stamped at or after <paramref name="stamp"/> (stamps only grow).</summary>
    private static int IndexOfStamp(Windows group, long stamp)
    {
        int index = 0;
        while (index < group.Stamps.Count && group.Stamps[index] < stamp)
        {
            index++;
        }

        return index;
    }

    private long Now() => _clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks;

    /// <summary>One group's open windows.</summary>
    internal sealed class Windows
    {
        /// <summary>The items of the open windows, oldest first.</summary>
        public List<Message> Items { get; } = [];

        /// <summary>Their stamps.</summary>
        public List<long> Stamps { get; } = [];

        /// <summary>The first window not yet emitted.</summary>
        public long Next;

        /// <summary>The end of the last window emitted (an item stamped before it was emitted).</summary>
        public long EmittedEnd = long.MinValue;

        /// <summary>Count mode: the items so far (the next stamp).</summary>
        public long Count;

        /// <summary>Time mode: the timer of the next window's end.</summary>
        public IDisposable? Timer;

        /// <summary>The state of <see cref="Timer"/>: a cancelled timer's late call is recognised and ignored.</summary>
        public object? TimerToken;
    }
}
