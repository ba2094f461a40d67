namespace Reflow.Networks;

/// <summary>One actor as the placement sees it: the execution pool it runs on, and its estimated calls per unit of traffic.</summary>
/// <param name="Pool">The index of its pool in <see cref="PlacementPlan.PoolThreads"/>; -1: the regular workers.</param>
/// <param name="Calls">How many calls it gets per unit of traffic (one per in-edge; at least one, for a source).</param>
internal readonly record struct PlacementActor(int Pool, int Calls)
{
    /// <summary>An actor on the workers, or on the first pool (the blocking one) when <paramref name="MayBlock"/>.</summary>
    public PlacementActor(bool MayBlock, int calls)
        : this(MayBlock ? 0 : -1, calls)
    {
    }

    /// <summary>It runs on a pool's threads, not on the regular workers.</summary>
    public bool OnPool => Pool >= 0;
}
