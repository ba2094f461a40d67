using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scheduling;

namespace Reflow.Networks;

// Planning a live edit: the new definition matched against the current one (nodes by id, edges by id, initial packets
// by target, port, index and value) and everything it needs checked before anything changes.
public sealed partial class Network
{
    /// <summary>Ring slots every worker keeps beyond its edges' demand for the edges live edits add (see CreateWorkers).</summary>
    private const int LiveEditReserve = 4096;

    private int _regularWorkers;
    private long[] _ringSlack = []; // per worker: ring slots not claimed by an edge (owned by the updating thread)

    /// <summary>Matches <paramref name="definition"/> against the current shape and checks it; changes nothing.</summary>
    /// <exception cref="ArgumentException">The exported ports differ.</exception>
    /// <exception cref="NotSupportedException">Something the edit asks for cannot be done to a running network.</exception>
    private UpdatePlan PlanUpdate(NetworkDefinition definition, bool running)
    {
        NetworkDefinition old = _definition;
        CheckExportedPorts(old, definition);
        var plan = new UpdatePlan(definition);
        var oldCells = new Dictionary<string, ActorCell>(_cells.Length, StringComparer.Ordinal);
        foreach (ActorCell cell in _cells)
        {
            oldCells.Add(cell.Node.Id, cell);
        }

        var problems = new List<string>();
        var newIds = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < definition.Nodes.Length; i++)
        {
            NodeDefinition node = definition.Nodes[i];
            newIds.Add(node.Id);
            if (oldCells.TryGetValue(node.Id, out ActorCell? cell) && SameNode(cell.Node, node))
            {
                plan.Cells[i] = cell;
                continue;
            }

            plan.IsNew[i] = true;
            plan.Cells[i] = new ActorCell(node, _run, node.Supervision ?? _options.Supervision); // made, not started: dropped if the plan is refused
            if (cell is null)
            {
                plan.AddedNodes.Add(node.Id);
            }
            else
            {
                plan.ReplacedNodes.Add(node.Id);
                plan.Retiring.Add(cell);
            }
        }

        foreach (ActorCell cell in _cells)
        {
            if (!newIds.Contains(cell.Node.Id))
            {
                plan.RemovedNodes.Add(cell.Node.Id);
                plan.Retiring.Add(cell);
            }
        }

        var retiring = new HashSet<ActorCell>(plan.Retiring);
        foreach (ExportedPortDefinition exported in old.InPorts.Concat(old.OutPorts))
        {
            ActorCell cell = _cells[exported.Node];
            if (retiring.Contains(cell))
            {
                problems.Add($"node '{cell.Node.Id}' has the exported port '{exported.Name}': it cannot be removed or replaced (its component or configuration changed) while the network runs; stop the network and start it again with the new graph");
            }
        }

        if (running)
        {
            PlaceNewCells(plan, problems);
        }

        PlanEdges(old, plan, running, problems);
        PlanInitials(old, plan);
        if (problems.Count > 0)
        {
            throw new NotSupportedException("The network cannot take this update while it runs; nothing was changed: " + string.Join("; ", problems) + ".");
        }

