namespace Reflow.Networks;

/// <summary>What the placement decides from: the actors and edges of a network and the options that bound it.</summary>
/// <param name="Actors">Every actor, in node order.</param>
/// <param name="Edges">The edges between actors (edges to and from the host are not placed).</param>
/// <param name="WorkerCount">At most this many regular workers (<see cref="NetworkOptions.WorkerCount"/>).</param>
/// <param name="PoolThreads">Per execution pool (by <see cref="PlacementActor.Pool"/>), at most this many threads.</param>
/// <param name="MinActorsPerWorker">A worker is used only if it gets at least this many regular actors.</param>
/// <param name="CrossWorkerCost">The estimated cost of an edge between two workers, on each of them; 0 spreads over every allowed worker.</param>
internal sealed record PlacementPlan(
    PlacementActor[] Actors, PlacementEdge[] Edges, int WorkerCount, int[] PoolThreads, int MinActorsPerWorker, int CrossWorkerCost)
{
    /// <summary>A plan with one pool, the blocking one, of <paramref name="blockingWorkerCount"/> threads.</summary>
    public PlacementPlan(PlacementActor[] actors, PlacementEdge[] edges, int workerCount, int blockingWorkerCount, int minActorsPerWorker, int crossWorkerCost)
        : this(actors, edges, workerCount, [blockingWorkerCount], minActorsPerWorker, crossWorkerCost)
    {
    }
}
