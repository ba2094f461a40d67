using System.Buffers;
using System.Diagnostics;
using NATS.Client.Core;

namespace Reflow.Distributed.Transport;

// The sender's background work: credit frames from the receiver, and probes when credit stands still.
internal sealed partial class RemoteEdgeSender
{
    // On the credit subscription's read loop (InlineFrameSubscription): a credit moves the window at once, and the
    // sending loop is woken only through _creditMoved.
    private ValueTask OnCreditPayload(ReadOnlySequence<byte> payload)
    {
        try
        {
            if (payload.IsSingleSegment)
            {
                OnCreditFrame(RemoteEdgeFrame.Read(payload.FirstSpan, _edge));
            }
            else
            {
                Span<byte> frame = stackalloc byte[RemoteEdgeFrame.EndAckLength];
                if (payload.Length > frame.Length)
                {
                    throw RemoteEdgeFrame.Fail(_edge, "length", 0, $"{payload.Length} bytes is longer than any credit-subject frame");
                }

                payload.CopyTo(frame);
                OnCreditFrame(RemoteEdgeFrame.Read(frame[..(int)payload.Length], _edge));
            }
        }
        catch (RemoteEdgeProtocolException)
        {
            Interlocked.Increment(ref _protocolErrors);
        }

        return ValueTask.CompletedTask;
    }

    private void OnCreditFrame(in RemoteEdgeFrameHeader frame)
    {
        switch (frame.Kind)
        {
            case RemoteEdgeFrameKind.Credit:
                // At-least-once, a sender started again counts from 0 while its receiver already delivered more (from the
                // sender before it, kept in the stream): that credit is real, and the receiver trims what is sent again.
                if (frame.Value > Sent && _js is null)
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