        return plan;
    }

    /// <summary>Same component (the same instance, or the same name with the same ports) and equal configuration values: the actor is kept.</summary>
    private static bool SameNode(NodeDefinition current, NodeDefinition next)
    {
        ComponentDescription a = current.Component.Description, b = next.Component.Description;
        bool sameComponent = ReferenceEquals(current.Component, next.Component)
            || (string.Equals(a.Name, b.Name, StringComparison.Ordinal)
                && a.InPorts.Select(p => p.Name).SequenceEqual(b.InPorts.Select(p => p.Name), StringComparer.Ordinal)
                && a.OutPorts.Select(p => p.Name).SequenceEqual(b.OutPorts.Select(p => p.Name), StringComparer.Ordinal));
        return sameComponent && current.Configuration.Values.Equals(next.Configuration.Values); // the node's policy and grant are not compared: the actor keeps those it started with
    }

    /// <summary>The exported ports must stay as they are: the host holds their writers and readers.</summary>
    private static void CheckExportedPorts(NetworkDefinition old, NetworkDefinition next)
    {
        static string Key(NetworkDefinition d, ExportedPortDefinition e, bool input)
        {
            NodeDefinition node = d.Nodes[e.Node];
            string port = (input ? node.Component.Description.InPorts : node.Component.Description.OutPorts)[e.Port].Name;
            return $"{e.Name}={node.Id}.{port}{(e.Index >= 0 ? $"[{e.Index}]" : "")}";
        }

        var changed = new List<string>();
        foreach (bool input in new[] { true, false })
        {
            ImmutableArray<ExportedPortDefinition> a = input ? old.InPorts : old.OutPorts, b = input ? next.InPorts : next.OutPorts;
            var before = a.ToDictionary(e => e.Name, e => Key(old, e, input), StringComparer.Ordinal);
            var after = b.ToDictionary(e => e.Name, e => Key(next, e, input), StringComparer.Ordinal);
            string kind = input ? "in-port" : "out-port";
            changed.AddRange(before.Where(p => !after.TryGetValue(p.Key, out string? k) || k != p.Value).Select(p => $"exported {kind} '{p.Key}' ({p.Value}{(after.TryGetValue(p.Key, out string? k) ? $", now {k}" : ", now gone")})"));
            changed.AddRange(after.Where(p => !before.ContainsKey(p.Key)).Select(p => $"exported {kind} '{p.Key}' (new: {p.Value})"));
        }

        if (changed.Count > 0)
        {
            throw new ArgumentException(
                $"The update changes the network's exported ports, which a network cannot change while it exists: {string.Join("; ", changed)}. " +
                "Stop the network and start a new one from the new definition (stop-and-restart); nothing was changed.", "definition");
        }
    }

    /// <summary>Puts each new cell on a worker: a replaced node's on its predecessor's; an added node's on the regular worker with fewest cells.</summary>
    private void PlaceNewCells(UpdatePlan plan, List<string> problems)
    {
        var load = new int[_workers.Length];
        for (int i = 0; i < plan.Cells.Length; i++)
        {
            if (!plan.IsNew[i])
            {
                load[plan.Cells[i].Worker.Index]++;
            }
        }

        Dictionary<string, ActorCell> retiring = plan.Retiring.ToDictionary(c => c.Node.Id, StringComparer.Ordinal);
        for (int i = 0; i < plan.Cells.Length; i++)
        {
            if (!plan.IsNew[i])
            {
                continue;
            }

            ActorCell cell = plan.Cells[i];
            ComponentDescription description = cell.Node.Component.Description;
            bool needsPool = (cell.Node.Pool ?? description.Pool) is not null || description.MayBlock || cell.Actor is AsyncActor;
            if (retiring.TryGetValue(cell.Node.Id, out ActorCell? predecessor) && (predecessor.Worker.Index >= _regularWorkers) == needsPool)
            {
                cell.Worker = predecessor.Worker; // its predecessor's thread, with its edges' locality
            }
            else if (needsPool)
            {
                problems.Add($"node '{cell.Node.Id}' ({description.Name}) runs on an execution pool, and a node cannot yet be placed on a pool while the network runs");
                continue;
            }
            else
            {
                int least = 0;
                for (int w = 1; w < _regularWorkers; w++)
                {
                    least = load[w] < load[least] ? w : least;
                }

                cell.Worker = _workers[least];
            }

            load[cell.Worker.Index]++;
        }
    }

    /// <summary>Matches the edges by id and makes the new ones (on the planned workers: their ring slots are checked here).</summary>
    private void PlanEdges(NetworkDefinition old, UpdatePlan plan, bool running, List<string> problems)
    {
        var oldEdges = new Dictionary<string, (EdgeDefinition Definition, Edge Edge)>(old.Edges.Length, StringComparer.Ordinal);
        for (int j = 0; j < old.Edges.Length; j++)
        {
            oldEdges[old.Edges[j].Id] = (old.Edges[j], _edges[j]); // the cells' edges come first, in definition order
        }

        NetworkDefinition definition = plan.Definition;
        var edges = new Edge[definition.Edges.Length + (_edges.Length - old.Edges.Length)];
        var taken = new long[_workers.Length];
        var kept = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < definition.Edges.Length; j++)
        {
            EdgeDefinition e = definition.Edges[j];
            ActorCell source = plan.Cells[e.FromNode], target = plan.Cells[e.ToNode];
            if (oldEdges.TryGetValue(e.Id, out var current))
            {
                if (current.Edge.Source == source && current.Edge.Target == target && current.Definition.Capacity == e.Capacity && current.Definition.Elastic == e.Elastic)
                {
                    edges[j] = current.Edge;
                    kept.Add(e.Id);
                    continue;
                }

                if (!plan.IsNew[e.FromNode] && !plan.IsNew[e.ToNode])
                {
                    plan.RemovedEdges.Add(e.Id); // its capacity or elasticity changed: removed and added again
                    plan.AddedEdges.Add(e.Id);
                }
            }
            else
            {
                plan.AddedEdges.Add(e.Id);
            }

            plan.IsNewEdge[j] = true;
            var edge = new Edge(source, e.FromPort, target, e.ToPort, e.Capacity, elastic: e.Elastic, sourceElement: e.FromIndex, targetElement: e.ToIndex, id: e.Id);
            if (_run.TraceMessages)
            {
                edge.EnableTracing();
            }

            edges[j] = edge;
            if (!running)
            {
                continue;
            }

            edge.IsLocal = source.Worker == target.Worker;
            edge.TargetWorker = target.Worker;
            if (e.Elastic && !edge.IsLocal)
            {
                problems.Add($"edge {e.Id}: an elastic edge needs both ends on one worker, and its nodes run on workers {source.Worker.Index} and {target.Worker.Index}");
            }
            else if (!edge.IsLocal)
            {
                taken[target.Worker.Index] += e.Capacity + 1; // its credits and its marker, as CreateWorkers counts them
                taken[source.Worker.Index] += 1;
            }
        }

        for (int j = old.Edges.Length; j < _edges.Length; j++)
        {
            edges[definition.Edges.Length + j - old.Edges.Length] = _edges[j]; // the host's edges: exported ports do not change
        }

        var newIds = new HashSet<string>(definition.Edges.Select(e => e.Id), StringComparer.Ordinal);
        foreach (EdgeDefinition e in old.Edges)
        {
            if (!kept.Contains(e.Id))
            {
                plan.Detached.Add(oldEdges[e.Id].Edge);
                if (!newIds.Contains(e.Id))
                {
                    plan.RemovedEdges.Add(e.Id);
                }
            }
        }

        plan.Edges = edges;
        if (running)
        {
            for (int w = 0; w < taken.Length; w++)
            {
                long slack = Interlocked.Read(ref _ringSlack[w]);
                if (taken[w] > slack)
                {
                    problems.Add($"worker {w} has {slack} ring slots left for new edges into its nodes and the new edges need {taken[w]}: lower their capacities (or stop the network and start it again with the new graph)");
                }
            }

            plan.RingTaken = taken;
        }
    }

    /// <summary>
    /// The initial packets to deliver: every one of a new cell (including its ports' defaults), and the graph's own
    /// (not defaults) that the current definition does not have, matched by target node, port, index and value.
    /// </summary>
    private static void PlanInitials(NetworkDefinition old, UpdatePlan plan)
    {
        var before = new Dictionary<(string Node, int Port, int Index, Message Value), int>();
        foreach (InitialDefinition initial in old.Initials)
        {
            if (!initial.FromDefault)
            {
                var key = (old.Nodes[initial.ToNode].Id, initial.ToPort, initial.ToIndex, initial.Value);
                before[key] = before.GetValueOrDefault(key) + 1;
            }
        }

        foreach (InitialDefinition initial in plan.Definition.Initials)
        {
            if (plan.IsNew[initial.ToNode])
            {
                plan.Initials.Add(initial);
                continue;
            }

            if (initial.FromDefault)
            {
                continue;
            }

            var key = (plan.Definition.Nodes[initial.ToNode].Id, initial.ToPort, initial.ToIndex, initial.Value);
            if (before.TryGetValue(key, out int count) && count > 0)
            {
                before[key] = count - 1;
            }
            else
            {
                plan.Initials.Add(initial);
            }
        }
    }
}
