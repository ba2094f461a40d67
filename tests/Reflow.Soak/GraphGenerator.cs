namespace Reflow.Soak;

/// <summary>
/// Makes a random soak graph from a seed, the same graph for the same seed and options: sources, layers of C# relays
/// fed by one or two earlier nodes (fan-in) and feeding any number of later ones (fan-out), sinks (some slow), and
/// script relays (JavaScript, Python, WebAssembly) placed on connections between two C# nodes.
/// </summary>
internal sealed class GraphGenerator
{
    private readonly Random _random;
    private readonly SoakOptions _options;
    private readonly List<PlanNode> _nodes = [];
    private readonly List<(string From, string To)> _connections = [];
    private readonly Dictionary<string, HashSet<string>> _froms = [];
    private readonly Dictionary<NodeKind, int> _scripts = [];
    private int _next;

    private GraphGenerator(int seed, SoakOptions options)
    {
        _random = new Random(seed);
        _options = options;
    }

    public static GraphPlan Create(int seed, SoakOptions options) => new GraphGenerator(seed, options).Build(seed);

    private GraphPlan Build(int seed)
    {
        var producers = new List<string>();
        var relays = new List<string>();
        for (int i = _random.Next(1, 4); i > 0; i--)
        {
            producers.Add(Add(NodeKind.Source, "s").Id);
        }

        for (int layer = _random.Next(1, 4); layer > 0; layer--)
        {
            var added = new List<string>();
            for (int i = _random.Next(1, 4); i > 0; i--)
            {
                PlanNode relay = Add(NodeKind.Relay, "r", Enum.GetValues<RelayPolicy>()[_random.Next(5)]);
                FeedFrom(relay.Id, producers);
                added.Add(relay.Id);
            }

            producers.AddRange(added);
            relays.AddRange(added);
        }

        var sinks = new List<string>();
        for (int i = _random.Next(1, 3); i > 0; i--)
        {
            PlanNode sink = Add(_random.NextDouble() < 0.3 ? NodeKind.SlowSink : NodeKind.Sink, "k");
            FeedFrom(sink.Id, producers);
            sinks.Add(sink.Id);
        }

        // Every C# producer feeds something: what it emits on an unconnected port would leave the ledger.
        foreach (string producer in producers.Where(p => !_connections.Any(c => c.From == p)))
        {
            Link(producer, sinks[_random.Next(sinks.Count)], allowScript: false);
        }

        string? hostIn = _random.NextDouble() < 0.4 ? relays[_random.Next(relays.Count)] : null;
        string? hostOut = _random.NextDouble() < 0.4 ? relays[_random.Next(relays.Count)] : null;
        var faults = new FaultPicker(_random, relays, _nodes.Select(n => n.Kind).ToHashSet());
        for (int i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i].Kind == NodeKind.Source)
            {
                _nodes[i] = _nodes[i] with { Messages = Messages(_nodes[i].Id, _random.Next(50, _options.MaxMessagesPerSource + 1), faults) };
            }
        }

        IReadOnlyList<SoakMessage> hostMessages = hostIn is null ? [] : Messages(LogicalEdge.Host, _random.Next(20, 500), faults);
        int capacity = new[] { 4, 16, 256, 1024 }[_random.Next(4)];
        TimeSpan? cancel = _options.Cancellations && _random.NextDouble() < 0.12 ? TimeSpan.FromMilliseconds(_random.Next(30, 600)) : null;
        var kills = new List<TimeSpan>();
        if (_nodes.Any(n => n.Kind == NodeKind.Python) && _random.NextDouble() < 0.5)
        {
            for (int i = _random.Next(1, 3); i > 0; i--)
            {
                kills.Add(TimeSpan.FromMilliseconds(_random.Next(50, 800)));
            }
        }

        return new GraphPlan(seed, _nodes, _connections, hostIn, hostMessages, hostOut, capacity, cancel, kills);
    }

    private List<SoakMessage> Messages(string from, int count, FaultPicker faults)
    {
        double rate = _random.NextDouble() * _options.MaxFaultRate;
        var messages = new List<SoakMessage>(count);
        for (int i = 0; i < count; i++)
        {
            string fault = _random.NextDouble() < rate ? faults.Next() : "";
            messages.Add(new SoakMessage(from, $"{from}.{i}", fault));
        }

        return messages;
    }

    private PlanNode Add(NodeKind kind, string prefix, RelayPolicy policy = RelayPolicy.Resume)
    {
        var node = new PlanNode($"{prefix}{_next++}", kind) { Policy = policy };
        _nodes.Add(node);
        return node;
    }

    private void FeedFrom(string consumer, List<string> producers)
    {
        for (int i = _random.Next(1, 3); i > 0; i--)
        {
            Link(producers[_random.Next(producers.Count)], consumer, allowScript: true);
        }
    }

    private void Link(string producer, string consumer, bool allowScript)
    {
        HashSet<string> froms = _froms.TryGetValue(consumer, out HashSet<string>? f) ? f : _froms[consumer] = [];
        if (!froms.Add(producer))
        {
            return; // one logical edge per (producer, consumer): the consumer tells its edges apart by "from"
        }

        NodeKind? script = allowScript && _random.NextDouble() < 0.45 ? PickScript() : null;
        if (script is { } kind)
        {
            string id = Add(kind, kind switch { NodeKind.JavaScript => "js", NodeKind.Python => "py", _ => "wasm" }).Id;
            _connections.Add((producer, id));
            _connections.Add((id, consumer));
        }
        else
        {
            _connections.Add((producer, consumer));
        }
    }

    private NodeKind? PickScript()
    {
        var kinds = new List<NodeKind>();
        if (_options.JavaScript && _scripts.GetValueOrDefault(NodeKind.JavaScript) < 3)
        {
            kinds.Add(NodeKind.JavaScript);
        }

        if (_options.Python && _scripts.GetValueOrDefault(NodeKind.Python) < 2)
        {
            kinds.Add(NodeKind.Python);
        }

        if (_options.Wasm && _scripts.GetValueOrDefault(NodeKind.Wasm) < 3)
        {
            kinds.Add(NodeKind.Wasm);
        }

        if (kinds.Count == 0)
        {
            return null;
        }

        NodeKind kind = kinds[_random.Next(kinds.Count)];
        _scripts[kind] = _scripts.GetValueOrDefault(kind) + 1;
        return kind;
    }
}
