using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Reflow.Messages;

namespace Reflow.Distributed.Transport;

/// <summary>
/// The sending end of a remote edge: reads a part network's exported out-port and publishes its messages in Batch
/// frames, never more than <see cref="RemoteEdgeOptions.Capacity"/> of them uncredited by the receiver.
/// </summary>
/// <remarks>
/// <para>Batching never waits for a batch to fill: the sender takes what the source has ready (up to the credit left
/// and <see cref="RemoteEdgeOptions.MaxBatch"/>), sends it, and waits only when the source is empty or the credit is
/// spent. Low load gives small frames at once; high load gives full ones.</para>
/// <para>Before the first batch the sender probes until the receiver answers: a subscription on another server of a
/// cluster takes a moment to be known there, and a frame published before that would be dropped by NATS.</para>
/// <para>At-least-once (<see cref="DeliveryMode.AtLeastOnce"/>): Batch and End frames go into the run's JetStream
/// stream instead, each publish awaited until the server acknowledges it (RemoteEdgeSender.JetStream.cs). No handshake
/// and no probes: the stream keeps frames published before the receiver exists, and loses none. Credit still comes
/// over core NATS and still bounds what is sent and not yet delivered.</para>
/// <para>Counters are readable while it runs (progress, and tests of the flow control).</para>
/// </remarks>
internal sealed partial class RemoteEdgeSender
{
    // The handshake probes this often until the receiver answers (capped by ProbeInterval).
    private static readonly TimeSpan HandshakeInterval = TimeSpan.FromMilliseconds(50);

    private readonly INatsConnection _connection;
    private readonly RemoteEdgeAddress _address;
    private readonly RemoteEdgeOptions _options;
    private readonly string _edge;
    private readonly INatsJSContext? _js;
    private readonly Channel<bool> _creditMoved = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly TaskCompletionSource _endAcked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sent;
    private long _credited;
    private long _maxUncredited;
    private long _frames;
    private long _bytes;
    private long _protocolErrors;
    private long _ackReceived;
    private long _ackLost;
    private volatile bool _connected;
    private volatile bool _endSent;
    private volatile string? _abandonReason;

    public RemoteEdgeSender(INatsConnection connection, RemoteEdgeAddress address, RemoteEdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _connection = connection;
        _address = address;
        _options = options;
        _edge = address.ToString();
        if (options.Delivery == DeliveryMode.AtLeastOnce)
        {
            _js = new NatsJSContext(connection);
            _connected = true; // the stream holds what is published before the receiver is there: nothing to wait for
        }
    }

    /// <summary>Messages published so far.</summary>
    public long Sent => Volatile.Read(ref _sent);

    /// <summary>The receiver's cumulative credit: messages it delivered or declared lost.</summary>
    public long Credited => Volatile.Read(ref _credited);

    /// <summary>
    /// Messages published and not yet credited (never more than the capacity). At-least-once, a sender started again
    /// numbers from 0 while its receiver's credit may already be ahead: then nothing is outstanding.
    /// </summary>
    public long Uncredited => Math.Max(0, Sent - Credited);

    /// <summary>The most messages that were ever uncredited at once.</summary>
    public long MaxUncredited => Volatile.Read(ref _maxUncredited);

    /// <summary>Frames published (batches, probes, ends).</summary>
    public long Frames => Volatile.Read(ref _frames);

    /// <summary>Bytes of the frames published.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Credit-subject frames refused as malformed.</summary>
    public long ProtocolErrors => Volatile.Read(ref _protocolErrors);

    /// <summary>
    /// The receiver's node died: stop waiting for credit, read the source to its end and count every message not
    /// credited as lost. Idempotent; the first reason is kept.
    /// </summary>
    public void Abandon(string reason)
    {
        Interlocked.CompareExchange(ref _abandonReason, reason ?? "abandoned", null);
        _creditMoved.Writer.TryWrite(true);
        _endAcked.TrySetResult();
    }

    /// <summary>Sends everything <paramref name="source"/> yields, then End, and waits for the receiver's EndAck.</summary>
    /// <param name="source">The exported out-port's reader (bounded: reading slower holds the part network back).</param>
    /// <param name="cancellationToken">Stops the edge (nothing more is sent; the receiver learns nothing).</param>
    /// <exception cref="InvalidOperationException">One message is larger than the NATS server accepts in one frame.</exception>
    public async Task<RemoteEdgeResult> RunAsync(ChannelReader<Message> source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_js is not null && await FindEndAsync(_js, cancellationToken).ConfigureAwait(false) is long total)
        {
            return await DrainFinishedAsync(source, total, cancellationToken).ConfigureAwait(false);
        }

