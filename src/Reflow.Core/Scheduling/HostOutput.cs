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

    public override bool TryRead([MaybeNullWhen(false)] out Message item)
    {
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
