using System.Runtime.CompilerServices;

namespace Reflow.Rings;

/// <summary>
/// What a consumer waits on: the producers' cursor, or the progress of the consumers it depends on.
/// Created by <see cref="Sequencer.NewBarrier"/>; one per consumer thread.
/// </summary>
/// <remarks>
/// The consumer loop processes whole batches in place:
/// <code>
/// long next = consumed.Value + 1;
/// while (barrier.TryWaitFor(next, out long available))
/// {
///     for (; next &lt;= available; next++) Handle(ref ring[next]);
///     consumed.SetValue(available); // frees the batch's slots for the producers
/// }
/// </code>
/// </remarks>
public sealed class SequenceBarrier
{
    private readonly Sequencer _sequencer;
    private readonly WaitStrategy _waitStrategy;
    private readonly Sequence _cursor;
    private readonly Sequence[] _dependencies;

    internal SequenceBarrier(Sequencer sequencer, WaitStrategy waitStrategy, Sequence cursor, Sequence[] dependencies)
    {
        foreach (Sequence dependency in dependencies)
        {
            ArgumentNullException.ThrowIfNull(dependency, nameof(dependencies));
        }

        _sequencer = sequencer;
        _waitStrategy = waitStrategy;
        _cursor = cursor;
        _dependencies = dependencies;
    }

    /// <summary>The producers' cursor (see <see cref="Sequencer.Cursor"/>).</summary>
    public long Cursor => _cursor.Value;

    /// <summary>Whether the ring has been shut down.</summary>
    public bool IsShutdown => _sequencer.IsShutdown;

    internal long CursorValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _cursor.Value;
    }

    /// <summary>
    /// The batch-gathering pause of this consumer's next wait (see <see cref="WaitStrategy"/>): a heuristic owned
    /// by the one consumer thread that uses the barrier, so a plain field.
    /// </summary>
    internal int GatherSpins;

    /// <summary>The sequence this barrier follows: the cursor, or the slowest of the dependencies.</summary>
    internal long DependentValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _dependencies.Length == 0 ? _cursor.Value : Sequence.Minimum(_dependencies);
    }

    /// <summary>
    /// Waits until slot <paramref name="sequence"/> is published and returns the highest sequence up to which
    /// every slot is, so the caller can process the whole batch <c>[sequence, available]</c> in place.
    /// </summary>
    /// <param name="sequence">The next sequence the consumer wants.</param>
    /// <param name="available">The highest readable sequence (at least <paramref name="sequence"/>) when the
    /// method returns <see langword="true"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>; a parked waiter is woken.</param>
    /// <returns><see langword="false"/> once the ring has been shut down and nothing at or after
    /// <paramref name="sequence"/> is published; published slots are always handed out first.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWaitFor(long sequence, out long available, CancellationToken cancellationToken = default)
    {
        long highest = _waitStrategy.WaitFor(sequence, this, cancellationToken);
        if (highest < sequence)
        {
            available = highest;
            return false;
        }

        available = _sequencer.GetHighestPublishedSequence(sequence, highest);
        return available >= sequence || WaitForClaimedSlotToBePublished(sequence, out available, cancellationToken);
    }

    /// <summary>
    /// With several producers the cursor counts claims: <paramref name="sequence"/> is claimed but its producer
    /// has not published it yet. That is a window of a few instructions unless the producer was preempted, so spin.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitForClaimedSlotToBePublished(long sequence, out long available, CancellationToken cancellationToken)
    {
        var spinner = new SpinWait();
        while (!_sequencer.IsAvailable(sequence))
        {
            if (_sequencer.IsShutdown)
            {
                available = sequence - 1;
                return false;
            }

            cancellationToken.ThrowIfCancellationRequested();
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        available = _sequencer.GetHighestPublishedSequence(sequence, DependentValue);
        return true;
    }
}
