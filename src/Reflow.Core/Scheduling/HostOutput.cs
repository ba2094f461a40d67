using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// The host's end of an exported out-port: a <see cref="ChannelReader{T}"/> whose every read returns the edge's
/// credit, so a host that stops reading holds the producer back instead of letting the queue grow.
/// </summary>
internal sealed class HostOutput : ChannelReader<Message>
{
    // Unbounded on purpose: the edge's credits bound it to the edge's capacity.
    private readonly Channel<Message> _queue = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleWriter = false });

    public Edge Edge { get; set; } = null!;

    public override Task Completion => _queue.Reader.Completion;

    public override bool CanCount => true;

    public override int Count => _queue.Reader.Count;

    /// <summary>Hands a message to the host; false if the output was already completed (the run is over).</summary>
    public bool Enqueue(in Message message)
    {
        Edge.CountHandedToHost();
        return _queue.Writer.TryWrite(message);
    }

    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>The trace context the message last read carried (default when tracing is off or it carried none).</summary>
    public ActivityContext LastReadTrace
    {
        get
        {
            lock (_traceLock)
            {
                return _lastReadTrace;
            }
        }
    }

    private readonly Lock _traceLock = new();
    private ActivityContext _lastReadTrace;

    public override bool TryRead([MaybeNullWhen(false)] out Message item)
    {
        if (Edge.Traced)
        {
            // The read, its context and the credit's return under one lock: readers on several threads take the
            // slots in the order they take the messages (see Edge.StampTrace).
            lock (_traceLock)
            {
                if (!_queue.Reader.TryRead(out item))
                {
                    return false;
                }

                _lastReadTrace = Edge.NextHostReadTrace;
                Edge.ReleaseFromHost();
                return true;
            }
        }

        if (_queue.Reader.TryRead(out item))
        {
            Edge.ReleaseFromHost();
            return true;
        }

        return false;
    }

    public override bool TryPeek([MaybeNullWhen(false)] out Message item) => _queue.Reader.TryPeek(out item);

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
        _queue.Reader.WaitToReadAsync(cancellationToken);
}
