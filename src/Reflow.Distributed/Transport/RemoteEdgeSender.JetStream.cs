using System.Globalization;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Reflow.Messages;

namespace Reflow.Distributed.Transport;

// At-least-once: publishing into the run's JetStream stream, each frame acknowledged by the server before the next.
//
// Why no pipelining: a frame retried after a later one was stored would reach the receiver out of order (a gap,
// then a trimmed redelivery), so frames are published one at a time; a batch of up to MaxBatch messages per PubAck
// keeps the rate high anyway (measured in RemoteEdgeJetStreamThroughputTests).
//
// Why no JetStream acks on the receiving side: a part started again replays its inputs from the first message, and
// receivers trim by sequence, so nothing needs to remember what a consumer has seen.
internal sealed partial class RemoteEdgeSender
{
    // Between tries of a publish whose PubAck did not come (the server or its route may be failing over).
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <summary>Publishes a Batch frame and waits for its PubAck; retried (same message id) when the PubAck does not come.</summary>
    private async ValueTask PublishDurablyAsync(INatsJSContext js, ReadOnlyMemory<byte> frame, long first, int count, CancellationToken cancellationToken) =>
        await PublishWithRetriesAsync(js, frame, string.Create(CultureInfo.InvariantCulture, $"{_address.EdgeId}:{first}:{count}"), cancellationToken);

    /// <summary>Publishes the End frame durably: a receiver started later still finds it in the stream.</summary>
    /// <returns>Whether the server had this End already (dropped as a duplicate).</returns>
    private async ValueTask<bool> PublishEndDurablyAsync(CancellationToken cancellationToken)
    {
        byte[] frame = new byte[RemoteEdgeFrame.SmallFrameLength];
        RemoteEdgeFrame.WriteSmall(frame, RemoteEdgeFrameKind.End, Sent);
        bool duplicate = await PublishWithRetriesAsync(_js!, frame, string.Create(CultureInfo.InvariantCulture, $"{_address.EdgeId}:end:{Sent}"), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, frame.Length);
        return duplicate;
    }

    /// <returns>Whether the server dropped the frame as a duplicate of one it has.</returns>
    private async ValueTask<bool> PublishWithRetriesAsync(INatsJSContext js, ReadOnlyMemory<byte> frame, string messageId, CancellationToken cancellationToken)
    {
        // The message id lets the server drop a retry of a publish that was in fact stored (its PubAck lost); when
        // batch boundaries differ (a sender started again), the receiver's trimming by sequence does the work.
        var options = new NatsJSPubOpts { MsgId = messageId, RetryAttempts = 1 };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                PubAckResponse ack = await js.PublishAsync(
                    _address.StreamSubject, frame, NatsRawSerializer<ReadOnlyMemory<byte>>.Default, options, headers: null, cancellationToken).ConfigureAwait(false);
                if (ack.Error is { } error)
                {
                    throw new InvalidOperationException(
                        $"JetStream refused frame {messageId} of {_edge} (stream {_address.StreamName}): {error.Code} {error.Description}.");
                }

                return ack.Duplicate; // stored, or a duplicate the server dropped: either way it is in the stream once
            }
            catch (Exception ex) when (IsNoAck(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _options.PublishAttempts)
                {
                    throw new InvalidOperationException(
                        $"JetStream did not acknowledge frame {messageId} of {_edge} after {attempt} tries: is the run's stream {_address.StreamName} there (created before the run starts) and JetStream up on the server ({_connection.Opts.Url})?",
                        ex);
                }

                await Task.Delay(RetryPause * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Looks for an End already in the stream: a sender before this one (on a node that died since) finished the edge,
    /// and its receiver may be done and gone — then nothing would ever credit this sender, and its part would wait on it.
    /// </summary>
    /// <returns>The total that End reported, or <see langword="null"/> when the edge is not finished.</returns>
    private async Task<long?> FindEndAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        StreamMsgGetResponse last;
        try
        {
            INatsJSStream stream = await js.GetStreamAsync(_address.StreamName, cancellationToken: cancellationToken).ConfigureAwait(false);
            last = await stream.GetAsync(new StreamMsgGetRequest { LastBySubj = _address.StreamSubject }, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404 && ex.Error.ErrCode != 10059)
        {
            return null; // no frame on this edge yet (10059 is the stream itself missing)
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            throw new InvalidOperationException(
                $"The run's stream {_address.StreamName} is missing, so {_edge} (at-least-once) cannot be sent: it is created before the run starts (RemoteEdgeStream.CreateAsync).", ex);
        }
        catch (Exception ex) when (RemoteEdgeStream.IsNoJetStream(ex))
        {
            throw new InvalidOperationException(
                $"The NATS server at {_connection.Opts.Url} has no JetStream, which {_edge} (at-least-once, stream {_address.StreamName}) needs: start it with -js (nats-server -js), or enable jetstream {{}} in its configuration.", ex);
        }

        try
        {
            RemoteEdgeFrameHeader frame = RemoteEdgeFrame.Read(last.Message.Data.Span, _edge);
            return frame.Kind == RemoteEdgeFrameKind.End ? frame.Value : null;
        }
        catch (RemoteEdgeProtocolException)
        {
            Interlocked.Increment(ref _protocolErrors);
            return null;
        }
    }

    /// <summary>
    /// The edge was finished by a sender before this one: its receiver has (or, replaying, will have) those
    /// <paramref name="total"/> messages. Reads the source to its end, so the part network can finish, and sends
    /// nothing; what goes beyond that total can never reach the receiver and is counted lost.
    /// </summary>
    private static async Task<RemoteEdgeResult> DrainFinishedAsync(ChannelReader<Message> source, long total, CancellationToken cancellationToken)
    {
        long read = 0;
        while (await source.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (source.TryRead(out _))
            {
                read++;
            }
        }

        return new RemoteEdgeResult(read, Math.Min(read, total), Math.Max(0, read - total), 0, 0, 0, null);
    }

    /// <summary>A publish whose outcome is unknown (no PubAck in time, or nobody to answer yet): worth trying again.</summary>
    private static bool IsNoAck(Exception ex) =>
        ex is NatsJSPublishNoResponseException or NatsNoRespondersException or NatsNoReplyException or NatsTimeoutException or TimeoutException
            or NatsJSApiNoResponseException;
}
