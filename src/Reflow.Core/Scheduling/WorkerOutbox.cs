namespace Reflow.Scheduling;

/// <summary>
/// Envelopes one worker has for another, gathered and published as one batch: one claim and one publish on the
/// target's ring per batch instead of per envelope, and the target wakes to a batch rather than to each message.
/// </summary>
/// <remarks>
/// Owned by the posting worker. It flushes when full, every few envelopes it handles, and always before it
/// waits, so an envelope never sits here while its worker is idle (see <see cref="Worker"/>).
/// </remarks>
internal sealed class WorkerOutbox(Worker target)
{
    public const int Capacity = 32;

    private readonly Envelope[] _items = new Envelope[Capacity];

    public int Count { get; private set; }

    /// <summary>Adds an envelope; returns true if the outbox is now full (the caller flushes it).</summary>
    public bool Add(in Envelope envelope)
    {
        _items[Count++] = envelope;
        return Count == Capacity;
    }

    public void Flush()
    {
        target.PublishBatch(_items, Count);
        Array.Clear(_items, 0, Count); // drop the references: the target owns the envelopes now
        Count = 0;
    }

    /// <summary>A stop without drain: what was never published is counted as undelivered.</summary>
    public void Abandon()
    {
        for (int i = 0; i < Count; i++)
        {
            _items[i].Cell.Abandon(_items[i]);
        }

        Array.Clear(_items, 0, Count);
        Count = 0;
    }
}
