using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// A batch actor's input (see <see cref="BatchActor"/>): what waits for its turn, and the batch being handled (kept
/// until it is handled, so that a retry hands the same messages again). Made only for batch actors; owner-only.
/// </summary>
internal sealed class BatchInbox(int maxSize)
{
    /// <summary>Deliver envelopes waiting for the next batch, in arrival order; used in place (a mutable struct).</summary>
    public CellQueue<Envelope> Queue;

    /// <summary>A Batch envelope is posted and has not run yet.</summary>
    public bool Scheduled;

    public int MaxSize { get; } = maxSize;

    /// <summary>The batch taken: its messages, the edge of each (null: an initial packet), and how many.</summary>
    public BatchMessage[] Items { get; private set; } = new BatchMessage[Math.Min(maxSize, 16)];

    public Edge?[] Edges { get; private set; } = new Edge?[Math.Min(maxSize, 16)];

    public int Taken { get; private set; }

    public ReadOnlySpan<BatchMessage> Batch => Items.AsSpan(0, Taken);

    /// <summary>Adds a message to the batch being taken, growing the arrays (up to the bound) as batches grow.</summary>
    public void Take(in Envelope envelope)
    {
        if (Taken == Items.Length)
        {
            int size = Math.Min(MaxSize, Items.Length * 2);
            BatchMessage[] items = Items;
            Edge?[] edges = Edges;
            Array.Resize(ref items, size);
            Array.Resize(ref edges, size);
            (Items, Edges) = (items, edges);
        }

        Edges[Taken] = envelope.Edge;
        Items[Taken++] = new BatchMessage(envelope.InPort, envelope.Edge is { } edge ? edge.TargetElement : -1, envelope.Message);
    }

    /// <summary>Forgets the batch (it was handled or dead-lettered), dropping its references.</summary>
    public void Clear()
    {
        Array.Clear(Items, 0, Taken);
        Array.Clear(Edges, 0, Taken);
        Taken = 0;
    }
}
