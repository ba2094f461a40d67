using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// The network's event stream: bounded buffers per subscriber, subscribed before the run or while it runs.
/// </summary>
/// <remarks>
/// <para>Zero cost when nobody listens: every publisher tests <see cref="Enabled"/> (or, on the per-message path, a
/// cell's own flag set from <see cref="MessagesEnabled"/>) and builds the event only when it is set. A subscriber that
/// reads slowly loses its oldest events, counted, rather than slowing workers — message events and the others each in
/// a buffer of their own (<see cref="EventSubscriber"/>), so message events never displace a failure.</para>
/// <para>Subscribers live in an array replaced whole (copy on write, under a lock taken only by
/// <see cref="Subscribe"/> and <see cref="Complete"/>), so a publisher reads one reference and never locks. A
/// subscriber added while the run goes on gets every event published after <see cref="Subscribe"/> returned, none
/// from before and none twice.</para>
/// </remarks>
internal sealed class EventHub(TimeProvider time)
{
    private readonly Lock _gate = new();
    private EventSubscriber[] _subscribers = [];
    private bool _completed;
    private long _discarded;
    private long _window; // the current second of the message budget, counted by the timer from 0
    private ITimer? _windowTimer; // made by the first rate-limited message subscriber

    /// <summary>Someone listens to lifecycle events.</summary>
    public bool Enabled => Volatile.Read(ref _subscribers).Length != 0;

    /// <summary>Someone listens to message events.</summary>
    public bool MessagesEnabled { get; private set; }

    public long Discarded => Interlocked.Read(ref _discarded);

    /// <summary>
    /// Message events per edge per second, 0 for no limit (see <see cref="NetworkEventSubscription.MessageRateLimit"/>):
    /// read by the cells on every message they report, unfenced (it changes only when a subscriber arrives).
    /// </summary>
    public int MessageBudget { get; private set; }

    /// <summary>The budget's current second, counted from 0; a cell starts a new budget when it changes.</summary>
    public long Window => Volatile.Read(ref _window);

    public ChannelReader<NetworkEvent> Subscribe(NetworkEventSubscription subscription)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subscription.Capacity, 1, nameof(subscription));
        ArgumentOutOfRangeException.ThrowIfLessThan(subscription.MessageSampling, 1, nameof(subscription));
        ArgumentOutOfRangeException.ThrowIfNegative(subscription.MessageRateLimit, nameof(subscription));
        var subscriber = new EventSubscriber(
            subscription.Capacity,
            subscription.IncludeMessages ? subscription.MessageSampling : 0,
            () => Interlocked.Increment(ref _discarded));
        lock (_gate)
        {
            if (_completed)
            {
                subscriber.Complete(); // the run is over: nothing more will come
                return subscriber;
            }

            if (subscription.IncludeMessages)
            {
                int limit = subscription.MessageRateLimit;
                MessageBudget = !MessagesEnabled ? limit : MessageBudget == 0 || limit == 0 ? 0 : Math.Max(MessageBudget, limit);
                if (MessageBudget > 0 && _windowTimer is null)
                {
                    _windowTimer = time.CreateTimer(static hub => Interlocked.Increment(ref ((EventHub)hub!)._window), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
                }
            }

            Volatile.Write(ref _subscribers, [.. _subscribers, subscriber]);
            MessagesEnabled |= subscription.IncludeMessages;
        }

        return subscriber;
    }

    public void Publish(NetworkEventKind kind, string? node = null, string? port = null, Message? message = null, Exception? exception = null, ActorState? state = null) =>
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
        foreach (EventSubscriber subscriber in Volatile.Read(ref _subscribers))
        {
            if (subscriber.Sampling != 0 || networkEvent.Kind != NetworkEventKind.MessageSent)
            {
                subscriber.Write(networkEvent);
            }
        }
    }

    /// <summary>
    /// Publishes the <paramref name="sequence"/>-th message sent on an edge (counted from 1) to every message
    /// subscriber whose sampling takes it (1 in N: the N-th, 2N-th…); <paramref name="create"/> builds the event
    /// once, only if one does.
    /// </summary>
    public void PublishMessage<TState>(long sequence, Func<TState, NetworkEvent> create, TState state)
    {
        NetworkEvent? built = null;
        foreach (EventSubscriber subscriber in Volatile.Read(ref _subscribers))
        {
            if (subscriber.Sampling != 0 && sequence % subscriber.Sampling == 0)
            {
                subscriber.Write(built ??= create(state));
            }
        }
    }

    public DateTimeOffset Now => time.GetUtcNow();

    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _windowTimer?.Dispose();
            foreach (EventSubscriber subscriber in _subscribers)
            {
                subscriber.Complete();
            }
        }
    }
}
