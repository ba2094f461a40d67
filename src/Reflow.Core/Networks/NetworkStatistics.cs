using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Scheduling;

namespace Reflow.Networks;

/// <summary>
/// A network's statistics: the records of its edges and nodes (now, or at the end of the run) and the run's
/// failure totals. Reads the run-time objects; the lists it returns keep only copies (see <see cref="StatisticsList{T}"/>).
/// </summary>
internal sealed class NetworkStatistics(
    NetworkDefinition definition,
    SupervisionPolicy defaultPolicy,
    ActorCell[] cells,
    Edge[] edges,
    IReadOnlyDictionary<string, HostInput> inputs,
    IReadOnlyDictionary<string, HostOutput> outputs,
    FailureLog failureLog)
{
    /// <summary>The statistics record of one edge now (named by its ends, or by the exported port for a host edge).</summary>
    public EdgeStatistics Edge(Edge e) => Statistics(e, e.Delivered);

    /// <summary>An edge as the deadlock message names it: <c>from.port -> to.port</c>.</summary>
    public string Describe(Edge edge)
    {
        EdgeStatistics e = Edge(edge);
        return $"{e.From}.{e.FromPort} -> {e.To}.{e.ToPort}";
    }

    private EdgeStatistics Statistics(Edge e, long delivered)
    {
        string from = e.Source?.Node.Id ?? "(host)";
        string fromPort = e.Source?.Node.Component.Description.OutPorts[e.SourcePort].Name ?? inputs.Values.First(i => i.Edge == e).Name;
        string to = e.Target?.Node.Id ?? "(host)";
        string toPort = e.Target?.Node.Component.Description.InPorts[e.TargetPort].Name ?? outputs.First(o => o.Value.Edge == e).Key;
        return new EdgeStatistics(from, fromPort, to, toPort, delivered) { FromIndex = e.SourceElement, ToIndex = e.TargetElement, Id = e.Id };
    }

    /// <summary>
    /// The edges' counts now, as records made when read (see <see cref="StatisticsList{T}"/>). The list keeps
    /// plain arrays and the immutable definition, never the network's run-time objects: a result that outlives the
    /// network does not keep a million cells alive.
    /// </summary>
    public StatisticsList<EdgeStatistics> EdgesSnapshot()
    {
        var delivered = new long[edges.Length];
        var ends = new (int FromNode, int FromPort, int ToNode, int ToPort)[edges.Length];
        Dictionary<int, EdgeStatistics>? hostEdges = null; // named by the exported ports: few, made now
        for (int i = 0; i < edges.Length; i++)
        {
            Edge e = edges[i];
            delivered[i] = e.Delivered;
            ends[i] = (e.Source?.Node.Index ?? -1, e.SourcePort, e.Target?.Node.Index ?? -1, e.TargetPort);
            if (e.Source is null || e.Target is null)
            {
                (hostEdges ??= [])[i] = Statistics(e, delivered[i]);
            }
        }

        ImmutableArray<NodeDefinition> nodes = definition.Nodes;
        NetworkDefinition copied = definition; // a local: the lambda must not capture this object (and its cells)
        return new StatisticsList<EdgeStatistics>(delivered.Length, i =>
        {
            if (hostEdges is not null && hostEdges.TryGetValue(i, out EdgeStatistics? host))
            {
                return host;
            }

            NodeDefinition from = nodes[ends[i].FromNode], to = nodes[ends[i].ToNode];
            EdgeDefinition edge = copied.Edges[i]; // the cells' edges come first, in definition order (CreateEdges)
            return new EdgeStatistics(
                from.Id, from.Component.Description.OutPorts[ends[i].FromPort].Name, to.Id, to.Component.Description.InPorts[ends[i].ToPort].Name, delivered[i])
            {
                FromIndex = edge.FromIndex,
                ToIndex = edge.ToIndex,
                Id = edge.Id,
            };
        });
    }

    /// <summary>The nodes' counts and states now, as records made when read (see <see cref="EdgesSnapshot"/>).</summary>
    public StatisticsList<NodeStatistics> NodesSnapshot()
    {
        var counts = new (long Invocations, long Errors, long Dropped, long Restarts, ActorState State)[cells.Length];
        Dictionary<int, NodeFailureCounts>? failures = null; // only the nodes that had any: a few, usually none
        for (int i = 0; i < counts.Length; i++)
        {
            ActorCell c = cells[i];
            counts[i] = (c.Invocations, c.Errors, c.Dropped, c.Restarts, c.State);
            if (c.Failures != 0 || c.DeadLetters != 0)
            {
                (failures ??= [])[i] = new NodeFailureCounts(c.Failures, c.UncaughtFailures, c.DeadLetters, c.DeadLettersFromFailures);
            }
        }

        ImmutableArray<NodeDefinition> nodes = definition.Nodes;
        SupervisionPolicy policy = defaultPolicy; // a local: the lambda must not capture this object (and its cells)
        return new StatisticsList<NodeStatistics>(counts.Length, i =>
        {
            NodeFailureCounts f = failures is not null && failures.TryGetValue(i, out NodeFailureCounts found) ? found : default;
            return new NodeStatistics(nodes[i].Id, counts[i].Invocations, counts[i].Errors, counts[i].Dropped)
            {
                Restarts = counts[i].Restarts,
                State = counts[i].State,
                Failures = f.Failures,
                UncaughtFailures = f.Uncaught,
                DeadLetters = f.DeadLetters,
                DeadLettersFromFailures = f.FromFailures,
                IgnoresFailures = (nodes[i].Supervision ?? policy).IgnoreFailures,
            };
        });
    }

    /// <summary>The statistics record of one cell now (a node a live edit removed: its final counts).</summary>
    public NodeStatistics Node(ActorCell c) =>
        new(c.Node.Id, c.Invocations, c.Errors, c.Dropped)
        {
            Restarts = c.Restarts,
            State = c.State,
            Failures = c.Failures,
            UncaughtFailures = c.UncaughtFailures,
            DeadLetters = c.DeadLetters,
            DeadLettersFromFailures = c.DeadLettersFromFailures,
            IgnoresFailures = (c.Node.Supervision ?? defaultPolicy).IgnoreFailures,
        };

    /// <summary>
    /// The records of the current shape, then those of the nodes or edges live edits removed (made now: a few). A
    /// replaced node appears twice: its current actor first, then the one it replaced.
    /// </summary>
    public static IReadOnlyList<T> WithRetired<T, TRetired>(StatisticsList<T> current, TRetired[] retired, Func<TRetired, T> record)
        where T : class
    {
        if (retired.Length == 0)
        {
            return current;
        }

        T[] records = [.. current, .. retired.Select(record)];
        return records;
    }

    private readonly record struct NodeFailureCounts(long Failures, long Uncaught, long DeadLetters, long FromFailures);

    /// <summary>The run's failure totals (from the cells, not the lazy node records) and its first failures.</summary>
    public NetworkRunResult WithFailures(NetworkRunResult result)
    {
        long all = 0, uncaught = 0, ignored = 0, lost = 0;
        foreach (ActorCell cell in cells)
        {
            all += cell.Failures;
            uncaught += cell.IgnoresFailures ? 0 : cell.UncaughtFailures;
            ignored += cell.IgnoresFailures ? cell.UncaughtFailures : 0;
            lost += cell.IgnoresFailures ? 0 : cell.DeadLettersFromFailures;
        }

        return result with
        {
            Failures = failureLog.Snapshot(),
            FailureCount = all,
            UncaughtFailures = uncaught,
            IgnoredFailures = ignored,
            DeadLettersFromFailures = lost,
        };
    }
}
