using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// The first <see cref="Capacity"/> failures of a run, in the order they were recorded (the counts
/// are the cells'). Written by any worker on the failure path (never per message), read when the run is over.
/// </summary>
/// <remarks>
/// Design: a writer claims a slot with one interlocked increment and fills it; once the slots are gone, a writer only
/// skips building the record (<see cref="IsFull"/>). The run reads the slots after every worker has
/// stopped, so every claimed slot is filled by then.
/// </remarks>
internal sealed class FailureLog
{
    /// <summary>
    /// How many failures are kept. The number is the scheduler's, so that it does not look up to the network layer
    /// for it (DESIGN §2); <c>NetworkRunResult.FailuresKept</c> publishes it.
    /// </summary>
    public const int Capacity = 100;

    private readonly ActorFailure?[] _first = new ActorFailure?[Capacity];
    private long _count;

    /// <summary>Every slot is taken: a failure is only counted (the caller need not build its record).</summary>
    public bool IsFull => Interlocked.Read(ref _count) >= _first.Length;

    /// <summary>Records a failure (kept while slots are left).</summary>
    public void Add(ActorFailure failure)
    {
        long slot = Interlocked.Increment(ref _count) - 1; // claims the slot: no two writers fill the same one
        if (slot < _first.Length)
        {
            Volatile.Write(ref _first[slot], failure);
        }
    }

    /// <summary>The kept failures, in order (call when the run is over).</summary>
    public ActorFailure[] Snapshot()
    {
        int kept = (int)Math.Min(Interlocked.Read(ref _count), _first.Length);
        var failures = new List<ActorFailure>(kept);
        for (int i = 0; i < kept; i++)
        {
            if (Volatile.Read(ref _first[i]) is { } failure) // a record made while the run ended may be missing
            {
                failures.Add(failure);
            }
        }

        return [.. failures];
    }
}
