using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// Collects messages from in-port 0 into Arrays: a batch goes out when it reaches <see cref="MaxCount"/> messages,
/// when <see cref="Window"/> has passed since its first message (a timer on the run's clock), when anything arrives on
/// in-port 1 (<c>flush</c>), at the end of the stream, and at the end of each bracket group, before its close bracket.
/// </summary>
/// <remarks>
/// A batch never spans a bracket: with a count or a window, an open bracket first emits the batch open before it.
/// Without either (<see cref="EmitEmpty"/>, flow/Collect's "all" mode) the batch is the whole group, emitted even
/// when empty, and an inner group leaves the outer one's batch to go on after it. A batch still open when the node
/// stops without its inputs having closed (the run was stopped) is reported as a node error.
/// </remarks>
internal abstract class BatchingActor : GroupedAggregate<BatchingActor.Batch>
{
    private const int Flush = 1;

    private OutPort _out;

    /// <summary>The batch size that emits at once (0: no limit).</summary>
    protected int MaxCount { get; set; }

    /// <summary>How long a batch may stay open after its first message (zero: no limit).</summary>
    protected TimeSpan Window { get; set; }

    /// <summary>Whether an empty batch is emitted (as []) at a flush or the end of a group.</summary>
    protected bool EmitEmpty { get; set; }

    /// <summary>Reads <see cref="MaxCount"/>, <see cref="Window"/> and <see cref="EmitEmpty"/> from the configuration.</summary>
    protected abstract void ConfigureBatches(ActorContext context);

    protected sealed override void Configure(ActorContext context)
    {
        ConfigureBatches(context);
        _out = context.OutPort("out");
    }

    protected override void HandleControl(ActorContext context)
    {
        if (context.InPortIndex == Flush)
        {
            CompleteCurrent(context);
        }
    }

    protected override Batch CreateGroup() => new();

    protected override void Reset(Batch group)
    {
        group.Timer?.Dispose();
        group.Timer = null;
        group.TimerToken = null;
        group.Items.Clear();
    }

    protected override void Add(ActorContext context, Batch group, in Message item)
    {
        group.Items.Add(item);
        if (group.Items.Count == 1 && Window > TimeSpan.Zero)
        {
            group.TimerToken = new object();
            group.Timer = context.ScheduleTimer(Window, group.TimerToken);
        }

        if (MaxCount > 0 && group.Items.Count >= MaxCount)
        {
            CompleteCurrent(context);
        }
    }

    public override void OnTimer(ActorContext context, object? state)
    {
        if (state is not null && ReferenceEquals(state, Current.TimerToken))
        {
            CompleteCurrent(context);
        }
    }

    protected override void Suspend(ActorContext context, Batch group)
    {
        if (!EmitEmpty)
        {
            Complete(context, group);
            Reset(group);
        }
    }

    protected override void Complete(ActorContext context, Batch group)
    {
        if (group.Items.Count > 0 || EmitEmpty)
        {
            context.Emit(_out, Message.Array(group.Items));
        }
    }

    public override void OnStop(ActorContext context)
    {
        int held = IsConfigured ? Current.Items.Count : 0;
        if (held > 0)
        {
            throw new ComponentInputException(
                $"{context.Component.Name} ({context.NodeId}): stopped with {held} message(s) in a batch that was never emitted (the run stopped before its input ended)");
        }
    }

    /// <summary>One group's open batch.</summary>
    internal sealed class Batch
    {
        /// <summary>The messages of the batch.</summary>
        public List<Message> Items { get; } = [];

        /// <summary>The window's timer, while one runs.</summary>
        public IDisposable? Timer;

        /// <summary>The state of <see cref="Timer"/>: a fire of a cancelled one is recognised and ignored.</summary>
        public object? TimerToken;
    }
}
