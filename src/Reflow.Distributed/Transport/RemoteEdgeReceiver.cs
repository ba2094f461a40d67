using System.Threading.Channels;
using NATS.Client.Core;
using Reflow.Messages;

namespace Reflow.Distributed.Transport;

/// <summary>
/// The receiving end of a remote edge: delivers Batch frames into its target in sequence order, each message once,
/// and credits the sender after each batch; a gap in the sequence is counted as lost and delivery goes on.
/// </summary>
/// <remarks>
/// Credit is cumulative (messages delivered or declared lost), so a lost credit frame is healed by the next one. A
/// malformed frame is refused and counted (<see cref="ProtocolErrors"/>); it never ends the edge. Counters are
/// readable while it runs.
/// </remarks>
internal sealed class RemoteEdgeReceiver : IAsyncDisposable
{
    private readonly INatsConnection _connection;
    private readonly RemoteEdgeAddress _address;
    private readonly string _edge;
    private readonly byte[] _creditFrame = new byte[RemoteEdgeFrame.SmallFrameLength];
    private readonly CancellationTokenSource _abandon = new();
    private INatsSub<NatsMemoryOwner<byte>>? _subscription;
    private long _next;     // the next sequence expected: everything below it was delivered or declared lost
    private long _received;
    private long _lost;
    private long _known = -1; // the most the sender is known to have sent, -1 while unknown
    private long _frames;
    private long _bytes;
    private long _protocolErrors;
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

    /// <summary>Subscribes to the data subject; when this returns, frames published by a sender are received.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            throw new InvalidOperationException($"The receiver of {_edge} is already started.");
        }

        _subscription = await _connection.SubscribeCoreAsync(
            _address.DataSubject, serializer: NatsRawSerializer<NatsMemoryOwner<byte>>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
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
        INatsSub<NatsMemoryOwner<byte>> subscription = _subscription ?? throw new InvalidOperationException($"Start the receiver of {_edge} (StartAsync) before running it.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandon.Token);
        using var decoder = new RemoteEdgeBatchDecoder(_edge);
        try
        {
            ChannelReader<NatsMsg<NatsMemoryOwner<byte>>> frames = subscription.Msgs;
            while (await frames.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (frames.TryRead(out NatsMsg<NatsMemoryOwner<byte>> msg))
                {
                    long? total = await OnFrameAsync(msg, decoder, target, stop.Token).ConfigureAwait(false);
                    if (total is long sent)
                    {
                        return new RemoteEdgeResult(sent, Received, Lost, Frames, Bytes, ProtocolErrors, null);
                    }
                }
            }

            throw new InvalidOperationException($"The subscription of {_edge} ended before the sender's End.");
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            long known = Volatile.Read(ref _known);
            if (known > _next)
            {
                Volatile.Write(ref _lost, Lost + (known - _next));
                _next = known;
            }

            target.Complete();
            return new RemoteEdgeResult(Math.Max(known, 0), Received, Lost, Frames, Bytes, ProtocolErrors, _abandonReason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }

        _abandon.Dispose();
    }

    /// <summary>Handles one frame; returns the sender's total when it was the End that finished the edge.</summary>
    private async ValueTask<long?> OnFrameAsync(NatsMsg<NatsMemoryOwner<byte>> msg, RemoteEdgeBatchDecoder decoder, IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        RemoteEdgeFrameHeader header;
        int length;
        using (NatsMemoryOwner<byte> data = msg.Data)
        {
            length = data.Length;
            try
            {
                header = RemoteEdgeFrame.Read(data.Span, _edge);
                if (header.Kind == RemoteEdgeFrameKind.Batch && header.Value + header.Count > _next)
                {
                    decoder.Decode(data.Span, header); // checks the whole payload before anything is delivered
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
        }

        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, length);
        switch (header.Kind)
        {
            case RemoteEdgeFrameKind.Batch:
                await DeliverAsync(header, decoder, target, cancellationToken).ConfigureAwait(false);
                break;
            case RemoteEdgeFrameKind.Probe:
                Known(header.Value);
                SkipTo(header.Value); // below the sender's next sequence and not here: lost on the way
                break;
            default: // End
                Known(header.Value);
                SkipTo(header.Value);
                target.Complete();
                byte[] ack = new byte[RemoteEdgeFrame.EndAckLength];
                RemoteEdgeFrame.WriteEndAck(ack, Received, Lost);
                await _connection.PublishAsync(_address.CreditSubject, ack, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
                return header.Value;
        }

        RemoteEdgeFrame.WriteSmall(_creditFrame, RemoteEdgeFrameKind.Credit, _next);
        await _connection.PublishAsync(_address.CreditSubject, _creditFrame, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async ValueTask DeliverAsync(RemoteEdgeFrameHeader header, RemoteEdgeBatchDecoder decoder, IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        long first = header.Value;
        long end = first + header.Count;
        Known(end);
        if (end <= _next)
        {
            return; // all delivered before (a redelivery): credit again, deliver nothing
        }

        SkipTo(first);
        int from = (int)(_next - first); // a redelivery overlapping what was delivered starts past it
        for (int i = from; i < decoder.Count; i++)
        {
            Message message = decoder.Messages[i];
            if (!target.TrySend(message))
            {
                await target.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }

            Volatile.Write(ref _received, _received + 1);
        }

        decoder.Clear();
        _next = end;
    }

    private void SkipTo(long sequence)
    {
        if (sequence > _next)
        {
            Volatile.Write(ref _lost, _lost + (sequence - _next));
            _next = sequence;
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
