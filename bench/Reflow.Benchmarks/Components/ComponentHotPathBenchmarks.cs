using BenchmarkDotNet.Attributes;
using Reflow.Benchmarking;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Components;

/// <summary>
/// The hot standard components in a network: a source of Integers → the component(s) → a sink, run to completion,
/// on <see cref="NetworkBenchmark"/> (the network is built before each iteration; msg/s and alloc/msg columns).
/// <c>Allocated</c> (MemoryDiagnoser) is per run and does not grow with <see cref="Messages"/>, which is what "0 B
/// per scalar message in steady state" means here: alloc/msg falls as Messages grows (the exact check is the test
/// <c>HotPathAllocationTests</c>, which reads the worker thread's allocation counter).
/// </summary>
public class ComponentHotPathBenchmarks : NetworkBenchmark
{
    private readonly ComponentRegistry _registry = new ComponentRegistry().AddStandardComponents();

    /// <summary>Which component(s) the messages go through.</summary>
    [Params("core/Repeat", "flow/Fork", "flow/Merge", "math/Add", "chain")]
    public string Path { get; set; } = "core/Repeat";

    /// <summary>Messages per run; two sizes show that the allocation does not grow with them.</summary>
    [ParamsSource(nameof(Sizes))]
    public override long Messages { get; set; }

    public static IEnumerable<long> Sizes() => BenchScale.Pick<long[]>([100_000, 1_000_000], [100_000, 300_000], [1_000, 10_000]);

    protected override NetworkPath AddNodes(NetworkBuilder builder)
    {
        string[] stages = Path == "chain" ? ["core/Repeat", "flow/Fork", "flow/Merge", "math/Add"] : [Path];
        string into = stages[0] == "flow/Merge" ? "in1" : "in";
        string previous = "", previousPort = "";
        for (int i = 0; i < stages.Length; i++)
        {
            string node = $"stage{i}";
            builder.AddNode(node, _registry.FindComponent(stages[i])!);
            if (i > 0)
            {
                builder.Connect(previous, previousPort, node, stages[i] == "flow/Merge" ? "in1" : "in");
            }

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

        return new NetworkPath("stage0", into, previous, previousPort);
    }
}
