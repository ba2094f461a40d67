using BenchmarkDotNet.Attributes;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Networks;

namespace Reflow.Benchmarks.Graphs;

/// <summary>
/// Loading a generated 10 000-node graph file (<see cref="LargeGraph"/>) in each format: parsing it, parsing and
/// validating it against a component registry, and turning it into a network definition (parse, validate, resolve,
/// build; no actor is created). The file is written once per format into a temporary directory.
/// </summary>
[MemoryDiagnoser]
public class GraphLoadBenchmarks
{
    public const int Nodes = 10_000;

    private readonly ComponentRegistry _registry = LargeGraph.CreateRegistry();
    private string _directory = null!;
    private string _path = null!;

    [Params(GraphFormat.Fbp, GraphFormat.ReflowJson, GraphFormat.NoFloJson)]
    public GraphFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "reflow-graph-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, Format == GraphFormat.Fbp ? "large.fbp" : "large.json");
        Graph graph = LargeGraph.Create(Nodes);
        GraphFile.Save(graph, _path, Format);

        // Fail here, not in a measurement, if the file does not read back as the graph or does not validate.
        Graph loaded = GraphFile.Load(_path);
        if (loaded.Nodes.Count != Nodes || loaded.Connections.Count != graph.Connections.Count || !GraphValidator.Validate(loaded, _registry).IsValid)
        {
            throw new InvalidOperationException($"The generated {Format} file does not read back as the {Nodes}-node graph it was written from.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public Graph Parse() => GraphFile.Load(_path);

    [Benchmark]
    public GraphValidation ParseAndValidate() => GraphValidator.Validate(GraphFile.Load(_path), _registry);

    [Benchmark]
    public NetworkDefinition LoadNetwork() => GraphNetworkLoader.LoadFile(_path, _registry, new GraphLoadOptions { EnvironmentVariables = _ => null });
}
