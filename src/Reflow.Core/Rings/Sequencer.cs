using System.Numerics;
using System.Runtime.CompilerServices;

namespace Reflow.Rings;

/// <summary>
/// Hands out slots of a ring to producers and tells consumers which slots are published.
/// </summary>
/// <remarks>
/// <para>A producer claims with <see cref="Next()"/> (blocks while the ring is full) or <see cref="TryNext(out long)"/>
/// (reports full as <see langword="false"/>), writes the claimed slots of its <see cref="RingBuffer{T}"/>, then
/// <see cref="Publish(long)"/>es them. Consumers register their progress as gating sequences
/// (<see cref="AddGatingSequences"/>) so producers never overwrite a slot that has not been consumed, and wait
/// through a <see cref="SequenceBarrier"/> (<see cref="NewBarrier"/>).</para>
/// <para>Hold the concrete type (<see cref="SingleProducerSequencer"/> or <see cref="MultiProducerSequencer"/>)
/// on a hot path: its sealed members are called without virtual dispatch and inline.</para>
/// </remarks>
public abstract class Sequencer
{
    private protected readonly int _bufferSize;
    private protected readonly WaitStrategy _waitStrategy;
    private protected readonly Sequence _cursor = new();
    private Sequence[] _gatingSequences = [];
    private readonly Lock _gatingSequencesLock = new();
    private volatile bool _isShutdown;

    private protected Sequencer(int bufferSize, WaitStrategy? waitStrategy)
    {
        if (bufferSize < 1 || bufferSize > 1 << 30 || !BitOperations.IsPow2(bufferSize))
        {
            ThrowHelper.ThrowBufferSizeInvalid(bufferSize);
        }

        _bufferSize = bufferSize;
        _waitStrategy = waitStrategy ?? new SpinYieldParkWaitStrategy();
    }

    /// <summary>The number of slots in the ring (a power of two).</summary>
    public int BufferSize => _bufferSize;

    /// <summary>The wait strategy consumers of this ring use.</summary>
    public WaitStrategy WaitStrategy => _waitStrategy;

    /// <summary>
    /// The cursor: for a single producer the highest published sequence, for several producers the highest
    /// claimed one (use <see cref="GetHighestPublishedSequence"/> to find what is readable).
    /// </summary>
    public long Cursor => _cursor.Value;

    /// <summary>Whether <see cref="Shutdown"/> has been called.</summary>
    public bool IsShutdown => _isShutdown;

    /// <summary>Claims the next slot, waiting while the ring is full.</summary>
    /// <returns>The claimed sequence.</returns>
    /// <exception cref="RingShutdownException">The ring was shut down before or while waiting.</exception>
    public abstract long Next();

    /// <summary>Claims the next <paramref name="count"/> slots, waiting while there is not enough room.</summary>
    /// <returns>The highest claimed sequence; the batch is <c>[result - count + 1, result]</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not between 1 and <see cref="BufferSize"/>.</exception>
    /// <exception cref="RingShutdownException">The ring was shut down before or while waiting.</exception>
    public abstract long Next(int count);

    /// <summary>
    /// Claims the next <paramref name="count"/> slots, waiting while there is not enough room, until
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <returns>The highest claimed sequence; the batch is <c>[result - count + 1, result]</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not between 1 and <see cref="BufferSize"/>.</exception>
    /// <exception cref="RingShutdownException">The ring was shut down before or while waiting.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting; nothing was claimed.</exception>
    public abstract long Next(int count, CancellationToken cancellationToken);

    /// <summary>Claims the next slot if there is room now.</summary>
    /// <returns><see langword="false"/> if the ring is full or shut down.</returns>
    public abstract bool TryNext(out long sequence);

    /// <summary>Claims the next <paramref name="count"/> slots if there is room for all of them now.</summary>
    /// <param name="count">How many slots to claim.</param>
    /// <param name="highest">The highest claimed sequence; the batch is <c>[highest - count + 1, highest]</c>.</param>
    /// <returns><see langword="false"/> if there is not enough room or the ring is shut down.</returns>
    public abstract bool TryNext(int count, out long highest);

    /// <summary>Makes slot <paramref name="sequence"/> visible to consumers, and wakes a parked consumer if there is one.</summary>
    public abstract void Publish(long sequence);

    /// <summary>Makes slots <paramref name="low"/> to <paramref name="high"/> (inclusive) visible to consumers.</summary>
    public abstract void Publish(long low, long high);

