using System.Diagnostics;
using NATS.Client.Core;

namespace Reflow.Distributed.Transport;

// The sender's two background loops: credit frames from the receiver, and probes when credit stands still.
internal sealed partial class RemoteEdgeSender
{
    private async Task ReadCreditsAsync(INatsSub<NatsMemoryOwner<byte>> credits, CancellationToken cancellationToken)
    {
        try
        {
            while (await credits.Msgs.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (credits.Msgs.TryRead(out NatsMsg<NatsMemoryOwner<byte>> msg))
                {
                    using NatsMemoryOwner<byte> data = msg.Data;
                    try
                    {
                        OnCreditFrame(RemoteEdgeFrame.Read(data.Span, _edge));
                    }
                    catch (RemoteEdgeProtocolException)
                    {
                        Interlocked.Increment(ref _protocolErrors);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the edge is over
        }
    }

    private void OnCreditFrame(in RemoteEdgeFrameHeader frame)
    {
        switch (frame.Kind)
        {
            case RemoteEdgeFrameKind.Credit:
                if (frame.Value > Sent)
                {
                    throw RemoteEdgeFrame.Fail(_edge, "credit", 3, $"{frame.Value} is more than the {Sent} messages sent");
                }

                // Cumulative: a late or repeated credit frame never takes the count back.
                long seen = Volatile.Read(ref _credited);
                while (frame.Value > seen)
                {
                    long was = Interlocked.CompareExchange(ref _credited, frame.Value, seen);
                    if (was == seen)
                    {
                        break;
                    }

                    seen = was;
                }

                break;
            case RemoteEdgeFrameKind.EndAck:
                if (!_endSent)
                {
                    throw RemoteEdgeFrame.Fail(_edge, "kind", 2, "an EndAck came before End was sent");
                }

                Volatile.Write(ref _ackReceived, frame.Value);
                Volatile.Write(ref _ackLost, frame.Value2);
                _endAcked.TrySetResult();
                break;
            default:
                throw RemoteEdgeFrame.Fail(_edge, "kind", 2, $"{frame.Kind} is a data-subject frame, not a credit-subject one");
        }

        _connected = true;
        _creditMoved.Writer.TryWrite(true);
    }

    /// <summary>Probes until the receiver is heard; then whenever credit stands still for ProbeInterval with messages outstanding; repeats End until it is acknowledged.</summary>
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        TimeSpan tick = _options.ProbeInterval < HandshakeInterval ? _options.ProbeInterval : HandshakeInterval;
        using var timer = new PeriodicTimer(tick);
        long lastCredit = -1;
        long lastMove = Stopwatch.GetTimestamp();
        try
        {
            if (!_connected)
            {
                await PublishSmallAsync(RemoteEdgeFrameKind.Probe, 0, cancellationToken).ConfigureAwait(false);
            }

            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false) && _abandonReason is null)
            {
                if (!_connected)
                {
                    await PublishSmallAsync(RemoteEdgeFrameKind.Probe, 0, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                long credited = Credited;
                if (credited != lastCredit)
                {
                    lastCredit = credited;
                    lastMove = Stopwatch.GetTimestamp();
                    continue;
                }

                if (Stopwatch.GetElapsedTime(lastMove) < _options.ProbeInterval)
                {
                    continue;
                }

                lastMove = Stopwatch.GetTimestamp();
                if (_endSent && !_endAcked.Task.IsCompleted)
                {
                    await PublishSmallAsync(RemoteEdgeFrameKind.End, Sent, cancellationToken).ConfigureAwait(false); // the End frame may be the one lost
                }
                else if (Sent > credited)
                {
                    await PublishSmallAsync(RemoteEdgeFrameKind.Probe, Sent, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the edge is over
        }
    }

    private async ValueTask PublishSmallAsync(RemoteEdgeFrameKind kind, long value, CancellationToken cancellationToken)
    {
        // Rare frames (one per probe interval at most, and one End): a fresh array keeps the two loops from sharing one.
        byte[] frame = new byte[RemoteEdgeFrame.SmallFrameLength];
        RemoteEdgeFrame.WriteSmall(frame, kind, value);
        await _connection.PublishAsync(_address.DataSubject, frame, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, frame.Length);
    }
}
