namespace Reflow.Soak;

/// <summary>
/// One random soak graph, everything decided from its seed: nodes, connections (each node has one in-port <c>in</c>
/// and one out-port <c>out</c>), what the host sends and reads, faults, cancellation, worker kills.
/// </summary>
internal sealed class GraphPlan
{
    private readonly Dictionary<(string Consumer, string From), LogicalEdge> _incoming = [];
    private readonly Dictionary<string, List<LogicalEdge>> _outgoing = [];

    public GraphPlan(
        int seed,
        IReadOnlyList<PlanNode> nodes,
        IReadOnlyList<(string From, string To)> connections,
        string? hostInputTarget,
        IReadOnlyList<SoakMessage> hostMessages,
        string? hostOutputSource,
        int edgeCapacity,
        TimeSpan? cancelAfter,
        IReadOnlyList<TimeSpan> pythonKills)
    {
        Seed = seed;
        Nodes = nodes;
        Connections = connections;
        HostInputTarget = hostInputTarget;
        HostMessages = hostMessages;
        HostOutputSource = hostOutputSource;
        EdgeCapacity = edgeCapacity;
        CancelAfter = cancelAfter;
        PythonKills = pythonKills;
        Derive();
    }

    public int Seed { get; }
    public IReadOnlyList<PlanNode> Nodes { get; }
    public IReadOnlyList<(string From, string To)> Connections { get; }
    public string? HostInputTarget { get; }
    public IReadOnlyList<SoakMessage> HostMessages { get; }
    public string? HostOutputSource { get; }
    public int EdgeCapacity { get; }
    public TimeSpan? CancelAfter { get; }
    public IReadOnlyList<TimeSpan> PythonKills { get; }

    /// <summary>The name of the exported in-port (host → <see cref="HostInputTarget"/>) and out-port.</summary>
    public const string HostInPort = "feed";
    public const string HostOutPort = "tap";

    public IEnumerable<LogicalEdge> LogicalEdges => _outgoing.Values.SelectMany(e => e);

    public PlanNode Node(string id) => Nodes.First(n => n.Id == id);

    public bool Has(NodeKind kind) => Nodes.Any(n => n.Kind == kind);

    /// <summary>The logical edges a C# node (or the host) emits on: one record per edge for each message.</summary>
    public IReadOnlyList<LogicalEdge> Outgoing(string producer) =>
        _outgoing.TryGetValue(producer, out List<LogicalEdge>? edges) ? edges : [];

    /// <summary>The logical edge a message from <paramref name="from"/> travels when <paramref name="node"/> holds it.</summary>
    public LogicalEdge? Incoming(string node, string from) => _incoming.GetValueOrDefault((node, from));

    public string Describe() =>
        $"{Nodes.Count} nodes ({string.Join(" ", Nodes.GroupBy(n => n.Kind).Select(g => $"{g.Key}:{g.Count()}"))}), " +
        $"{Connections.Count} connections, capacity {EdgeCapacity}" +
        (HostInputTarget is null ? "" : $", host -> {HostInputTarget}") + (HostOutputSource is null ? "" : $", {HostOutputSource} -> host") +
        (CancelAfter is { } c ? $", cancel after {c.TotalMilliseconds:0} ms" : "") + (PythonKills.Count > 0 ? $", {PythonKills.Count} worker kill(s)" : "");

    private void Derive()
    {
        var byId = Nodes.ToDictionary(n => n.Id);
        foreach ((string from, string to) in Connections)
        {
            if (byId[from].IsScript)
            {
                continue; // covered from the script's producer
            }

            if (byId[to].IsScript)
            {
                string after = Connections.Single(c => c.From == to).To;
                Add(new LogicalEdge(from, to, after));
            }
            else
            {
                Add(new LogicalEdge(from, null, to));
            }
        }

        if (HostInputTarget is not null)
        {
            Add(new LogicalEdge(LogicalEdge.Host, null, HostInputTarget));
        }

        if (HostOutputSource is not null)
        {
            Add(new LogicalEdge(HostOutputSource, null, LogicalEdge.Host));
        }
    }

    private void Add(LogicalEdge edge)
    {
        if (!_outgoing.TryGetValue(edge.Producer, out List<LogicalEdge>? list))
        {
            _outgoing[edge.Producer] = list = [];
        }

        list.Add(edge);
        // The generator keeps one logical edge per (consumer, producer): a consumer tells its edges apart by "from".
        _incoming.Add((edge.Consumer, edge.Producer), edge);
        if (edge.Script is not null)
        {
            _incoming.Add((edge.Script, edge.Producer), edge);
        }
    }
}
