using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reflow.Rings;

/// <summary>
/// A 64-bit position in a ring (a producer's cursor or a consumer's progress), padded so that it owns its
/// cache lines.
/// </summary>
/// <remarks>
/// Design: each <see cref="Sequence"/> has exactly one writer (the producer for a cursor, the consumer for its
/// progress) and any number of readers. The writer publishes with release semantics
/// (<see cref="SetValue"/>) after it has finished with the slots the value covers; readers load with acquire
/// semantics (<see cref="Value"/>) before they touch those slots. That pairing is the whole memory-ordering
/// contract of the ring; no reader ever needs a full fence. The value sits <see cref="Padding.Size"/> bytes
/// from anything else so that the single writer's stores never invalidate a line some other hot field lives on.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Padding.Size * 2 + sizeof(long))]
[DebuggerDisplay("{Value}")]
public sealed class Sequence
{
    /// <summary>The value of a sequence that has not seen any slot yet: the first slot is 0.</summary>
    public const long InitialValue = -1;

    [FieldOffset(Padding.Size)]
    private long _value;

    // The runtime ignores StructLayout.Size on classes, so the trailing padding needs a field of its own at the
    // far end; it is never read or written. PaddingTests measures the real object size.
#pragma warning disable CS0169 // never used: it only reserves space
    [FieldOffset(Padding.Size * 2)]
    private long _trailingPadding;
#pragma warning restore CS0169

    /// <summary>Creates a sequence at <see cref="InitialValue"/>.</summary>
    public Sequence() : this(InitialValue)
    {
    }

    /// <summary>Creates a sequence at <paramref name="initialValue"/>.</summary>
    public Sequence(long initialValue) => _value = initialValue;

    /// <summary>The current value, read with acquire semantics.</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _value); // acquire: slot reads that follow cannot move above this load
    }

    /// <summary>Stores <paramref name="value"/> with release semantics (a plain store on x64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValue(long value) => Volatile.Write(ref _value, value); // release: slot writes before it stay before it

    /// <summary>Stores <paramref name="value"/> with a full fence, so later loads cannot pass the store.</summary>
    public void SetValueVolatile(long value) => Interlocked.Exchange(ref _value, value); // full fence (StoreLoad)

    /// <summary>Atomically sets the value to <paramref name="newValue"/> if it equals <paramref name="expected"/>.</summary>
    /// <returns><see langword="true"/> if the value was replaced.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long newValue) =>
        Interlocked.CompareExchange(ref _value, newValue, expected) == expected; // full fence; the claim point of TryNext

    /// <summary>Atomically adds <paramref name="increment"/> and returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AddAndGet(long increment) => Interlocked.Add(ref _value, increment); // full fence; the multi-producer claim

    /// <summary>Atomically adds one and returns the new value.</summary>
    public long IncrementAndGet() => Interlocked.Increment(ref _value);

    /// <summary>The smallest value among <paramref name="sequences"/>, or <paramref name="minimum"/> if that is smaller or the array is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Minimum(Sequence[] sequences, long minimum = long.MaxValue)
    {
        for (int i = 0; i < sequences.Length; i++)
        {
            long value = sequences[i].Value;
            if (value < minimum)
            {
                minimum = value;
            }
        }

        return minimum;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
