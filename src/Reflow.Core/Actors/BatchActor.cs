namespace Reflow.Actors;

/// <summary>
/// An actor that receives its input in batches: every message queued for it when it runs (up to
/// <see cref="MaxBatchSize"/>) in one call to <see cref="ReceiveBatch"/>, each with its in-port. For actors that pay
/// per call rather than per message (a WASM module, a Python process, a network hop): one crossing carries many
/// messages.
/// </summary>
/// <remarks>
/// <para>What a batch holds: the messages that reached the actor's worker before the actor's turn came, in arrival
/// order, so the order of each edge holds within a batch and from one batch to the next. A batch is never padded
/// or waited for: when input trickles in, batches have one message; when producers are ahead, they grow to the
/// bound. Each message's edge credit returns once the whole batch is handled (after <see cref="ReceiveBatch"/>
/// returns), so a batch holds at most what the in-edges' capacities allow.</para>
/// <para>Failures go through the node's <see cref="SupervisionPolicy"/> as one failure of the batch (the
/// <c>ActorFailed</c> event and the error port carry no single message): Retry hands the same batch again, in the
/// same order, after the backoff; Resume and Restart carry on with the next batch (the failed batch counts as
/// handled, as a failed single message does); Stop turns the batch away with it and dead-letters what is still
/// queued (<see cref="DeadLetterReason.ActorStopped"/>). An actor that must not lose messages on failure retries,
/// or handles errors per message inside <see cref="ReceiveBatch"/>.</para>
/// <para>Only the each-message input mode batches: a component in an await mode cannot be a batch actor.
/// The node's statistics count one invocation per batch. Actors that do not derive from this class
/// are not touched by batching.</para>
/// </remarks>
public abstract class BatchActor : Actor
{
    /// <summary>The bound used when a batch actor does not choose one.</summary>
    public const int DefaultMaxBatchSize = 128;

    /// <summary>The largest bound a batch actor may choose.</summary>
    public const int MaxBatchSizeLimit = 65_536;

    /// <summary>Creates the actor with a bound on the messages per batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBatchSize"/> is below 1 or above <see cref="MaxBatchSizeLimit"/>.</exception>
    protected BatchActor(int maxBatchSize = DefaultMaxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatchSize, MaxBatchSizeLimit);
        MaxBatchSize = maxBatchSize;
    }

    /// <summary>At most this many messages are handed to one <see cref="ReceiveBatch"/> call.</summary>
    public int MaxBatchSize { get; }

    /// <summary>
    /// Handles a batch: one or more messages (never none), in arrival order, each with its in-port. The span is
    /// valid only during the call (copy what must outlive it). Emit any number of messages on any out-ports.
    /// The context's single-message members (<see cref="ActorContext.Message"/>, <see cref="ActorContext.InPortIndex"/>)
    /// do not describe the batch: read each item's.
    /// </summary>
    public abstract void ReceiveBatch(ActorContext context, ReadOnlySpan<BatchMessage> batch);

    /// <summary>A single message is a batch of one: calls <see cref="ReceiveBatch"/> with the current message (the runtime never calls this).</summary>
    public sealed override void Receive(ActorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var single = new BatchMessage(context.InPortIndex, context.InPortElement, context.Message);
        ReceiveBatch(context, new ReadOnlySpan<BatchMessage>(in single));
    }
}
