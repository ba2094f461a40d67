using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Reflow.Distributed.Transport;

// At-least-once: reading the edge's frames from the run's JetStream stream.
//
// A consumer of our own rather than NATS.Net's ordered consumer: that one filters with FilterSubjects, which servers
// before 2.10 ignore (it would hand this edge every edge's frames). This one is what the ordered consumer is — an
// ephemeral, unacknowledged, in-memory consumer filtered by the edge's subject, created again from the next stream
// sequence when a delivery went missing on the way (its consumer sequence jumped).
//
// No JetStream acks: a receiver started again (its part restarted elsewhere, with a fresh network) reads from the
// first frame, and every receiver trims by sequence what it already delivered (a sender started again numbers from 0),
// so nothing needs to remember what a consumer has seen, and the server never redelivers on its own.
internal sealed partial class RemoteEdgeReceiver
{
    // Frames the server may push ahead of the receiver: a bound on the memory a replay can take, each frame holding
    // up to MaxBatch messages.
    private static readonly NatsJSConsumeOpts ConsumeOptions = new() { MaxMsgs = 64 };

    // An idle consumer (its receiver's process died) is removed by the server after this.
    private static readonly TimeSpan ConsumerInactiveThreshold = TimeSpan.FromMinutes(1);

    private readonly INatsJSContext? _js;
    private INatsJSConsumer? _consumer;

    /// <summary>Refuses, on an at-least-once edge, a frame that cannot be right: the stream loses nothing, so a gap is a bug, never a loss.</summary>
    private void CheckDurable(in RemoteEdgeFrameHeader header)
    {
        switch (header.Kind)
        {
            case RemoteEdgeFrameKind.Batch when header.Value > _next:
                throw RemoteEdgeFrame.Fail(_edge, "first sequence", 3, $"{header.Value} leaves a gap after the {_next} messages delivered, which an at-least-once edge cannot have");
            case RemoteEdgeFrameKind.End when header.Value > _next:
                throw RemoteEdgeFrame.Fail(_edge, "total", 3, $"the sender's total {header.Value} is more than the {_next} messages delivered, which an at-least-once edge cannot have");
            case RemoteEdgeFrameKind.Probe:
                throw RemoteEdgeFrame.Fail(_edge, "kind", 2, "a Probe has no place on an at-least-once edge");
        }
    }

    private async Task<RemoteEdgeResult> RunDurableAsync(IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        INatsJSConsumer consumer = _consumer ?? throw new InvalidOperationException($"Start the receiver of {_edge} (StartAsync) before running it.");
        _consumer = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandon.Token);
        using var decoder = new RemoteEdgeBatchDecoder(_edge);
        ulong lastStreamSequence = 0;
        Task heartbeat = CreditHeartbeatAsync(stop.Token);
        try
        {
            while (true)
            {
                ulong expected = 1;
                bool reset = false;
                try
                {
                    await foreach (INatsJSMsg<NatsMemoryOwner<byte>> msg in consumer.ConsumeAsync(NatsRawSerializer<NatsMemoryOwner<byte>>.Default, ConsumeOptions, stop.Token).ConfigureAwait(false))
                    {
                        if (msg.Metadata is not { } metadata || metadata.Sequence.Consumer != expected)
                        {
                            // A delivery went missing between server and client: read again from after the last one seen.
                            msg.Data.Dispose();
                            reset = true;
                            break;
                        }

                        expected++;
                        lastStreamSequence = metadata.Sequence.Stream;
                        long? total = await OnFrameAsync(msg.Data, decoder, target, stop.Token).ConfigureAwait(false);
                        if (total is long sent)
                        {
                            return Ended(sent);
                        }
                    }
                }
                catch (NatsJSProtocolException) when (!stop.IsCancellationRequested)
                {
                    reset = true; // the consumer was deleted under it (server restart, inactivity): made again below
                }
                finally
                {
                    await DeleteConsumerAsync(consumer).ConfigureAwait(false);
                }

                if (!reset)
                {
                    stop.Token.ThrowIfCancellationRequested(); // NATS.Net ends the enumeration quietly when cancelled
                    throw new InvalidOperationException($"The JetStream consumer of {_edge} ended before the sender's End.");
                }

                consumer = await CreateConsumerAsync(lastStreamSequence + 1, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Abandoned(target);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Repeats the credit every probe interval. A sender started again learns its receiver's credit only from credit
    /// frames; when the server drops its first frames as duplicates (same message ids as its predecessor's, inside the
    /// duplicate window) no frame reaches this receiver to answer, and without this it would wait for credit forever.
    /// </summary>
    private async Task CreditHeartbeatAsync(CancellationToken cancellationToken)
    {
        byte[] frame = new byte[RemoteEdgeFrame.SmallFrameLength]; // not the loop's: both may write at once
        using var timer = new PeriodicTimer(_probeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                long next = Volatile.Read(ref _next);
                if (next > 0)
                {
                    RemoteEdgeFrame.WriteSmall(frame, RemoteEdgeFrameKind.Credit, next);
                    await _connection.PublishAsync(_address.CreditSubject, frame, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the edge is over
        }
    }

    /// <summary>Creates an ephemeral consumer of this edge's frames from stream sequence <paramref name="from"/> (0 or 1: the first).</summary>
    private async Task<INatsJSConsumer> CreateConsumerAsync(ulong from, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            Name = $"reflow-{_address.RunId}-{_address.EdgeId}-{Guid.NewGuid():N}",
            FilterSubject = _address.StreamSubject,
            DeliverPolicy = from <= 1 ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.ByStartSequence,
            AckPolicy = ConsumerConfigAckPolicy.None,
            InactiveThreshold = ConsumerInactiveThreshold,
            MemStorage = true,
            NumReplicas = 1,
        };
        if (from > 1)
        {
            config.OptStartSeq = from;
        }

        try
        {
            return await _js!.CreateOrUpdateConsumerAsync(_address.StreamName, config, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            throw new InvalidOperationException(
                $"The run's stream {_address.StreamName} is missing, so {_edge} (at-least-once) cannot be read: it is created before the run starts (RemoteEdgeStream.CreateAsync).", ex);
        }
        catch (Exception ex) when (RemoteEdgeStream.IsNoJetStream(ex))
        {
            throw new InvalidOperationException(
                $"The NATS server at {_connection.Opts.Url} has no JetStream, which {_edge} (at-least-once) needs: start it with -js (nats-server -js), or enable jetstream {{}} in its configuration.", ex);
        }
    }

    /// <summary>Removes the consumer at once (the inactivity threshold would, later); failures are left to that threshold.</summary>
    private async Task DeleteConsumerAsync(INatsJSConsumer consumer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _js!.DeleteConsumerAsync(_address.StreamName, consumer.Info.Name, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or TimeoutException)
        {
            // gone already, or the server is unreachable: the inactivity threshold removes it
        }
    }
}
