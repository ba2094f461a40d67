namespace Reflow.Distributed.Transport;

/// <summary>How one remote edge batches, compresses and holds back its sender.</summary>
internal sealed record RemoteEdgeOptions
{
    /// <summary>The most messages sent and not yet credited by the receiver: the edge's capacity, as a local edge's.</summary>
    public int Capacity { get; init; } = 1024;

    /// <summary>The most messages in one Batch frame (1..65536).</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>A batch payload over this many bytes is LZ4-compressed when that makes it smaller.</summary>
    public int CompressionThreshold { get; init; } = 4096;

    /// <summary>
    /// How long credit may stand still, with messages outstanding, before the sender probes (a lost batch must not
    /// wedge the edge). At-least-once: how often the receiver repeats its credit (for a sender started again).
    /// </summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// At-most-once: frames on core NATS, a lost one counted. At-least-once: frames kept by the run's JetStream stream
    /// (<see cref="RemoteEdgeStream"/>, which must exist first) and replayed from the first to a receiver started again.
    /// </summary>
    public DeliveryMode Delivery { get; init; } = DeliveryMode.AtMostOnce;

    /// <summary>At-least-once: how many times a publish whose PubAck did not come is tried before the edge fails (same message id each time).</summary>
    public int PublishAttempts { get; init; } = 5;

    /// <summary>Test hook: called with each batch's first sequence; <see langword="true"/> drops that frame unpublished (a lost frame).</summary>
    internal Func<long, bool>? DropBatch { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatch, 1, nameof(MaxBatch));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatch, RemoteEdgeFrame.MaxBatchCount, nameof(MaxBatch));
        ArgumentOutOfRangeException.ThrowIfNegative(CompressionThreshold, nameof(CompressionThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProbeInterval, TimeSpan.Zero, nameof(ProbeInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(PublishAttempts, 1, nameof(PublishAttempts));
        if (!Enum.IsDefined(Delivery))
        {
            throw new ArgumentOutOfRangeException(nameof(Delivery), Delivery, "Not a delivery mode.");
        }
    }
}
