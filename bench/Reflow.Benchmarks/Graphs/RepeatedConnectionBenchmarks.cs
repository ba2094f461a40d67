using System.Text;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Networks;

namespace Reflow.Benchmarks.Graphs;

/// <summary>
/// Loading a generated <c>.fbp</c> file whose lines repeat one connection (<c>a OUT -> IN b</c>, written N times):
/// parse and validate, as <c>reflow validate</c> does. A repeated connection is kept as often as it is written, so
/// the graph has N connections; the time per line should stay flat from 10 000 to 100 000 lines (it once grew with
/// the number of lines: 56 s for 80 000). Sizes follow <see cref="BenchScale"/> (dry: 1 000 and 10 000 lines).
/// </summary>
[MemoryDiagnoser]
public class RepeatedConnectionBenchmarks
{
    private readonly ComponentRegistry _registry = LargeGraph.CreateRegistry();
    private string _directory = null!;
    private string _path = null!;

    public static IEnumerable<int> Sizes() => BenchScale.Pick<int[]>([10_000, 100_000], [10_000, 100_000], [1_000, 10_000]);

    [ParamsSource(nameof(Sizes))]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "reflow-repeated-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "repeated.fbp");
        var text = new StringBuilder("a(bench/Source) OUT -> IN b(bench/Sink)\n");
        for (int i = 1; i < Lines; i++)
        {
            text.Append("a OUT -> IN b\n");
        }

        File.WriteAllText(_path, text.ToString());

        // Fail here, not in a measurement, if the file does not load as Lines connections that validate.
        GraphValidation validation = ParseAndValidate();
        Graph graph = GraphFile.Load(_path);
        if (graph.Connections.Count != Lines || !validation.IsValid)
        {
            throw new InvalidOperationException($"The generated file loads as {graph.Connections.Count} connections (valid: {validation.IsValid}), not {Lines}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Parse and validate, as <c>reflow validate</c> does (flattening and the network builder's checks included).</summary>
    [Benchmark]
    public GraphValidation ParseAndValidate() => GraphNetworkLoader.ValidateFile(_path, _registry, new GraphLoadOptions { EnvironmentVariables = _ => null });
}
