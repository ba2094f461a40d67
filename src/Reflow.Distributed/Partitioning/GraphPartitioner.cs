using Reflow.Graphs;

namespace Reflow.Distributed.Partitioning;

/// <summary>
/// Splits one graph into parts, one per cluster node, and lists the remote edges between them (and between the
/// coordinator and the parts, for the whole graph's exported ports).
/// </summary>
/// <remarks>
/// <para>A part graph holds its graph nodes (component, metadata; a subgraph node is placed as a unit, its
/// component name copied unchanged), the connections between them, the IIPs to them (an IIP sent to the whole
/// graph's exported in-port goes to the node port behind it, after the node IIPs, as in one process), and the
/// graph's properties; groups are dropped. Each remote edge k is exported as <c>_remote&lt;k&gt;</c>: an out-port in
/// the sender's part, an in-port in the receiver's, beside any ordinary connection of the same node port.</para>
/// <para>Placement: see <see cref="DeploymentFile"/>. Every problem (an unknown cluster node, two globs that
/// disagree, a key that matches nothing) is collected and thrown at once as a <see cref="DeploymentException"/>.</para>
/// </remarks>
internal static partial class GraphPartitioner
{
    /// <summary>The capacity of a remote edge whose connection says none: the network's default.</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>Splits <paramref name="graph"/> over <paramref name="clusterNodes"/> as <paramref name="deployment"/> says.</summary>
    /// <param name="graph">The whole graph.</param>
    /// <param name="deployment">Placement, delivery modes.</param>
    /// <param name="clusterNodes">The live cluster nodes' names (any order; none empty, none twice).</param>
    /// <param name="defaultCapacity">The capacity of a remote edge whose connection has no <c>capacity</c> metadata.</param>
    /// <exception cref="DeploymentException">No cluster node is live, or the placement or delivery cannot be carried out; every problem.</exception>
    public static GraphPartition Partition(Graph graph, DeploymentFile deployment, IReadOnlyList<string> clusterNodes, int defaultCapacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(clusterNodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultCapacity, 1);
        string[] live = [.. clusterNodes];
        Array.Sort(live, StringComparer.Ordinal);
        for (int i = 0; i < live.Length; i++)
        {
            ArgumentException.ThrowIfNullOrEmpty(live[i], nameof(clusterNodes));
            if (i > 0 && string.Equals(live[i], live[i - 1], StringComparison.Ordinal))
            {
                throw new ArgumentException($"The cluster node '{live[i]}' is listed twice.", nameof(clusterNodes));
            }
        }

        if (live.Length == 0)
        {
            throw new DeploymentException("no cluster node is live: start one with `reflow node --nats URL --name NAME`");
        }

        var problems = new List<string>();
        Dictionary<string, string> placement = Place(graph, deployment, live, problems);
        List<(EdgeEnds Ends, DeliveryMode Mode)> delivery = DeliveryRules(graph, deployment, problems);
        if (problems.Count > 0)
        {
            throw new DeploymentException(problems);
        }

        var parts = new Dictionary<string, Graph>(StringComparer.Ordinal);
        foreach (string clusterNode in live)
        {
            if (placement.ContainsValue(clusterNode))
            {
                parts[clusterNode] = new Graph(name: null, graph.CaseSensitive, graph.Properties);
            }
        }

        foreach (GraphNode node in graph.Nodes)
        {
            parts[placement[node.Id]].AddNode(node.Id, node.Component, node.Metadata);
        }

        var edges = new List<RemoteEdge>();
        foreach (GraphConnection c in graph.Connections)
        {
            string fromPart = placement[c.From.Node], toPart = placement[c.To.Node];
            if (string.Equals(fromPart, toPart, StringComparison.Ordinal))
            {
                parts[fromPart].Connect(c.From, c.To, c.Metadata);
                continue;
            }

            var edge = new RemoteEdge(edges.Count, fromPart, toPart, c.From.ToString(), c.To.ToString(), CapacityOf(c.Capacity, defaultCapacity), ModeOf(c, graph, delivery, deployment.DefaultDelivery));
            parts[fromPart].ExportPort(PortDirection.Out, edge.ExportName, c.From);
            parts[toPart].ExportPort(PortDirection.In, edge.ExportName, c.To);
            edges.Add(edge);
        }

        foreach (GraphInitial initial in graph.Initials)
        {
            parts[placement[initial.To.Node]].AddInitial(initial.To, initial.Data, initial.Metadata);
        }

        foreach (ExportedPortInitial initial in graph.ExportedPortInitials)
        {
            NodePort target = graph.GetExportedPort(PortDirection.In, initial.InPort)!.Target;
            parts[placement[target.Node]].AddInitial(target, initial.Data, initial.Metadata);
        }

        foreach (ExportedPort port in graph.InPorts)
        {
            string toPart = placement[port.Target.Node];
            var edge = new RemoteEdge(edges.Count, RemoteEdge.Coordinator, toPart, port.Name, port.Target.ToString(), CapacityOf(port.Metadata.GetInt64(GraphConnection.CapacityKey), defaultCapacity), deployment.DefaultDelivery);
            parts[toPart].ExportPort(PortDirection.In, edge.ExportName, port.Target);
            edges.Add(edge);
        }

        foreach (ExportedPort port in graph.OutPorts)
        {
            string fromPart = placement[port.Target.Node];
            var edge = new RemoteEdge(edges.Count, fromPart, RemoteEdge.Coordinator, port.Target.ToString(), port.Name, CapacityOf(port.Metadata.GetInt64(GraphConnection.CapacityKey), defaultCapacity), deployment.DefaultDelivery);
            parts[fromPart].ExportPort(PortDirection.Out, edge.ExportName, port.Target);
            edges.Add(edge);
        }

        return new GraphPartition([.. parts.Select(p => new GraphPart(p.Key, p.Value))], edges, placement);
    }

    /// <summary>The per-edge delivery keys, parsed; a key that is not an edge or names no connection is a problem.</summary>
    private static List<(EdgeEnds Ends, DeliveryMode Mode)> DeliveryRules(Graph graph, DeploymentFile deployment, List<string> problems)
    {
        var rules = new List<(EdgeEnds, DeliveryMode)>();
        foreach ((string key, DeliveryMode mode) in deployment.EdgeDelivery)
        {
            if (!EdgeEnds.TryParse(key, out EdgeEnds ends, out string? error))
            {
                problems.Add($"{deployment.Where("delivery", key)} is not an edge: {error}");
            }
            else if (!graph.Connections.Any(c => ends.Matches(c, graph.PortComparison)))
            {
                problems.Add($"{deployment.Where("delivery", key)} names no connection of the graph; its connections are {List(graph.Connections.Select(c => c.ToString()))}");
            }
            else
            {
                rules.Add((ends, mode));
            }
        }

        return rules;
    }

    private static DeliveryMode ModeOf(GraphConnection connection, Graph graph, List<(EdgeEnds Ends, DeliveryMode Mode)> rules, DeliveryMode fallback)
    {
        foreach ((EdgeEnds ends, DeliveryMode mode) in rules)
        {
            if (ends.Matches(connection, graph.PortComparison))
            {
                return mode;
            }
        }

        return fallback;
    }

    /// <summary>As the network loader reads it: at least 1 (an int; a larger value is as good as unbounded).</summary>
    private static int CapacityOf(long? capacity, int defaultCapacity) => capacity is long c ? (int)Math.Clamp(c, 1, int.MaxValue) : defaultCapacity;
}
