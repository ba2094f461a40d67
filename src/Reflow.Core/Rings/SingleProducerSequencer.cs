using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reflow.Rings;

/// <summary>
/// A sequencer for exactly one producer thread: claiming and publishing take no atomic instruction and no fence.
/// </summary>
/// <remarks>
/// Design: <see cref="ProducerState"/> is written only by the producer thread and kept on lines of its own.
/// The claim is a plain increment of <c>NextValue</c>; the cached minimum consumer position means the gating
/// sequences (other threads' lines) are read only once per lap of the ring, not once per claim. Publishing is
/// one release store of the cursor (a plain <c>mov</c> on x64). Calling a claim method from two threads at once
/// corrupts the ring; use <see cref="MultiProducerSequencer"/> for that.
/// </remarks>
public sealed class SingleProducerSequencer : Sequencer
{
    [StructLayout(LayoutKind.Explicit, Size = Padding.Size * 2 + 16)]
    private struct ProducerState
    {
        [FieldOffset(Padding.Size)]
        public long NextValue;

        [FieldOffset(Padding.Size + 8)]
        public long CachedGatingValue;
    }

    private ProducerState _producer;

    /// <summary>Creates a sequencer for a ring of <paramref name="bufferSize"/> slots.</summary>
    /// <param name="bufferSize">A power of two.</param>
    /// <param name="waitStrategy">How consumers wait; <see cref="SpinYieldParkWaitStrategy"/> when null.</param>
    public SingleProducerSequencer(int bufferSize, WaitStrategy? waitStrategy = null) : base(bufferSize, waitStrategy)
    {
        _producer.NextValue = Sequence.InitialValue;
        _producer.CachedGatingValue = Sequence.InitialValue;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next() => Next(1);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int count) => Next(count, CancellationToken.None);

    /// <inheritdoc />
    /// <remarks>The claim is committed only after the wait, so a cancelled wait claims nothing.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int count, CancellationToken cancellationToken)
    {
        if ((uint)(count - 1) >= (uint)_bufferSize)
        {
            ThrowHelper.ThrowClaimCountOutOfRange(count, _bufferSize);
        }

        long current = _producer.NextValue;
        long next = current + count;
        long wrapPoint = next - _bufferSize;
        long cachedGating = _producer.CachedGatingValue;
        if (wrapPoint > cachedGating | cachedGating > current | IsShutdown)
        {
            NextOnWrapPointReached(wrapPoint, current, cancellationToken);
        }

        _producer.NextValue = next;
        AssertInvariants();
        return next;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NextOnWrapPointReached(long wrapPoint, long current, CancellationToken cancellationToken)
    {
        if (IsShutdown)
        {
            ThrowHelper.ThrowShutdown();
        }

        _producer.CachedGatingValue = WaitForCapacity(wrapPoint, current, cancellationToken);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool TryNext(out long sequence) => TryNext(1, out sequence);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool TryNext(int count, out long highest)
    {
        if ((uint)(count - 1) >= (uint)_bufferSize)
        {
            ThrowHelper.ThrowClaimCountOutOfRange(count, _bufferSize);
        }

        long current = _producer.NextValue;
        long next = current + count;
        long wrapPoint = next - _bufferSize;
        long cachedGating = _producer.CachedGatingValue;
        if ((wrapPoint > cachedGating | cachedGating > current | IsShutdown) && !HasCapacityOnWrapPointReached(wrapPoint, current))
        {
            highest = Sequence.InitialValue;
            return false;
        }

        _producer.NextValue = next;
        highest = next;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool HasCapacityOnWrapPointReached(long wrapPoint, long current)
    {
        if (IsShutdown)
        {
            return false;
        }

        long minimum = MinimumGatingSequence(current);
        _producer.CachedGatingValue = minimum;
        return wrapPoint <= minimum;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        _cursor.SetValue(sequence); // release: the slot's contents are visible before the new cursor is
        _waitStrategy.SignalAfterPublish();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long low, long high) => Publish(high);

    /// <inheritdoc />
    public override bool IsAvailable(long sequence)
    {
        long cursor = _cursor.Value;
        return sequence <= cursor && sequence > cursor - _bufferSize;
    }

    /// <inheritdoc />
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence) => availableSequence;

    /// <inheritdoc />
    /// <remarks>Reads the producer's private state: call it from the producer thread.</remarks>
    public override long RemainingCapacity
    {
        get
        {
            long next = _producer.NextValue;
            return _bufferSize - (next - MinimumGatingSequence(next));
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_producer.NextValue - _producer.CachedGatingValue <= _bufferSize,
            "The producer has claimed more than a ring's worth of slots past the slowest consumer it knows of.");
        Debug.Assert(_cursor.Value <= _producer.NextValue, "The cursor is ahead of the last claimed slot.");
    }
}