        await using InlineFrameSubscription credits = await InlineFrameSubscription.SubscribeAsync(
            _connection, _address.CreditSubject, OnCreditPayload, ended: null, cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task probeLoop = _js is null ? ProbeAsync(stop.Token) : Task.CompletedTask;
        try
        {
            long drained = await SendAllAsync(source, cancellationToken).ConfigureAwait(false);
            if (_abandonReason is null)
            {
                _endSent = true;
                if (_js is null)
                {
                    await PublishSmallAsync(RemoteEdgeFrameKind.End, Sent, cancellationToken).ConfigureAwait(false);
                }
                else if (await PublishEndDurablyAsync(cancellationToken).ConfigureAwait(false))
                {
                    // The stream had this End already: a sender before this one finished the edge, and its receiver
                    // may be done and gone, so no EndAck is to be waited for.
                    return new RemoteEdgeResult(Sent, Credited, 0, Frames, Bytes, ProtocolErrors, null);
                }

                await _endAcked.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            string? reason = _abandonReason;
            return reason is null
                ? new RemoteEdgeResult(Sent, Volatile.Read(ref _ackReceived), Volatile.Read(ref _ackLost), Frames, Bytes, ProtocolErrors, null)
                : new RemoteEdgeResult(Sent, Credited, Sent + drained - Credited, Frames, Bytes, ProtocolErrors, reason);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await probeLoop.ConfigureAwait(false);
        }
    }

    /// <summary>The batching loop; returns how many messages were read but not sent because the edge was abandoned.</summary>
    private async Task<long> SendAllAsync(ChannelReader<Message> source, CancellationToken cancellationToken)
    {
        using var encoder = new RemoteEdgeBatchEncoder();
        int budget = PayloadBudget();
        Message carry = default;
        bool hasCarry = false;
        while (!_connected && _abandonReason is null)
        {
            await _creditMoved.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        while (_abandonReason is null)
        {
            long sent = _sent; // only this loop writes it
            long window = _options.Capacity - Math.Max(0, sent - Credited);
            if (window <= 0)
            {
                await _creditMoved.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            int max = (int)Math.Min(window, _options.MaxBatch);
            encoder.Reset();
            if (hasCarry)
            {
                encoder.TryAdd(carry, budget); // first in its batch: always taken
                hasCarry = false;
                carry = default;
            }

            while (encoder.Count < max && source.TryRead(out Message message))
            {
                if (!encoder.TryAdd(message, budget))
                {
                    carry = message;
                    hasCarry = true;
                    break;
                }
            }

            if (encoder.Count == 0)
            {
                if (!await source.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }

                continue;
            }

            await PublishBatchAsync(encoder, sent, budget, cancellationToken).ConfigureAwait(false);
        }

        // Abandoned: the receiver is gone, but the part network upstream must still be able to finish.
        long drained = hasCarry ? 1 : 0;
        while (await source.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (source.TryRead(out _))
            {
                drained++;
            }
        }

        return drained;
    }

    private async ValueTask PublishBatchAsync(RemoteEdgeBatchEncoder encoder, long first, int budget, CancellationToken cancellationToken)
    {
        int count = encoder.Count;
        ReadOnlyMemory<byte> frame = encoder.Finish(first, _options.CompressionThreshold);
        if (frame.Length - RemoteEdgeFrame.BatchHeaderLength > budget)
        {
            throw new InvalidOperationException(
                $"A message on {_edge} takes {encoder.PayloadLength} bytes, more than one frame may carry ({budget} bytes: the NATS server's max_payload less the header).");
        }

        // Counted before publishing: the receiver's credit for this batch can come back before PublishAsync returns,
        // and a credit above Sent would be refused as impossible.
        long sent = first + count;
        Volatile.Write(ref _sent, sent);
        if (_js is not null)
        {
            await PublishDurablyAsync(_js, frame, first, count, cancellationToken).ConfigureAwait(false);
        }
        else if (_options.DropBatch?.Invoke(first) != true)
        {
            await _connection.PublishAsync(_address.DataSubject, frame, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }

        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, frame.Length);
        long uncredited = Math.Max(0, sent - Credited);
        if (uncredited > Volatile.Read(ref _maxUncredited))
        {
            Volatile.Write(ref _maxUncredited, uncredited); // only this loop writes it
        }
    }

    private int PayloadBudget()
    {
        long maxPayload = _connection.ServerInfo?.MaxPayload ?? 1024 * 1024;
        return (int)Math.Min(maxPayload, RemoteEdgeFrame.MaxFrameLength) - RemoteEdgeFrame.BatchHeaderLength;
    }
}
