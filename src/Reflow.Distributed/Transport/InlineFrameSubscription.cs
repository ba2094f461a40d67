using System.Buffers;
using NATS.Client.Core;

namespace Reflow.Distributed.Transport;

/// <summary>
/// A core NATS subscription whose frames are handled on the connection's read loop as they are parsed, with no
/// channel between: NATS.Net's own subscriptions copy each payload into a message and queue it for a reader on another
/// thread, and on a remote edge that hand-off (a thread woken per frame, both ways) cost more than the frame's work.
/// </summary>
/// <remarks>
/// The handler must not wait on anything but the connection's own publishes: while it runs, no other frame of any
/// subscription on this connection is read. The payload is valid only until the handler's task completes. An
/// exception out of the handler ends the subscription (NATS.Net records it as <see cref="NatsSubBase.Exception"/>);
/// handlers catch what they can answer themselves.
/// </remarks>
internal sealed class InlineFrameSubscription : NatsSubBase
{
    private readonly Func<ReadOnlySequence<byte>, ValueTask> _handler;
    private readonly Action? _ended;

    private InlineFrameSubscription(
        INatsConnection connection, string subject, Func<ReadOnlySequence<byte>, ValueTask> handler, Action? ended, CancellationToken cancellationToken)
        : base(connection, connection.SubscriptionManager, subject, queueGroup: null, opts: null, cancellationToken) =>
        (_handler, _ended) = (handler, ended);

    /// <summary>
    /// Subscribes <paramref name="handler"/> to <paramref name="subject"/>; frames published after this returns reach it.
    /// <paramref name="ended"/> is called once the subscription has ended (unsubscribed, the connection disposed, or the
    /// handler threw: then <see cref="NatsSubBase.Exception"/> says what).
    /// </summary>
    public static async Task<InlineFrameSubscription> SubscribeAsync(
        INatsConnection connection, string subject, Func<ReadOnlySequence<byte>, ValueTask> handler, Action? ended, CancellationToken cancellationToken)
    {
        var subscription = new InlineFrameSubscription(connection, subject, handler, ended, cancellationToken);
        await connection.AddSubAsync(subscription, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    protected override ValueTask ReceiveInternalAsync(string subject, string? replyTo, ReadOnlySequence<byte>? headersBuffer, ReadOnlySequence<byte> payloadBuffer) =>
        _handler(payloadBuffer);

    // NATS.Net may call this from its constructor (a token cancelled already), before _ended is set: hence the null check.
    protected override void TryComplete() => _ended?.Invoke();
}
