using System.Buffers;
using System.Threading.Channels;

namespace Reflow.Distributed.Transport;

// At-most-once: frames are handled on the connection's read loop as they arrive (InlineFrameSubscription) while the
// target has room — decoded, delivered with TrySend and credited there, no thread woken. A frame that finds the target
// full, or arrives while earlier ones wait, goes to the delivery loop (RunQueueAsync) instead, which waits for room; the
// read loop never waits for the target, so one slow part cannot hold up the other edges on its connection.
//
// Order: _owned counts what the delivery loop holds — frames queued or a batch it is finishing, plus one token until
// RunAsync has a target and one once the edge is over. The read loop handles a frame itself only when _owned is 0, and
// the delivery loop gives its count back only after a frame is fully delivered, so the two never hold frames at once,
// never reorder them, and share the decoder safely. _inline (set with a full fence before _owned is read, against
// the delivery loop's Interlocked increment before it reads _inline) lets the loop wait out a read-loop handler
// already under way when the edge ends.
internal sealed partial class RemoteEdgeReceiver
{
    private readonly Channel<QueuedFrame> _queue = Channel.CreateUnbounded<QueuedFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly byte[] _inlineCredit = new byte[RemoteEdgeFrame.SmallFrameLength];
    private readonly RemoteEdgeBatchDecoder _decoder;
    private IRemoteEdgeTarget? _target;
    private byte[] _contiguous = [];
    private int _owned = 1; // the "no target yet" token
    private int _inline;
    private RemoteEdgeFrameHeader _resume; // the Batch the read loop handed over part-delivered
    private int _resumeFrom;
    private long? _endedInline;

    // On the read loop. Never waits for the target; waits only for its own credit publish.
    private ValueTask OnDataPayload(ReadOnlySequence<byte> payload)
    {
        Interlocked.Exchange(ref _inline, 1);
        if (Volatile.Read(ref _owned) != 0)
        {
            Volatile.Write(ref _inline, 0);
            Enqueue(payload);
            return ValueTask.CompletedTask;
        }

        try
        {
            return HandleInline(payload);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _owned); // nothing more is handled here
            _queue.Writer.TryComplete(ex); // the delivery loop throws it
            return ValueTask.CompletedTask;
        }
        finally
        {
            Volatile.Write(ref _inline, 0);
        }
    }

    private ValueTask HandleInline(ReadOnlySequence<byte> payload)
    {
        IRemoteEdgeTarget target = _target!; // set before the "no target yet" token is given back
        if (Accept(Contiguous(payload), _decoder) is not { } header)
        {
            return ValueTask.CompletedTask;
        }

        switch (header.Kind)
        {
            case RemoteEdgeFrameKind.Batch:
                int from = BeginBatch(header);
                if (from >= 0)
                {
                    int stopped = DeliverReady(_decoder, target, from);
                    if (stopped < _decoder.Count)
                    {
                        // The target is full: the delivery loop waits for room, and the frames after this one queue behind it.
                        (_resume, _resumeFrom) = (header, stopped);
                        Interlocked.Increment(ref _owned);
                        _queue.Writer.TryWrite(default);
                        return ValueTask.CompletedTask;
                    }

                    FinishBatch(header, _decoder);
                }

                break;
            case RemoteEdgeFrameKind.Probe:
                OnProbe(header);
                break;
            default: // End: nothing more is handled here; the delivery loop returns the result
                _endedInline = header.Value;
                Interlocked.Increment(ref _owned);
                ValueTask ack = EndAsync(header, target, CancellationToken.None);
                _queue.Writer.TryComplete();
                return ack;
        }

        return CreditAsync(_inlineCredit, CancellationToken.None);
    }

    private void Enqueue(ReadOnlySequence<byte> payload)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        payload.CopyTo(copy);
        Interlocked.Increment(ref _owned);
        if (!_queue.Writer.TryWrite(new QueuedFrame(copy, (int)payload.Length)))
        {
            ArrayPool<byte>.Shared.Return(copy); // the edge is over: nobody reads it
        }
    }

    private ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan;
        }

        if (_contiguous.Length < payload.Length)
        {
            _contiguous = new byte[Math.Max((int)payload.Length, _contiguous.Length * 2)];
        }

        payload.CopyTo(_contiguous);
        return _contiguous.AsSpan(0, (int)payload.Length);
    }

    /// <summary>The delivery loop: frames the read loop could not deliver at once, in order, until End.</summary>
    private async Task<RemoteEdgeResult> RunQueueAsync(InlineFrameSubscription subscription, IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandon.Token);
        Volatile.Write(ref _target, target);
        Interlocked.Decrement(ref _owned); // the read loop may deliver from now on
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out QueuedFrame frame))
                {
                    long? total = await ProcessAsync(frame, target, stop.Token).ConfigureAwait(false);
                    if (total is long sent)
                    {
                        return Ended(sent);
                    }
                }
            }

            if (_endedInline is long ended)
            {
                return Ended(ended);
            }

            throw new InvalidOperationException($"The subscription of {_edge} ended before the sender's End.", subscription.Exception);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await StopInlineAsync().ConfigureAwait(false);
            return Abandoned(target);
        }
        finally
        {
            await StopInlineAsync().ConfigureAwait(false);
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out QueuedFrame left))
            {
                left.Return();
            }
        }
    }

    private async ValueTask<long?> ProcessAsync(QueuedFrame frame, IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        long? total;
        if (frame.Buffer is null)
        {
            // The batch the read loop began: the rest of it, waiting for room, then its credit.
            await DeliverAsync(_decoder, target, _resumeFrom, cancellationToken).ConfigureAwait(false);
            FinishBatch(_resume, _decoder);
            await CreditAsync(_creditFrame, cancellationToken).ConfigureAwait(false);
            total = null;
        }
        else
        {
            RemoteEdgeFrameHeader? header;
            try
            {
                header = Accept(frame.Buffer.AsSpan(0, frame.Length), _decoder);
            }
            finally
            {
                frame.Return();
            }

            total = header is { } accepted ? await ApplyAsync(accepted, _decoder, target, cancellationToken).ConfigureAwait(false) : null;
        }

        if (total is null)
        {
            Interlocked.Decrement(ref _owned); // fully delivered: the read loop may take the next frame itself
        }

        return total;
    }

    /// <summary>Stops the read loop from handling frames, and waits until one it is handling now is done.</summary>
    private async ValueTask StopInlineAsync()
    {
        Interlocked.Increment(ref _owned);
        while (Volatile.Read(ref _inline) != 0)
        {
            await Task.Yield();
        }
    }

    // A frame copied off the read loop; a null buffer means "finish the batch the read loop began".
    private readonly record struct QueuedFrame(byte[]? Buffer, int Length)
    {
        public void Return()
        {
            if (Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }
}
