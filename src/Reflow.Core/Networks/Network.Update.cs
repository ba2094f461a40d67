using Reflow.Scheduling;

namespace Reflow.Networks;

// Live edits: reconciling a network with a new definition before or while it runs (issue 21). The plan is made and
// checked in full first (Network.Update.Plan); applying it changes each cell on its own worker (Worker.PostAction),
// so the message path takes no lock and reads no field it did not read before.
public sealed partial class Network
{
    private readonly SemaphoreSlim _updates = new(1, 1);
    private readonly List<ActorCell> _retiredCells = []; // removed by live edits: stopped with the run, counted in its result
    private readonly List<Edge> _retiredEdges = [];

    /// <summary>
    /// Reconciles this network with <paramref name="definition"/>, before or while it runs: nodes are matched by
    /// <see cref="Actors.NodeDefinition.Id"/>, edges by <see cref="EdgeDefinition.Id"/>. Nodes and edges the edit does not
    /// touch keep running: their actors, state and queued input stay.
    /// </summary>
    /// <remarks>
    /// <para><b>Nodes.</b> A node with the same component (the same <see cref="Actors.Component"/>, or one of the same name
    /// and ports) and equal configuration values is untouched (its supervision policy and grant stay those it started
    /// with). Otherwise it is <i>replaced</i>: its edges are detached (below), the old actor handles what it already has
    /// and stops (<c>OnStop</c>), and a new actor of the new definition is started (<c>OnStart</c>) on the same worker
    /// with the edges re-attached to it; for a moment the old actor's last emissions and the new one's first may
    /// interleave downstream. A node no longer in the definition is <i>removed</i>: its in-edges are detached, it handles
    /// what it has, stops, and then its out-edges are detached. A new node is <i>added</i>: its actor is placed on the
    /// regular worker with the fewest nodes, started, and a source starts producing. Its in-ports stay open even when
    /// nothing feeds them yet (a later edit may connect them); they end with a draining stop, or when the run goes
    /// quiet. Nodes on an execution pool cannot be added yet (a replaced one stays on its pool).</para>
    /// <para><b>Edges.</b> A removed edge gets nothing more from its source's next emission on, and what was already
    /// sent on it is still delivered: nothing is lost. Its detach is not the end of the target's stream: the target's
    /// in-port does not close for it (so removing one edge and adding another does not complete the node). An added
    /// edge is a new bounded edge of its definition's capacity; its source's next emission on its port goes to it as
    /// well, as to any other edge of a fanned-out port (each edge's own credit holds the source back). An edge whose
    /// capacity or elasticity changed is removed and added again (both lists name it). An edge added into a node whose
    /// inputs have already ended is delivered, but does not reopen them; one added from a node that has finished gets
    /// its end at once.</para>
    /// <para><b>Initial packets</b> of <paramref name="definition"/> that the current one does not have (matched by
    /// target node, port, index and value) are delivered to their target, as ordinary input (they do not end its
    /// port); a new or replaced node gets all of its own, its ports' defaults included. <see cref="NetworkUpdate.InitialsSent"/>
    /// counts them.</para>
    /// <para><b>What is refused.</b> The exported ports (<see cref="NetworkDefinition.InPorts"/>,
    /// <see cref="NetworkDefinition.OutPorts"/>) must be identical, and their nodes can be neither removed nor replaced:
    /// that needs the network stopped and started again. The whole update is checked before anything is changed: a
    /// refused one changes nothing.</para>
    /// <para><b>When.</b> Before the run starts, the update replaces what the run will build (every node gets a fresh actor
    /// at start, and the initial packets are all delivered then, so <see cref="NetworkUpdate.InitialsSent"/> is 0). While
    /// it runs, the call returns once every change is in place, every removed or replaced actor has handled what it had
    /// and stopped, and every removed edge has delivered what was sent on it. Updates are applied one at a time; each change to a cell runs on the cell's own worker thread.
    /// <see cref="GetSnapshot"/> shows the current shape; the run's result also counts the removed nodes and edges (after
    /// the current ones; a replaced node appears twice, its current actor first). The <see cref="MeterName"/> instruments keep
    /// the shape the network was built with.</para>
    /// </remarks>
    /// <param name="definition">The network as it should be from now on (built by <see cref="NetworkBuilder.Build"/> or a graph loader).</param>
    /// <param name="cancellationToken">Cancels waiting for an earlier update to finish; an update that has started to apply runs to its end.</param>
    /// <returns>What changed; <see cref="NetworkUpdate.IsEmpty"/> when the definition described the network as it was.</returns>
    /// <exception cref="ArgumentException">The exported ports differ (the message names them): stop the network and start it again. Nothing was applied.</exception>
    /// <exception cref="NotSupportedException">The running network cannot take the update (the message says why). Nothing was applied.</exception>
    /// <exception cref="InvalidOperationException">The network has finished, or is stopping, or it finished while the update was being applied.</exception>
    public async Task<NetworkUpdate> UpdateAsync(NetworkDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await _updates.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int state = Volatile.Read(ref _state);
            if (state == NotStarted)
            {
                UpdatePlan plan = PlanUpdate(definition, running: false);
                Build(definition);
                return plan.Report(initialsSent: 0);
            }

            if (state != Started || _stopRequested)
            {
                throw new InvalidOperationException(state == Finished || _completion.Task.IsCompleted
                    ? "The network has finished: it cannot be updated (start a new network from the definition)."
                    : "The network is stopping: it cannot be updated.");
            }

            _run.Work.AddHostWait(1); // the run cannot end while the edit is applied
            try
            {
                if (_run.Work.Finished.IsCompleted)
                {
                    throw new InvalidOperationException("The network has finished: it cannot be updated (start a new network from the definition).");
                }

                UpdatePlan plan = PlanUpdate(definition, running: true);
                int sent = await ApplyAsync(plan).ConfigureAwait(false);
                return plan.Report(sent);
            }
            finally
            {
                _run.Work.RetireHostWait();
            }
        }
        finally
        {
            _updates.Release();
        }
    }

    /// <summary>Applies a checked plan to the running network; returns the number of initial packets delivered.</summary>
    private async Task<int> ApplyAsync(UpdatePlan plan)
    {
        NetworkDefinition definition = plan.Definition;
        var newCells = new HashSet<ActorCell>();
        for (int i = 0; i < plan.Cells.Length; i++)
        {
            if (plan.IsNew[i])
            {
                newCells.Add(plan.Cells[i]);
            }
        }

        for (int w = 0; w < _ringSlack.Length; w++)
        {
            Interlocked.Add(ref _ringSlack[w], -plan.RingTaken![w]);
        }

        // 1. The new cells get their edges before any thread can see them (nothing runs them yet).
        var attachIn = new Dictionary<ActorCell, List<Edge>>();
        var attachOut = new Dictionary<ActorCell, List<Edge>>();
        var newEdges = new List<Edge>();
        for (int j = 0; j < definition.Edges.Length; j++)
        {
            if (!plan.IsNewEdge[j])
            {
                continue;
            }

            Edge edge = plan.Edges[j];
            newEdges.Add(edge);
            ActorCell source = edge.Source!, target = edge.Target!;
            if (newCells.Contains(target))
            {
                target.AttachIn(edge);
            }
            else
            {
                (attachIn.TryGetValue(target, out var list) ? list : attachIn[target] = []).Add(edge);
            }

            if (newCells.Contains(source))
            {
                source.AttachOut(edge);
            }
            else
            {
                (attachOut.TryGetValue(source, out var list) ? list : attachOut[source] = []).Add(edge);
            }
        }

        // 2. Kept targets learn of their new in-edges before anything can be sent on them.
        await WhileRunning(attachIn.Select(p => p.Key.Worker.PostAction(p.Key, () => p.Value.ForEach(p.Key.AttachIn)))).ConfigureAwait(false);

        // 3. The new cells start (OnStart), all of them before any new source produces: a new source on another worker
        // must not deliver to a new target that has not run its start (its actor not started, its processing-time
        // histogram not set: a worker failed on that in CI). For the same reason they start in waves, targets first,
        // so what an OnStart emits finds its new targets started (LiveStartOrder). Kept sources reach new cells only
        // from step 4 on. Then the initial packets go, behind the starts.
        foreach (List<ActorCell> wave in LiveStartOrder.Waves(newCells, newEdges))
        {
            await WhileRunning(wave.Select(c => c.Worker.PostAction(c, c.Start))).ConfigureAwait(false);
        }

        await WhileRunning(newCells.Where(c => c.Source is not null).Select(c => c.Worker.PostAction(c, c.ProduceLive))).ConfigureAwait(false);
        foreach (InitialDefinition initial in plan.Initials)
        {
            ActorCell target = plan.Cells[initial.ToNode];
            _run.Work.Add(1, current: null);
            target.Worker.Post(Envelope.Deliver(target, initial.ToIndex < 0 ? null : InitialEdge(target, initial), initial.ToPort, initial.Value), current: null);
        }

        // 4. Kept sources: removed out-edges detached and new ones attached in one step, so no emission falls between.
        var detachOut = new Dictionary<ActorCell, List<Edge>>();
        var retiring = new HashSet<ActorCell>(plan.Retiring);
        foreach (Edge edge in plan.Detached)
        {
            edge.ExpectDetach();
            if (!retiring.Contains(edge.Source!))
            {
                (detachOut.TryGetValue(edge.Source!, out var list) ? list : detachOut[edge.Source!] = []).Add(edge);
            }

            if (!edge.IsLocal)
            {
                int target = edge.Target!.Worker.Index, source = edge.Source!.Worker.Index;
                long slots = edge.Capacity + 1;
                _ = edge.Detached.ContinueWith(_ => ReturnRingSlots(target, source, slots), TaskScheduler.Default); // once drained
            }
        }

        var sources = new HashSet<ActorCell>(attachOut.Keys.Concat(detachOut.Keys));
        await WhileRunning(sources.Select(s => s.Worker.PostAction(s, () =>
        {
            foreach (Edge edge in detachOut.GetValueOrDefault(s) ?? [])
            {
                s.DetachOut(edge);
            }

            foreach (Edge edge in attachOut.GetValueOrDefault(s) ?? [])
            {
                s.AttachOut(edge);
            }
        }))).ConfigureAwait(false);

        // 5. The new shape is what snapshots, statistics, the quiet check and the deadlock watch see from now on.
        for (int i = 0; i < plan.Cells.Length; i++)
        {
            if (!plan.IsNew[i])
            {
                plan.Cells[i].Node = definition.Nodes[i]; // same id, component and configuration: its index in the new definition
            }
        }

        PublishShape(plan);

        // 6. Removed and replaced cells retire once they have handled what came before their in-edges' detach markers.
        await WhileRunning(RetireAll(plan.Retiring)).ConfigureAwait(false);

        // 7. Every detach marker has been sent by now (behind what each source still held): the edit is complete when
        // every removed edge has delivered what was sent on it.
        await WhileRunning(plan.Detached.Select(e => e.Detached)).ConfigureAwait(false);
        return plan.Initials.Count;
    }

    private void PublishShape(UpdatePlan plan)
    {
        lock (_retiredCells)
        {
            _retiredCells.AddRange(plan.Retiring);
            _retiredEdges.AddRange(plan.Detached);
        }

        _definition = plan.Definition;
        _cells = plan.Cells;
        _edges = plan.Edges;
        _cellsById = null;
        _statistics = new NetworkStatistics(plan.Definition, _options.Supervision, _cells, _edges, _inputs, _outputs, _run.Failures);
        _run.TrackStreams(_cells);
        _deadlockWatch?.Reshape(_cells, _statistics);
    }

    /// <summary>A removed cross-worker edge has drained: its ring slots are free for the next edit's edges (any thread).</summary>
    private void ReturnRingSlots(int target, int source, long slots)
    {
        Interlocked.Add(ref _ringSlack[target], slots);
        Interlocked.Add(ref _ringSlack[source], 1);
    }

    /// <summary>
    /// Retires each cell once the in-edges it must wait for are detached: those from cells that stay, and those from
    /// retiring cells before it in graph order (a cycle among retiring cells is not waited on: what crosses it late goes
    /// to the dead letters).
    /// </summary>
    private IEnumerable<Task> RetireAll(List<ActorCell> retiring)
    {
        Dictionary<ActorCell, int> rank = RetiringOrder(retiring);
        foreach (ActorCell cell in retiring)
        {
            var waits = new List<Task>();
            foreach (Edge edge in cell.InEdges)
            {
                if (edge.Source is { } source && (!rank.TryGetValue(source, out int before) || before < rank[cell]))
                {
                    waits.Add(edge.Detached);
                }
            }

            yield return RetireWhenDetachedAsync(cell, waits);
        }
    }

    private async Task RetireWhenDetachedAsync(ActorCell cell, List<Task> waits)
    {
        await WhileRunning(waits).ConfigureAwait(false);
        await WhileRunning([cell.Worker.PostAction(cell, cell.Retire)]).ConfigureAwait(false);
    }

    /// <summary>The retiring cells in graph order among themselves (Kahn); those on a cycle rank last, unordered.</summary>
    private static Dictionary<ActorCell, int> RetiringOrder(List<ActorCell> retiring)
    {
        var set = new HashSet<ActorCell>(retiring);
        var inDegree = retiring.ToDictionary(c => c, c => c.InEdges.Count(e => e.Source is { } s && set.Contains(s)));
        var queue = new Queue<ActorCell>(retiring.Where(c => inDegree[c] == 0));
        var rank = retiring.ToDictionary(c => c, _ => int.MaxValue);
        int next = 0;
        while (queue.TryDequeue(out ActorCell? cell))
        {
            rank[cell] = next++;
            foreach (Edge[] port in cell.OutEdges)
            {
                foreach (Edge edge in port)
                {
                    if (edge.Target is { } target && set.Contains(target) && --inDegree[target] == 0)
                    {
                        queue.Enqueue(target);
                    }
                }
            }
        }

        return rank;
    }

    /// <summary>Waits for <paramref name="tasks"/>, unless the run ends first (then the update cannot finish).</summary>
    private async Task WhileRunning(IEnumerable<Task> tasks)
    {
        Task all = Task.WhenAll(tasks);
        if (await Task.WhenAny(all, _run.Work.Finished).ConfigureAwait(false) != all)
        {
            throw new InvalidOperationException("The network finished (it was stopped or failed) while the update was being applied; part of it may not have taken effect.");
        }

        await all.ConfigureAwait(false); // an action's own failure, if any
    }
}
