using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reflow.Rings;

/// <summary>
/// A sequencer that any number of threads may claim from and publish to concurrently.
/// </summary>
/// <remarks>
/// Design: the cursor is the highest <em>claimed</em> sequence; <see cref="Next(int)"/> claims with a single
/// <see cref="Interlocked.Add(ref long, long)"/> and only then checks for room, so producers never retry a claim.
/// Publication is per slot: <c>_availableBuffer[i]</c> holds the lap number (<c>sequence &gt;&gt; log2(size)</c>)
/// of the last publish into slot <c>i</c>, written with a release store by the publishing producer and read with
/// an acquire load by consumers, so slots can be published out of order and a consumer reads only the gap-free
/// prefix. The lap number is compared for equality, so its 32-bit wrap after 2^31 laps is harmless.
/// <see cref="TryNext(int, out long)"/> cannot un-claim, so it uses a compare-and-set loop instead of the add.
/// </remarks>
public sealed class MultiProducerSequencer : Sequencer
{
    private readonly Sequence _gatingSequenceCache = new();
    private readonly int[] _availableBuffer;
    private readonly int _indexMask;
    private readonly int _indexShift;

    /// <summary>Creates a sequencer for a ring of <paramref name="bufferSize"/> slots.</summary>
    /// <param name="bufferSize">A power of two.</param>
    /// <param name="waitStrategy">How consumers wait; <see cref="SpinYieldParkWaitStrategy"/> when null.</param>
    public MultiProducerSequencer(int bufferSize, WaitStrategy? waitStrategy = null) : base(bufferSize, waitStrategy)
    {
        _availableBuffer = new int[bufferSize];
        _availableBuffer.AsSpan().Fill(-1);
        _indexMask = bufferSize - 1;
        _indexShift = BitOperations.Log2((uint)bufferSize);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next() => Next(1);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int count)
    {
        if ((uint)(count - 1) >= (uint)_bufferSize)
        {
            ThrowHelper.ThrowClaimCountOutOfRange(count, _bufferSize);
        }

        if (IsShutdown)
        {
            ThrowHelper.ThrowShutdown();
        }

        long next = _cursor.AddAndGet(count); // the one atomic of a claim; its full fence keeps the cache read below after it
        long current = next - count;
        long wrapPoint = next - _bufferSize;
        long cachedGating = _gatingSequenceCache.Value;
        if (wrapPoint > cachedGating | cachedGating > current)
        {
            // Shared cache, several writers: a stale smaller value only costs another look at the consumers.
            _gatingSequenceCache.SetValue(WaitForCapacity(wrapPoint, current));
        }

        return next;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A claim taken with the atomic add cannot be given back, and a claimed slot that is never published stalls
    /// every consumer at it. So a wait that can be cancelled never claims first: it waits for room, then claims
    /// with the compare-and-set of <see cref="TryNext(int, out long)"/>, retrying if another producer took the
    /// room in between. Without a cancellable token this is <see cref="Next(int)"/>.
    /// </remarks>
    public override long Next(int count, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return Next(count);
        }

        while (true)
        {
            if (TryNext(count, out long highest))
            {
                return highest;
            }

            if (IsShutdown)
            {
                ThrowHelper.ThrowShutdown();
            }

            long current = _cursor.Value;
            WaitForCapacity(current + count - _bufferSize, current, cancellationToken);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool TryNext(out long sequence) => TryNext(1, out sequence);

    /// <inheritdoc />
    public override bool TryNext(int count, out long highest)
    {
        if ((uint)(count - 1) >= (uint)_bufferSize)
        {
            ThrowHelper.ThrowClaimCountOutOfRange(count, _bufferSize);
        }

        long current;
        long next;
        do
        {
            if (IsShutdown)
            {
                highest = Sequence.InitialValue;
                return false;
            }

            current = _cursor.Value;
            next = current + count;
            if (!HasAvailableCapacity(count, current))
            {
                highest = Sequence.InitialValue;
                return false;
            }
        }
        while (!_cursor.CompareAndSet(current, next)); // full fence; loses only to another producer's claim

        highest = next;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool HasAvailableCapacity(int count, long cursorValue)
    {
        long wrapPoint = cursorValue + count - _bufferSize;
        long cachedGating = _gatingSequenceCache.Value;
        if (wrapPoint > cachedGating | cachedGating > cursorValue)
        {
            long minimum = MinimumGatingSequence(cursorValue);
            _gatingSequenceCache.SetValue(minimum);
            return wrapPoint <= minimum;
        }

        return true;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        _waitStrategy.SignalAfterPublish();
    }

    /// <inheritdoc />
    public override void Publish(long low, long high)
    {
        for (long sequence = low; sequence <= high; sequence++)
        {
            SetAvailable(sequence);
        }

        _waitStrategy.SignalAfterPublish();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetAvailable(long sequence)
    {
        ref int flag = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_availableBuffer), (nint)(sequence & _indexMask));
        Volatile.Write(ref flag, (int)(sequence >> _indexShift)); // release: the slot's contents are visible before its lap flag
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool IsAvailable(long sequence)
    {
        ref int flag = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_availableBuffer), (nint)(sequence & _indexMask));
        return Volatile.Read(ref flag) == (int)(sequence >> _indexShift); // acquire: slot reads come after this load
    }

    /// <inheritdoc />
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence)
    {
        for (long sequence = lowerBound; sequence <= availableSequence; sequence++)
        {
            if (!IsAvailable(sequence))
            {
                return sequence - 1;
            }
        }

        return availableSequence;
    }

    /// <inheritdoc />
    public override long RemainingCapacity
    {
        get
        {
            long produced = _cursor.Value;
            return _bufferSize - (produced - MinimumGatingSequence(produced));
        }
    }
}
