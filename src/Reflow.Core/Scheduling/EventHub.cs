using System.Threading.Channels;
using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// The network's event stream: one bounded channel per subscriber, all subscribed before the run starts.
/// </summary>
/// <remarks>
/// Zero cost when nobody listens: every publisher tests <see cref="Enabled"/> (or <see cref="MessagesEnabled"/>
/// on the per-message path), a field that is written only before the workers start, and builds the event only
/// when it is set. A subscriber that reads slowly loses its oldest events, counted, rather than slowing workers.
/// </remarks>
internal sealed class EventHub(TimeProvider time)
{
    private readonly List<(Channel<NetworkEvent> Channel, bool Messages)> _subscribers = [];
    private long _discarded;

    /// <summary>Someone listens to lifecycle events.</summary>
    public bool Enabled { get; private set; }

    /// <summary>Someone listens to message events.</summary>
    public bool MessagesEnabled { get; private set; }

    public long Discarded => Interlocked.Read(ref _discarded);

    public ChannelReader<NetworkEvent> Subscribe(NetworkEventSubscription subscription)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subscription.Capacity, 1, nameof(subscription));
        Channel<NetworkEvent> channel = Channel.CreateBounded<NetworkEvent>(
            new BoundedChannelOptions(subscription.Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false },
            _ => Interlocked.Increment(ref _discarded));
        _subscribers.Add((channel, subscription.IncludeMessages));
        Enabled = true;
        MessagesEnabled |= subscription.IncludeMessages;
        return channel.Reader;
    }

    public void Publish(NetworkEventKind kind, string? node = null, string? port = null, Reflow.Messages.Message? message = null, Exception? exception = null, ActorState? state = null) =>
        Publish(new NetworkEvent(kind, time.GetUtcNow(), node, port, message, exception) { State = state });

    public void PublishIfEnabled(NetworkEventKind kind, string? node = null, string? port = null, Exception? exception = null)
    {
        if (Enabled)
        {
            Publish(kind, node, port, exception: exception);
        }
    }

    public void Publish(NetworkEvent networkEvent)
    {
        foreach ((Channel<NetworkEvent> channel, bool messages) in _subscribers)
        {
            if (messages || networkEvent.Kind != NetworkEventKind.MessageSent)
            {
                channel.Writer.TryWrite(networkEvent);
            }
        }
    }

    public void Complete()
    {
        foreach ((Channel<NetworkEvent> channel, _) in _subscribers)
        {
            channel.Writer.TryComplete();
        }
    }
}