    /// <summary>Whether slot <paramref name="sequence"/> has been published and not yet overwritten by a later lap.</summary>
    public abstract bool IsAvailable(long sequence);

    /// <summary>
    /// The highest sequence in <c>[<paramref name="lowerBound"/>, <paramref name="availableSequence"/>]</c> up
    /// to which every slot is published, or <c>lowerBound - 1</c> if <paramref name="lowerBound"/> itself is not.
    /// </summary>
    public abstract long GetHighestPublishedSequence(long lowerBound, long availableSequence);

    /// <summary>How many slots could be claimed now without waiting.</summary>
    public abstract long RemainingCapacity { get; }

    /// <summary>
    /// Adds consumer sequences that producers must not lap. Each is first set to the current cursor so that it
    /// does not hold back slots published before it joined.
    /// </summary>
    public void AddGatingSequences(params ReadOnlySpan<Sequence> sequences)
    {
        lock (_gatingSequencesLock)
        {
            Sequence[] current = _gatingSequences;
            var updated = new Sequence[current.Length + sequences.Length];
            current.CopyTo(updated, 0);
            long cursor = _cursor.Value;
            for (int i = 0; i < sequences.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(sequences[i]);
                sequences[i].SetValue(cursor);
                updated[current.Length + i] = sequences[i];
            }

            Volatile.Write(ref _gatingSequences, updated); // release: producers see a fully built array
        }
    }

    /// <summary>Removes a consumer sequence added with <see cref="AddGatingSequences"/>.</summary>
    /// <returns><see langword="true"/> if it was there.</returns>
    public bool RemoveGatingSequence(Sequence sequence)
    {
        lock (_gatingSequencesLock)
        {
            Sequence[] current = _gatingSequences;
            int index = Array.IndexOf(current, sequence);
            if (index < 0)
            {
                return false;
            }

            var updated = new Sequence[current.Length - 1];
            Array.Copy(current, 0, updated, 0, index);
            Array.Copy(current, index + 1, updated, index, current.Length - index - 1);
            Volatile.Write(ref _gatingSequences, updated);
            return true;
        }
    }

    /// <summary>
    /// Creates a barrier through which a consumer waits for published slots. With no
    /// <paramref name="dependencies"/> the consumer follows the producers; with some, it follows those consumers
    /// (a pipeline or diamond of consumers on one ring).
    /// </summary>
    public SequenceBarrier NewBarrier(params ReadOnlySpan<Sequence> dependencies) =>
        new(this, _waitStrategy, _cursor, dependencies.ToArray());

    /// <summary>
    /// Shuts the ring down: no more slots can be claimed, every producer waiting for room gets a
    /// <see cref="RingShutdownException"/>, and every consumer waiting on a barrier is woken and, once it has been
    /// handed what was published, gets <see langword="false"/> from <see cref="SequenceBarrier.TryWaitFor"/>.
    /// Idempotent.
    /// </summary>
    public void Shutdown()
    {
        _isShutdown = true; // volatile write: waiters poll it, and parking waiters re-check it under the wake-up lock
        _waitStrategy.WakeAll();
    }

    /// <summary>The lowest consumer position, or <paramref name="fallback"/> if it is lower or there are no consumers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected long MinimumGatingSequence(long fallback) =>
        Sequence.Minimum(Volatile.Read(ref _gatingSequences), fallback); // acquire: pairs with the release in AddGatingSequences

    /// <summary>
    /// Waits until every consumer has moved past <paramref name="wrapPoint"/> (so the slots up to it are free).
    /// Producers are never signalled by consumers: they spin and yield, and after a long stall sleep between
    /// checks, so a producer stuck behind a stalled consumer does not burn a core.
    /// </summary>
    /// <returns>The lowest consumer position seen, to be cached by the caller.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected long WaitForCapacity(long wrapPoint, long current, CancellationToken cancellationToken = default)
    {
        const int YieldingChecks = 2000;
        int checks = 0;
        var spinner = new SpinWait();
        long minimum;
        while (wrapPoint > (minimum = MinimumGatingSequence(current)))
        {
            if (_isShutdown)
            {
                ThrowHelper.ThrowShutdown();
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (checks++ < YieldingChecks)
            {
                spinner.SpinOnce(sleep1Threshold: -1); // spin, then Thread.Yield / Sleep(0); never a 1 ms sleep yet
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        return minimum;
    }
}
