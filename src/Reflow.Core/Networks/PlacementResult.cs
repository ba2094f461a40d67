namespace Reflow.Networks;

/// <summary>The placement's answer: the worker of each actor, how many regular workers there are, and how many threads each pool uses.</summary>
/// <param name="WorkerOf">Per actor, its worker: regular workers first (0 … <paramref name="RegularWorkers"/> - 1), then each pool's threads in pool order.</param>
/// <param name="RegularWorkers">How many regular workers the network uses.</param>
/// <param name="PoolWorkers">Per pool, how many threads it uses (0: no actor runs on it).</param>
internal sealed record PlacementResult(int[] WorkerOf, int RegularWorkers, int[] PoolWorkers)
{
    /// <summary>Threads of all the pools together (the blocking pool's, when it is the only one).</summary>
    public int BlockingWorkers => PoolWorkers.Sum();

    /// <summary>All workers: regular and pool threads.</summary>
    public int Workers => RegularWorkers + BlockingWorkers;
}
