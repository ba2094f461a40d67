namespace Reflow.Networks;

/// <summary>The placement's answer: the worker of each actor, and how many regular and blocking workers there are.</summary>
/// <param name="WorkerOf">Per actor, its worker: regular workers first (0 … <paramref name="RegularWorkers"/> - 1), then the blocking ones.</param>
/// <param name="RegularWorkers">How many regular workers the network uses.</param>
/// <param name="BlockingWorkers">How many workers run actors that may block.</param>
internal sealed record PlacementResult(int[] WorkerOf, int RegularWorkers, int BlockingWorkers)
{
    /// <summary>All workers: regular and blocking.</summary>
    public int Workers => RegularWorkers + BlockingWorkers;
}
