namespace Reflow.Networks;

/// <summary>What the placement decides from: the actors and edges of a network and the options that bound it.</summary>
/// <param name="Actors">Every actor, in node order.</param>
/// <param name="Edges">The edges between actors (edges to and from the host are not placed).</param>
/// <param name="WorkerCount">At most this many regular workers (<see cref="NetworkOptions.WorkerCount"/>).</param>
/// <param name="BlockingWorkerCount">At most this many workers for actors that may block.</param>
/// <param name="MinActorsPerWorker">A worker is used only if it gets at least this many regular actors.</param>
/// <param name="CrossWorkerCost">The estimated cost of an edge between two workers, on each of them; 0 spreads over every allowed worker.</param>
internal sealed record PlacementPlan(
    PlacementActor[] Actors, PlacementEdge[] Edges, int WorkerCount, int BlockingWorkerCount, int MinActorsPerWorker, int CrossWorkerCost);
