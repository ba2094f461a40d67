using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>The placement alone: a pure function from a plan (actors, edges, limits) to a worker per actor.</summary>
public sealed class PlacementTests
{
    private static PlacementActor Regular(int calls = 1) => new(MayBlock: false, calls);

    private static PlacementActor Blocking => new(MayBlock: true, 1);

    private static PlacementEdge[] Chain(int actors, params int[] elastic) =>
        [.. Enumerable.Range(0, actors - 1).Select(i => new PlacementEdge(i, i + 1, elastic.Contains(i)))];

    private static PlacementResult Assign(PlacementActor[] actors, PlacementEdge[] edges, int workers = 2, int minActors = 1, int crossCost = 0, int blockingWorkers = 2) =>
        Placement.Assign(new PlacementPlan(actors, edges, workers, blockingWorkers, minActors, crossCost));

    [Fact]
    public void A_chain_is_cut_into_contiguous_runs_when_crossings_cost_nothing()
    {
        PlacementResult result = Assign([Regular(), Regular(), Regular(), Regular()], Chain(4));

        Assert.Equal([0, 0, 1, 1], result.WorkerOf);
        Assert.Equal((2, 0), (result.RegularWorkers, result.BlockingWorkers));
    }

    [Fact]
    public void A_chain_stays_on_one_worker_when_a_crossing_costs_more_than_the_work_it_spreads()
    {
        // One worker: load 4. Two: 2 calls each plus one crossing of 100 on each side.
        PlacementResult result = Assign([Regular(), Regular(), Regular(), Regular()], Chain(4), crossCost: 100);

        Assert.Equal([0, 0, 0, 0], result.WorkerOf);
        Assert.Equal(1, result.RegularWorkers);
    }

    [Fact]
    public void Heavy_stages_are_spread_when_their_work_outweighs_the_crossing()
    {
        // One worker: load 40. Two: 20 each plus 1 for the one crossing: 21 < 40.
        PlacementResult result = Assign([Regular(10), Regular(10), Regular(10), Regular(10)], Chain(4), crossCost: 1);

        Assert.Equal([0, 0, 1, 1], result.WorkerOf);
    }

    [Fact]
    public void A_fan_out_whose_busiest_worker_would_not_get_lighter_keeps_fewer_workers()
    {
        // 1 -> 4: one worker carries 5; two workers carry 3 + 2 crossings and 2 + 2 crossings: 5 again, a tie.
        PlacementEdge[] fan = [new(0, 1, false), new(0, 2, false), new(0, 3, false), new(0, 4, false)];

        PlacementResult result = Assign([Regular(), Regular(), Regular(), Regular(), Regular()], fan, crossCost: 1);

        Assert.Equal([0, 0, 0, 0, 0], result.WorkerOf);
    }

    [Fact]
    public void A_cycle_closed_by_an_elastic_edge_keeps_both_ends_of_that_edge_on_one_worker()
    {
        PlacementEdge[] cycle = [.. Chain(4), new(3, 0, Elastic: true)];

        PlacementResult result = Assign([Regular(), Regular(), Regular(), Regular()], cycle);

        Assert.Equal([0, 0, 1, 0], result.WorkerOf); // node 3 joins node 0's worker
    }

    [Fact]
    public void A_cycle_of_bounded_edges_is_placed_like_a_chain()
    {
        PlacementEdge[] cycle = [.. Chain(4), new(3, 0, Elastic: false)];

        Assert.Equal([0, 0, 1, 1], Assign([Regular(), Regular(), Regular(), Regular()], cycle).WorkerOf);
    }

    [Fact]
    public void Min_actors_per_worker_limits_the_workers_used()
    {
        PlacementResult result = Assign([Regular(), Regular(), Regular(), Regular()], Chain(4), workers: 4, minActors: 3);

        Assert.Equal(2, result.RegularWorkers); // ceil(4 / 3)
        Assert.Equal([0, 0, 1, 1], result.WorkerOf);
    }

    [Fact]
    public void The_worker_count_limits_the_workers_used()
    {
        PlacementResult result = Assign([.. Enumerable.Repeat(Regular(), 6)], Chain(6), workers: 3);

        Assert.Equal([0, 0, 1, 1, 2, 2], result.WorkerOf);
    }

    [Fact]
    public void Actors_that_may_block_go_to_blocking_workers_after_the_regular_ones()
    {
        PlacementResult result = Assign([Regular(), Blocking, Regular(), Blocking, Blocking], [], workers: 1, blockingWorkers: 2);

        Assert.Equal((1, 2), (result.RegularWorkers, result.BlockingWorkers));
        Assert.Equal([0, 1, 0, 1, 2], result.WorkerOf);
        Assert.Equal(3, result.Workers);
    }

    [Fact]
    public void A_network_of_only_blocking_actors_has_no_regular_worker()
    {
        PlacementResult result = Assign([Blocking, Blocking], [new(0, 1, false)], blockingWorkers: 4);

        Assert.Equal((0, 2), (result.RegularWorkers, result.BlockingWorkers));
        Assert.Equal([0, 1], result.WorkerOf);
    }

    [Fact]
    public void An_empty_network_needs_no_worker()
    {
        PlacementResult result = Assign([], []);

        Assert.Empty(result.WorkerOf);
        Assert.Equal(0, result.Workers);
    }

    [Fact]
    public void Each_pool_gets_its_own_threads_after_the_regular_workers_and_an_unused_pool_none()
    {
        PlacementActor OnPool(int pool) => new(pool, 1);
        PlacementResult result = Placement.Assign(new PlacementPlan(
            [Regular(), OnPool(2), OnPool(0), OnPool(2), Regular(), OnPool(2)], [], WorkerCount: 1, PoolThreads: [1, 4, 2], MinActorsPerWorker: 1, CrossWorkerCost: 0));

        Assert.Equal(1, result.RegularWorkers);
        Assert.Equal([1, 0, 2], result.PoolWorkers); // pool 1 has no actor: no thread; pool 2 has three actors on two threads
        Assert.Equal([0, 2, 1, 2, 0, 3], result.WorkerOf);
        Assert.Equal(4, result.Workers);
    }
}
