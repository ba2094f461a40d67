using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// Collects messages from in-port 0 into Arrays: a batch goes out when it reaches <see cref="MaxCount"/> messages,
/// when <see cref="Window"/> has passed since its first message (a timer on the run's clock), or when anything
/// arrives on in-port 1 (<c>flush</c>). A batch still open when the node stops is reported as a node error.
/// </summary>
/// <remarks>A pending window timer keeps a finite run open, so with a window every batch is emitted before the run ends.</remarks>
internal abstract class BatchingActor : StandardActor
{
    private const int Flush = 1;

    private readonly List<Message> _batch = [];
    private IDisposable? _timer;
    private object? _timerToken; // the state of the live timer: a fire of a cancelled one is recognised and ignored
    private OutPort _out;

    /// <summary>The batch size that emits at once (0: no limit).</summary>
    protected int MaxCount { get; set; }

    /// <summary>How long a batch may stay open after its first message (zero: no limit).</summary>
    protected TimeSpan Window { get; set; }

    /// <summary>Reads <see cref="MaxCount"/> and <see cref="Window"/> from the configuration.</summary>
    protected abstract void Configure(ActorContext context);

    protected sealed override void Start(ActorContext context)
    {
        Configure(context);
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (context.InPortIndex == Flush)
        {
            EmitBatch(context);
            return;
        }

        Add(context, context.Message);
    }

    /// <summary>Adds one message to the open batch, emitting it when full.</summary>
    protected void Add(ActorContext context, in Message message)
    {
        _batch.Add(message);
        if (_batch.Count == 1 && Window > TimeSpan.Zero)
        {
            _timerToken = new object();
            _timer = context.ScheduleTimer(Window, _timerToken);
        }

        if (MaxCount > 0 && _batch.Count >= MaxCount)
        {
            EmitBatch(context);
        }
    }

    public override void OnTimer(ActorContext context, object? state)
    {
        if (ReferenceEquals(state, _timerToken))
        {
            EmitBatch(context);
        }
    }

    /// <summary>Emits the open batch as an Array (nothing when it is empty) and cancels its timer.</summary>
    protected void EmitBatch(ActorContext context)
    {
        _timer?.Dispose();
        _timer = null;
        _timerToken = null;
        if (_batch.Count > 0)
        {
            Message batch = Message.Array(_batch);
            _batch.Clear();
            context.Emit(_out, batch);
        }
    }

    public override void OnStop(ActorContext context)
    {
        if (_batch.Count > 0)
        {
            throw new ComponentInputException(
                $"{context.Component.Name} ({context.NodeId}): stopped with {_batch.Count} message(s) in a batch that was never complete; send a message to 'flush' or configure a time window to emit partial batches");
        }
    }
}
