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

    /// <summary>How long credit may stand still, with messages outstanding, before the sender probes (a lost batch must not wedge the edge).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>At-most-once (core NATS) is the only mode carried so far.</summary>
    public DeliveryMode Delivery { get; init; } = DeliveryMode.AtMostOnce;

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
        if (Delivery != DeliveryMode.AtMostOnce)
        {
            throw new NotSupportedException($"Remote edges carry {DeliveryMode.AtMostOnce} only so far; {Delivery} (JetStream) is not built yet.");
        }
    }
}
