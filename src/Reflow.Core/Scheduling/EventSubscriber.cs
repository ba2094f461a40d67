using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// One subscriber's buffered events, read as one stream: message events (<see cref="NetworkEventKind.MessageSent"/>)
/// and every other event in two bounded queues of the subscription's capacity each, so that a flood of message events
/// never pushes a failure, a log line or the end of the run out of the buffer. Each queue discards its own oldest when
/// full (counted by the hub).
/// </summary>
/// <remarks>
/// <para>Order: an event takes an ordinal from this subscriber's counter before it is written, and a reader takes the
/// queue head with the lower ordinal. A publisher (one worker) takes its ordinals and writes in program order, so its
/// events are read in the order it published them whichever queue each went to: anything ahead of its later event in
/// either queue took its ordinal before that later event did. Events that different workers publish at the same time
/// may be read in either order, as with one queue.</para>
/// <para>A subscriber without message events has the one queue and reads it directly.</para>
/// </remarks>
internal sealed class EventSubscriber : ChannelReader<NetworkEvent>
{
    private readonly Channel<SequencedEvent> _others;
    private readonly Channel<SequencedEvent>? _messages;
    private readonly Lock _readGate = new(); // readers only: peeking both heads and taking the lower one is one step
    private long _ordinal;

    /// <param name="capacity">Events buffered per queue.</param>
    /// <param name="sampling">1 in this many message events per edge; 0 for none (and no message queue).</param>
    /// <param name="discarded">Called for each event discarded because its queue was full.</param>
    public EventSubscriber(int capacity, int sampling, Action discarded)
    {
        Sampling = sampling;
        _others = CreateQueue(capacity, discarded);
        _messages = sampling != 0 ? CreateQueue(capacity, discarded) : null;
        Completion = _messages is null ? _others.Reader.Completion : Task.WhenAll(_others.Reader.Completion, _messages.Reader.Completion);
    }

    /// <summary>1 in this many message events per edge; 0 when this subscriber takes none.</summary>
    public int Sampling { get; }

    public override Task Completion { get; }

    public override bool CanCount => true;

    public override bool CanPeek => true;

    public override int Count => _others.Reader.Count + (_messages?.Reader.Count ?? 0);

    public void Write(NetworkEvent networkEvent)
    {
        // One queue needs no ordinal: its order is the channel's. Only a subscriber with two pays the shared increment.
        var item = new SequencedEvent(_messages is null ? 0 : Interlocked.Increment(ref _ordinal), networkEvent);
        Channel<SequencedEvent> queue = networkEvent.Kind == NetworkEventKind.MessageSent ? _messages ?? _others : _others;
        queue.Writer.TryWrite(item);
    }

    public void Complete()
    {
        _others.Writer.TryComplete();
        _messages?.Writer.TryComplete();
    }

    public override bool TryRead([MaybeNullWhen(false)] out NetworkEvent item)
    {
        SequencedEvent read;
        bool found;
        if (_messages is null)
        {
            found = _others.Reader.TryRead(out read);
        }
        else
        {
            lock (_readGate)
            {
                // A writer may discard the peeked head (its queue full) before it is read: the read then takes the
                // next one of that queue, which is no loss beyond the one already counted.
                Channel<SequencedEvent>? queue = Next(_messages);
                read = default;
                found = queue is not null && queue.Reader.TryRead(out read);
            }
        }

        item = found ? read.Event : null;
        return found;
    }

    public override bool TryPeek([MaybeNullWhen(false)] out NetworkEvent item)
    {
        SequencedEvent peeked = default;
        bool found;
        if (_messages is null)
        {
            found = _others.Reader.TryPeek(out peeked);
        }
        else
        {
            lock (_readGate)
            {
                Channel<SequencedEvent>? queue = Next(_messages);
                found = queue is not null && queue.Reader.TryPeek(out peeked);
            }
        }

        item = found ? peeked.Event : null;
        return found;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (_messages is null)
        {
            return _others.Reader.WaitToReadAsync(cancellationToken);
        }

        return _others.Reader.TryPeek(out _) || _messages.Reader.TryPeek(out _) ? new ValueTask<bool>(true) : WaitForEitherAsync(_messages, cancellationToken);
    }

    /// <summary>The queue whose head was published first, or null when both are empty.</summary>
    private Channel<SequencedEvent>? Next(Channel<SequencedEvent> messages)
    {
        bool other = _others.Reader.TryPeek(out SequencedEvent o);
        bool message = messages.Reader.TryPeek(out SequencedEvent m);
        return other && (!message || o.Ordinal < m.Ordinal) ? _others : message ? messages : null;
    }

    private async ValueTask<bool> WaitForEitherAsync(Channel<SequencedEvent> messages, CancellationToken cancellationToken)
    {
        // The wait left behind on the other queue is cancelled on the way out, so waits do not pile up on a quiet queue.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            Task<bool> others = _others.Reader.WaitToReadAsync(either.Token).AsTask();
            Task<bool> fromMessages = messages.Reader.WaitToReadAsync(either.Token).AsTask();
            Task<bool> first = await Task.WhenAny(others, fromMessages).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            // A queue that answers false is complete and empty: the run is over, and what is left is in the other one.
            return await first.ConfigureAwait(false) || await (first == others ? fromMessages : others).ConfigureAwait(false);
        }
        finally
        {
            await either.CancelAsync().ConfigureAwait(false);
        }
    }

    private static Channel<SequencedEvent> CreateQueue(int capacity, Action discarded) => Channel.CreateBounded<SequencedEvent>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false },
        _ => discarded());
}
