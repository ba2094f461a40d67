using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reflow.Rings;

/// <summary>
/// A preallocated ring of <typeparamref name="T"/> structs, indexed by sequence, with a
/// <see cref="Rings.Sequencer"/> that hands its slots to producers and consumers.
/// </summary>
/// <typeparam name="T">The slot type. Slots are reused in place (accessed by <see langword="ref"/>), never allocated.</typeparam>
/// <remarks>
/// <para>Producer: <c>long s = sequencer.Next(); ring[s] = value; sequencer.Publish(s);</c>. Consumer: see
/// <see cref="SequenceBarrier"/>. Nothing allocates after construction.</para>
/// <para>The entry array carries <see cref="Padding.Size"/> bytes of unused slots at each end, so the first and
/// last slots do not share a cache line with the array header or a neighbouring object.</para>
/// </remarks>
public sealed class RingBuffer<T> where T : struct
{
    private static readonly int s_slotPadding = (Padding.Size + Unsafe.SizeOf<T>() - 1) / Unsafe.SizeOf<T>();

    private readonly T[] _entries;
    private readonly long _indexMask;

    /// <summary>Creates a ring whose slots are handed out by <paramref name="sequencer"/> (its size is the ring's size).</summary>
    public RingBuffer(Sequencer sequencer)
    {
        ArgumentNullException.ThrowIfNull(sequencer);
        Sequencer = sequencer;
        _indexMask = sequencer.BufferSize - 1;
        _entries = new T[sequencer.BufferSize + 2 * s_slotPadding];
    }

    /// <summary>Creates a ring for one producer thread (no atomics when claiming or publishing).</summary>
    /// <param name="bufferSize">A power of two.</param>
    /// <param name="waitStrategy">How consumers wait; <see cref="SpinYieldParkWaitStrategy"/> when null.</param>
    public static RingBuffer<T> CreateSingleProducer(int bufferSize, WaitStrategy? waitStrategy = null) =>
        new(new SingleProducerSequencer(bufferSize, waitStrategy));

    /// <summary>Creates a ring that many threads may publish to concurrently.</summary>
    /// <param name="bufferSize">A power of two.</param>
    /// <param name="waitStrategy">How consumers wait; <see cref="SpinYieldParkWaitStrategy"/> when null.</param>
    public static RingBuffer<T> CreateMultiProducer(int bufferSize, WaitStrategy? waitStrategy = null) =>
        new(new MultiProducerSequencer(bufferSize, waitStrategy));

    /// <summary>The sequencer that hands out this ring's slots.</summary>
    public Sequencer Sequencer { get; }

    /// <summary>The number of slots.</summary>
    public int Size => (int)(_indexMask + 1);

    /// <summary>The slot for <paramref name="sequence"/> (any sequence maps to a slot; the sequencer says which are safe to touch).</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), (nint)(sequence & _indexMask) + s_slotPadding);
    }

    /// <summary>
    /// The slots <c>[<paramref name="low"/>, <paramref name="high"/>]</c> as at most two spans (two when the range
    /// wraps past the end of the array), for batch processing with span APIs.
    /// </summary>
    public void GetSpans(long low, long high, out Span<T> first, out Span<T> second)
    {
        long count = high - low + 1;
        if (count <= 0 || count > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(high), $"The range [{low}, {high}] must hold 1 to {Size} slots.");
        }

        int start = (int)(low & _indexMask);
        int firstLength = (int)Math.Min(count, Size - start);
        first = _entries.AsSpan(s_slotPadding + start, firstLength);
        second = _entries.AsSpan(s_slotPadding, (int)count - firstLength);
    }
}
