using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Reflow.Messages;

namespace Reflow.Distributed.Transport;

/// <summary>
/// The receiving end of a remote edge: delivers Batch frames into its target in sequence order, each message once,
/// and credits the sender after each batch; a gap in the sequence is counted as lost and delivery goes on.
/// </summary>
/// <remarks>
/// <para>Credit is cumulative (messages delivered or declared lost), so a lost credit frame is healed by the next one. A
/// malformed frame is refused and counted (<see cref="ProtocolErrors"/>); it never ends the edge. Counters are
/// readable while it runs.</para>
/// <para>At-least-once (<see cref="DeliveryMode.AtLeastOnce"/>): frames are read from the run's JetStream stream from
/// the first one (RemoteEdgeReceiver.JetStream.cs), what was delivered before is trimmed and counted as
/// <see cref="Duplicates"/>, and a gap in the sequence — impossible, since the stream loses nothing — is refused as a
/// protocol error, never counted as lost.</para>
/// </remarks>
internal sealed partial class RemoteEdgeReceiver : IAsyncDisposable
{
    private readonly INatsConnection _connection;
    private readonly RemoteEdgeAddress _address;
    private readonly string _edge;
    private readonly byte[] _creditFrame = new byte[RemoteEdgeFrame.SmallFrameLength];
    private readonly CancellationTokenSource _abandon = new();
    private readonly bool _atLeastOnce;
    private readonly TimeSpan _probeInterval;
    private InlineFrameSubscription? _subscription;
    private long _next;     // the next sequence expected: everything below it was delivered or declared lost
    private long _received;
    private long _lost;
    private long _known = -1; // the most the sender is known to have sent, -1 while unknown
    private long _frames;
    private long _bytes;
    private long _protocolErrors;
    private long _duplicates;
    private volatile string? _abandonReason;

    /// <exception cref="ArgumentException">The connection drops messages when a subscription falls behind (it must have <c>SubPendingChannelFullMode = Wait</c>).</exception>
    public RemoteEdgeReceiver(INatsConnection connection, RemoteEdgeAddress address, RemoteEdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (connection.Opts.SubPendingChannelFullMode != BoundedChannelFullMode.Wait)
        {
            // NATS.Net's default drops frames silently when the receiver is slower than the sender.
            throw new ArgumentException(
                $"The NATS connection of {address} drops messages when a subscription falls behind ({connection.Opts.SubPendingChannelFullMode}); create it with SubPendingChannelFullMode = BoundedChannelFullMode.Wait.",
                nameof(connection));
        }

        _connection = connection;
        _address = address;
        _edge = address.ToString();
        _atLeastOnce = options.Delivery == DeliveryMode.AtLeastOnce;
        _probeInterval = options.ProbeInterval;
        _js = _atLeastOnce ? new NatsJSContext(connection) : null;
        _decoder = new RemoteEdgeBatchDecoder(_edge);
    }

    /// <summary>Messages delivered into the target.</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Messages declared lost (gaps in the sequence, or unaccounted for at End or Abandon).</summary>
    public long Lost => Volatile.Read(ref _lost);

    /// <summary>Frames accepted.</summary>
    public long Frames => Volatile.Read(ref _frames);

    /// <summary>Bytes of the frames accepted.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Frames refused as malformed.</summary>
    public long ProtocolErrors => Volatile.Read(ref _protocolErrors);

    /// <summary>Messages that arrived again after they were delivered (a replay, or a sender started again) and were trimmed.</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>
    /// Subscribes to the data subject; when this returns, frames a sender publishes through the same server are received
    /// (through another server of a cluster, once the interest has reached it: the sender's handshake waits for that). At-least-once:
    /// creates the consumer of the run's stream (which must exist), reading from its first frame.
    /// </summary>
    /// <exception cref="InvalidOperationException">At-least-once: the run's stream is missing, or the server has no JetStream.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null || _consumer is not null)
        {
            throw new InvalidOperationException($"The receiver of {_edge} is already started.");
        }

        if (_atLeastOnce)
        {
            _consumer = await CreateConsumerAsync(0, cancellationToken).ConfigureAwait(false);
            return;
        }

