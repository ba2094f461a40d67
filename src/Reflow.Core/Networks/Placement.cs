namespace Reflow.Networks;

/// <summary>
/// Pins every actor to a worker: a pure function of a <see cref="PlacementPlan"/>. Contiguous runs of nodes share a
/// worker, so chains declared in order stay together; actors on an execution pool (the blocking one, the async one,
/// or a named one) go to that pool's threads, spread over them in node order, so they can never stall a regular
/// worker; both ends of an elastic edge share a worker (the network checks they are on one pool).
/// </summary>
internal static class Placement
{
    public static PlacementResult Assign(PlacementPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        PlacementActor[] actors = plan.Actors;
        int pools = plan.PoolThreads.Length;
        var poolActors = new int[pools];
        int regularActors = 0;
        foreach (PlacementActor actor in actors)
        {
            if (actor.OnPool)
            {
                poolActors[actor.Pool]++;
            }
            else
            {
                regularActors++;
            }
        }

        int maxWorkers = regularActors == 0 ? 0 : Math.Min(plan.WorkerCount, (regularActors + plan.MinActorsPerWorker - 1) / plan.MinActorsPerWorker);
        int regularWorkers = maxWorkers <= 1 || plan.CrossWorkerCost == 0 ? maxWorkers : WorthwhileWorkers(plan, maxWorkers, regularActors);

        // Each pool's threads follow the regular workers, in pool order; a pool no actor uses gets none.
        var poolWorkers = new int[pools];
        var poolBase = new int[pools];
        for (int p = 0, next = regularWorkers; p < pools; p++)
        {
            poolWorkers[p] = poolActors[p] == 0 ? 0 : Math.Min(plan.PoolThreads[p], poolActors[p]);
            poolBase[p] = next;
            next += poolWorkers[p];
        }

        var workerOf = new int[actors.Length];
        var placed = new int[pools];
        for (int i = 0, regular = 0; i < actors.Length; i++)
        {
            int pool = actors[i].Pool;
            workerOf[i] = pool >= 0
                ? poolBase[pool] + (int)((long)placed[pool]++ * poolWorkers[pool] / poolActors[pool])
                : (int)((long)regular++ * regularWorkers / regularActors);
        }

        KeepElasticEdgesTogether(plan.Edges, workerOf);
        return new PlacementResult(workerOf, regularWorkers, poolWorkers);
    }

    /// <summary>
    /// How many of at most <paramref name="maxWorkers"/> workers the contiguous placement should use: the count
    /// whose busiest worker has the least estimated work per message (ties: fewer workers). An actor costs its
    /// <see cref="PlacementActor.Calls"/>, and an edge between two workers costs <see cref="PlacementPlan.CrossWorkerCost"/>
    /// on each. Counts tried: 1, 2, 4, … and the maximum, so the search stays linear in the network's size for
    /// any number of cores.
    /// </summary>
    private static int WorthwhileWorkers(PlacementPlan plan, int maxWorkers, int regularActors)
    {
        PlacementActor[] actors = plan.Actors;
        var regularIndex = new int[actors.Length]; // position among the regular actors; -1 for one on a pool
        for (int i = 0, regular = 0; i < actors.Length; i++)
        {
            regularIndex[i] = actors[i].OnPool ? -1 : regular++;
        }

        int best = 1;
        long bestLoad = long.MaxValue;
        var load = new long[maxWorkers];
        for (int workers = 1; workers <= maxWorkers; workers = workers == maxWorkers ? int.MaxValue : Math.Min(workers * 2, maxWorkers))
        {
            Array.Clear(load);
            int WorkerOf(int node) => (int)((long)regularIndex[node] * workers / regularActors);
            for (int i = 0; i < actors.Length; i++)
            {
                if (regularIndex[i] >= 0)
                {
                    load[WorkerOf(i)] += Math.Max(1, actors[i].Calls);
                }
            }

            foreach (PlacementEdge e in plan.Edges)
            {
                if (regularIndex[e.From] >= 0 && regularIndex[e.To] >= 0 && WorkerOf(e.From) != WorkerOf(e.To))
                {
                    load[WorkerOf(e.From)] += plan.CrossWorkerCost;
                    load[WorkerOf(e.To)] += plan.CrossWorkerCost;
                }
            }

            long busiest = 0;
            for (int w = 0; w < workers; w++)
            {
                busiest = Math.Max(busiest, load[w]);
            }

            if (busiest < bestLoad)
            {
                (best, bestLoad) = (workers, busiest);
            }
        }

        return best;
    }

    /// <summary>
    /// Both ends of an elastic edge share a worker (the first node's of their group): its excess then waits in that
    /// worker's unbounded local queue, never in a ring sized from the credits.
    /// </summary>
    private static void KeepElasticEdgesTogether(PlacementEdge[] edges, int[] workerOf)
    {
        var group = new int[workerOf.Length];
        for (int i = 0; i < group.Length; i++)
        {
            group[i] = i;
        }

        int Root(int i) => group[i] == i ? i : group[i] = Root(group[i]);
        foreach (PlacementEdge e in edges)
        {
            if (e.Elastic)
            {
                int a = Root(e.From), b = Root(e.To);
                group[Math.Max(a, b)] = Math.Min(a, b);
            }
        }

        for (int i = 0; i < workerOf.Length; i++)
        {
            workerOf[i] = workerOf[Root(i)];
        }
    }
}
