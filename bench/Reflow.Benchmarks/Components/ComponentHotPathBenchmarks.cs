using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Components;

/// <summary>
/// The hot standard components in a network: a source of Integers → the component(s) → a sink, run to completion.
/// <c>Allocated</c> (MemoryDiagnoser) is per run: it is the network's fixed set-up cost and does not grow with
/// <see cref="Messages"/>, which is what "0 B per scalar message in steady state" means here (the exact check is
/// the test <c>HotPathAllocationTests</c>, which reads the worker thread's allocation counter).
/// </summary>
[MemoryDiagnoser]
public class ComponentHotPathBenchmarks
{
    private static readonly ComponentDescription s_source = new("bench/Source", outPorts: [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_sink = new("bench/Sink", [new("in", PortType.Float)]);

    private readonly ComponentRegistry _registry = new ComponentRegistry().AddStandardComponents();
    private NetworkDefinition _definition = null!;
    private long _received;

    /// <summary>Which component(s) the messages go through.</summary>
    [Params("core/Repeat", "flow/Fork", "flow/Merge", "math/Add", "chain")]
    public string Path { get; set; } = "core/Repeat";

    /// <summary>Messages per run; two sizes show that the allocation does not grow with them.</summary>
    [ParamsSource(nameof(Sizes))]
    public long Messages { get; set; }

    public static IEnumerable<long> Sizes() => BenchScale.Pick<long[]>([100_000, 1_000_000], [100_000, 300_000], [1_000, 10_000]);

    [GlobalSetup]
    public void Setup()
    {
        var builder = new NetworkBuilder()
            .AddNode("source", Component.FromFactory(s_source, () => new Source(Messages)))
            .AddNode("sink", Component.FromFactory(s_sink, () => new Sink(this)));
        string[] stages = Path == "chain" ? ["core/Repeat", "flow/Fork", "flow/Merge", "math/Add"] : [Path];
        string previous = "source", previousPort = "out";
        for (int i = 0; i < stages.Length; i++)
        {
            string node = $"stage{i}";
            builder.AddNode(node, _registry.FindComponent(stages[i])!);
            string inPort = stages[i] == "flow/Merge" ? "in1" : "in";
            builder.Connect(previous, previousPort, node, inPort);
            if (stages[i] == "flow/Fork")
            {
                builder.AddNode($"{node}.drop", _registry.FindComponent("core/Drop")!).Connect(node, "out2", $"{node}.drop", "in");
            }

            if (stages[i] == "math/Add")
            {
                builder.AddInitial(node, "operand", Message.Integer(1));
            }

            (previous, previousPort) = (node, stages[i] == "flow/Fork" ? "out1" : "out");
        }

        _definition = builder.Connect(previous, previousPort, "sink", "in").Build(_ => null);
    }

    [Benchmark]
    public async Task<long> Run()
    {
        _received = 0;
        await using Network network = Network.Create(_definition);
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        if (_received != Messages || result.Errors != 0)
        {
            throw new InvalidOperationException($"{Path}: {_received} of {Messages} messages arrived, {result.Errors} errors.");
        }

        return _received;
    }

    private sealed class Source(long count) : SourceActor
    {
        private OutPort _out;
        private long _next;

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override SourceStatus Produce(ActorContext context)
        {
            long end = Math.Min(count, _next + 256);
            for (; _next < end; _next++)
            {
                context.Emit(_out, Message.Integer(_next));
            }

            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }

    private sealed class Sink(ComponentHotPathBenchmarks owner) : Actor
    {
        public override void Receive(ActorContext context) => owner._received++;
    }
}