        _subscription = await InlineFrameSubscription.SubscribeAsync(
            _connection, _address.DataSubject, OnDataPayload, () => _queue.Writer.TryComplete(), cancellationToken).ConfigureAwait(false);

        // A round trip after the SUB: the server answers the PING only once it has taken the SUB before it. Without it a
        // sender's first probe could overtake the SUB (it travels on another connection), be dropped, and the edge
        // would wait one handshake interval (50 ms) before its first message.
        await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The sender's node died: complete the target and count as lost what the sender was known to have sent beyond
    /// what arrived. Idempotent; the first reason is kept.
    /// </summary>
    public void Abandon(string reason)
    {
        Interlocked.CompareExchange(ref _abandonReason, reason ?? "abandoned", null);
        _abandon.Cancel();
    }

    /// <summary>Delivers into <paramref name="target"/> until the sender's End (or <see cref="Abandon"/>), then completes it.</summary>
    /// <exception cref="InvalidOperationException"><see cref="StartAsync"/> was not called.</exception>
    public async Task<RemoteEdgeResult> RunAsync(IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (_atLeastOnce)
        {
            return await RunDurableAsync(target, cancellationToken).ConfigureAwait(false);
        }

        InlineFrameSubscription subscription = _subscription ?? throw new InvalidOperationException($"Start the receiver of {_edge} (StartAsync) before running it.");
        try
        {
            return await RunQueueAsync(subscription, target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Unsubscribed at once. (A sender whose EndAck is lost repeats End to nobody until it is abandoned.)
            _subscription = null;
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }

        if (_consumer is not null)
        {
            await DeleteConsumerAsync(_consumer).ConfigureAwait(false);
            _consumer = null;
        }

        _abandon.Dispose();
        _decoder.Dispose();
    }

    /// <summary>Handles one frame (its owner is disposed here); returns the sender's total when it was the End that finished the edge.</summary>
    private async ValueTask<long?> OnFrameAsync(NatsMemoryOwner<byte> frame, RemoteEdgeBatchDecoder decoder, IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        RemoteEdgeFrameHeader? header;
        using (NatsMemoryOwner<byte> data = frame)
        {
            header = Accept(data.Span, decoder);
        }

        return header is { } accepted ? await ApplyAsync(accepted, decoder, target, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Reads and checks one frame, decoding a Batch's messages into <paramref name="decoder"/>, and counts it; null
    /// when it is refused as malformed (counted in <see cref="ProtocolErrors"/>).
    /// </summary>
    private RemoteEdgeFrameHeader? Accept(ReadOnlySpan<byte> frame, RemoteEdgeBatchDecoder decoder)
    {
        RemoteEdgeFrameHeader header;
        try
        {
            header = RemoteEdgeFrame.Read(frame, _edge);
            if (_atLeastOnce)
            {
                CheckDurable(header);
            }

            if (header.Kind == RemoteEdgeFrameKind.Batch && header.Value + header.Count > _next)
            {
                decoder.Decode(frame, header); // checks the whole payload before anything is delivered
            }
            else if (header.Kind == RemoteEdgeFrameKind.End && header.Value < _next)
            {
                throw RemoteEdgeFrame.Fail(_edge, "total", 3, $"the sender's total {header.Value} is less than the {_next} messages already accounted for");
            }
            else if (header.Kind is RemoteEdgeFrameKind.Credit or RemoteEdgeFrameKind.EndAck)
            {
                throw RemoteEdgeFrame.Fail(_edge, "kind", 2, $"{header.Kind} is a credit-subject frame, not a data-subject one");
            }
        }
        catch (RemoteEdgeProtocolException)
        {
            Interlocked.Increment(ref _protocolErrors);
            return null;
        }

        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, frame.Length);
        return header;
    }

    /// <summary>Acts on an accepted frame, waiting for room in the target; returns the sender's total when it was the End.</summary>
    private async ValueTask<long?> ApplyAsync(RemoteEdgeFrameHeader header, RemoteEdgeBatchDecoder decoder, IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        switch (header.Kind)
        {
            case RemoteEdgeFrameKind.Batch:
                int from = BeginBatch(header);
                if (from >= 0)
                {
                    await DeliverAsync(decoder, target, from, cancellationToken).ConfigureAwait(false);
                    FinishBatch(header, decoder);
                }

                break;
            case RemoteEdgeFrameKind.Probe:
                OnProbe(header);
                break;
            default: // End
                await EndAsync(header, target, cancellationToken).ConfigureAwait(false);
                return header.Value;
        }

        await CreditAsync(_creditFrame, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Starts delivering a Batch: the index of its first message not delivered before, or −1 when all were (a redelivery).</summary>
    private int BeginBatch(in RemoteEdgeFrameHeader header)
    {
        long first = header.Value;
        long end = first + header.Count;
        Known(end);
        if (end <= _next)
        {
            Volatile.Write(ref _duplicates, _duplicates + header.Count);
            return -1; // all delivered before (a redelivery): credit again, deliver nothing
        }

        SkipTo(first);
        int from = (int)(_next - first); // a redelivery overlapping what was delivered starts past it
        Volatile.Write(ref _duplicates, _duplicates + from);
        return from;
    }

    /// <summary>Delivers the decoded messages from <paramref name="from"/> while the target has room; returns where it stopped.</summary>
    private int DeliverReady(RemoteEdgeBatchDecoder decoder, IRemoteEdgeTarget target, int from)
    {
        ReadOnlySpan<Message> messages = decoder.Messages;
        int i = from;
        while (i < messages.Length && target.TrySend(messages[i]))
        {
            i++;
        }

        Volatile.Write(ref _received, _received + (i - from));
        return i;
    }

    /// <summary>Delivers the decoded messages from <paramref name="from"/>, waiting for room when the target is full.</summary>
    private async ValueTask DeliverAsync(RemoteEdgeBatchDecoder decoder, IRemoteEdgeTarget target, int from, CancellationToken cancellationToken)
    {
        int i = DeliverReady(decoder, target, from);
        while (i < decoder.Count)
        {
            await target.SendAsync(decoder.Messages[i], cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _received, _received + 1);
            i = DeliverReady(decoder, target, i + 1);
        }
    }

    private void FinishBatch(in RemoteEdgeFrameHeader header, RemoteEdgeBatchDecoder decoder)
    {
        decoder.Clear();
        Volatile.Write(ref _next, header.Value + header.Count); // read by the at-least-once credit heartbeat
    }

    private void OnProbe(in RemoteEdgeFrameHeader header)
    {
        Known(header.Value);
        SkipTo(header.Value); // below the sender's next sequence and not here: lost on the way
    }

    private ValueTask EndAsync(in RemoteEdgeFrameHeader header, IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        Known(header.Value);
        SkipTo(header.Value);
        target.Complete();
        byte[] ack = new byte[RemoteEdgeFrame.EndAckLength];
        RemoteEdgeFrame.WriteEndAck(ack, Received, Lost);
        return _connection.PublishAsync(_address.CreditSubject, ack, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken);
    }

    /// <summary>Publishes the cumulative credit from <paramref name="buffer"/> (not written again until this completes).</summary>
    private ValueTask CreditAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        RemoteEdgeFrame.WriteSmall(buffer, RemoteEdgeFrameKind.Credit, _next);
        return _connection.PublishAsync(_address.CreditSubject, buffer, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken);
    }

    private RemoteEdgeResult Ended(long sent) => new(sent, Received, Lost, Frames, Bytes, ProtocolErrors, null, Duplicates);

    private RemoteEdgeResult Abandoned(IRemoteEdgeTarget target)
    {
        // Everything the sender is known to have sent either arrived or is lost (a batch cut short by the abandon included).
        long known = Volatile.Read(ref _known);
        if (known - Received > Lost)
        {
            Volatile.Write(ref _lost, known - Received);
        }

        target.Complete();
        return new RemoteEdgeResult(Math.Max(known, 0), Received, Lost, Frames, Bytes, ProtocolErrors, _abandonReason, Duplicates);
    }

    private void SkipTo(long sequence)
    {
        if (sequence > _next)
        {
            Volatile.Write(ref _lost, _lost + (sequence - _next));
            Volatile.Write(ref _next, sequence);
        }
    }

    private void Known(long sent)
    {
        if (sent > Volatile.Read(ref _known))
        {
            Volatile.Write(ref _known, sent);
        }
    }
}
