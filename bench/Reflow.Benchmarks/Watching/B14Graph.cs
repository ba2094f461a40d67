using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Watching;

/// <summary>
/// B14's graph: B4's shape as a graph of C# components, <c>source → relay1 … relay8 → sink</c> (ten stages, nine
/// edges), the source sending 1..N Integers 256 per call, the sink summing them. The same <see cref="Graph"/> and
/// <see cref="ComponentRegistry"/> serve the unwatched run (a Core network built from it) and the watched one (the
/// protocol server, which a client gives the graph node by node).
/// </summary>
internal sealed class B14Graph
{
    public const string Name = "b14";
    public const int Relays = 8;

    private static readonly ComponentDescription s_source = new("b14/Source", outPorts: [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_relay = new("b14/Relay", [new("in", PortType.Integer)], [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_sink = new("b14/Sink", [new("in", PortType.Integer)]);

    private long _received;
    private long _sum;

    public B14Graph(long messages)
    {
        Messages = messages;
        Registry = new ComponentRegistry()
            .Add(Component.FromFactory(s_source, () => new Source(Messages)))
            .Add(Component.FromFunc(s_relay, static context => context.Emit(new OutPort(0), context.Message)))
            .Add(Component.FromFunc(s_sink, context =>
            {
                _received++;
                _sum += context.Message.AsInteger();
            }));
        Graph = new Graph(Name);
        Graph.AddNode("source", s_source.Name);
        string previous = "source";
        foreach (string relay in RelayNames)
        {
            Graph.AddNode(relay, s_relay.Name);
            Graph.Connect(previous, "out", relay, "in");
            previous = relay;
        }

        Graph.AddNode("sink", s_sink.Name);
        Graph.Connect(previous, "out", "sink", "in");
    }

    public static IEnumerable<string> RelayNames => Enumerable.Range(1, Relays).Select(i => $"relay{i}");

    /// <summary>Every node, in pipeline order, with its component.</summary>
    public static IEnumerable<(string Node, string Component)> Nodes =>
        [("source", s_source.Name), .. RelayNames.Select(r => (r, s_relay.Name)), ("sink", s_sink.Name)];

    /// <summary>Every edge as (from, to), out → in.</summary>
    public static IEnumerable<(string From, string To)> Edges
    {
        get
        {
            string[] nodes = [.. Nodes.Select(n => n.Node)];
            return nodes.Zip(nodes.Skip(1));
        }
    }

    public long Messages { get; }

    public ComponentRegistry Registry { get; }

    public Graph Graph { get; }

    /// <summary>Before a run: the sink's counters at zero.</summary>
    public void Reset() => (_received, _sum) = (0, 0);

    /// <summary>After a run: every message arrived, each once (the sum of 1..N).</summary>
    public void Verify(string what)
    {
        long n = Messages;
        if (_received != n || _sum != n * (n + 1) / 2)
        {
            throw new InvalidOperationException($"B14 {what}: {_received} of {n} messages arrived (sum {_sum}, expected {n * (n + 1) / 2}).");
        }
    }

    private sealed class Source(long count) : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 256 && _next < count; i++)
            {
                context.Emit(new OutPort(0), Message.Integer(++_next));
            }

            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }
}
