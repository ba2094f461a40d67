using Reflow.Actors;
using Reflow.Configuration;
using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Tests.Limits;

/// <summary>Graph size: the file size GraphFile.Load reads, and the nodes a network may have once subgraphs are expanded.</summary>
public sealed class GraphSizeLimitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reflow-limits-").FullName;

    private static readonly Component Sink = Component.FromFactory(new ComponentDescription("test/Sink", [new("in", PortType.Any)], []), () => new SinkActor());

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_graph_file_of_MaxFileBytes_is_read_and_one_byte_more_is_refused_before_reading()
    {
        string at = Path.Combine(_directory, "at.json");
        using (var file = new FileStream(at, FileMode.Create))
        {
            // A valid graph padded with white space to exactly the limit.
            file.Write("""{"properties": {"name": "big"}}"""u8);
            byte[] spaces = new byte[GraphFile.MaxFileBytes - file.Length];
            Array.Fill(spaces, (byte)' ');
            file.Write(spaces);
        }

        Assert.Equal(GraphFile.MaxFileBytes, new FileInfo(at).Length);
        Assert.Equal("big", GraphFile.Load(at).Name);

        string past = Path.Combine(_directory, "past.json");
        using (var file = new FileStream(past, FileMode.Create))
        {
            file.SetLength(GraphFile.MaxFileBytes + 1); // sparse: nothing is written, and nothing may be read
        }

        GraphFormatException error = Assert.Throws<GraphFormatException>(() => GraphFile.Load(past));
        Assert.Equal(past, error.FileName);
        Assert.Contains($"at most {GraphFile.MaxFileBytes} bytes (GraphFile.MaxFileBytes)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{GraphFile.MaxFileBytes + 1} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_of_MaxNodes_nodes_loads_and_one_more_is_a_TooManyNodes_problem()
    {
        ComponentRegistry registry = new ComponentRegistry().Add(Sink);
        Assert.Equal(5, GraphNetworkLoader.Load(Nodes(5), registry, new GraphLoadOptions { MaxNodes = 5 }).Nodes.Length);

        GraphLoadException error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.Load(Nodes(6), registry, new GraphLoadOptions { MaxNodes = 5 }));
        GraphProblem problem = Assert.Single(error.Problems, p => p.Code == GraphLoadProblemCodes.TooManyNodes);
        Assert.Contains("more than 5 nodes", problem.Message, StringComparison.Ordinal);
        Assert.Contains("actor_system.max_actors_per_node", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subgraphs_that_use_each_other_many_times_are_refused_while_expanding_not_after()
    {
        // Ten files, each with ten nodes of the next: 10^10 nodes if expanded. The limit stops it at the first node past it.
        for (int level = 0; level < 10; level++)
        {
            string component = level == 9 ? "test/Sink" : $"level{level + 1}";
            File.WriteAllLines(Path.Combine(_directory, $"level{level}.fbp"), Enumerable.Range(0, 10).Select(i => $"n{i}({component})"));
        }

        ComponentRegistry registry = new ComponentRegistry().Add(Sink);
        GraphLoadException error = Assert.Throws<GraphLoadException>(() =>
            GraphNetworkLoader.LoadFile(Path.Combine(_directory, "level0.fbp"), registry, ReflowOptions.Default.ToGraphLoadOptions() with { MaxNodes = 1000 }));
        Assert.Contains(error.Problems, p => p.Code == GraphLoadProblemCodes.TooManyNodes && p.Message.Contains("more than 1000 nodes", StringComparison.Ordinal));

        // Three levels (1000 nodes) are within the same limit.
        File.WriteAllLines(Path.Combine(_directory, "level2.fbp"), Enumerable.Range(0, 10).Select(i => $"n{i}(test/Sink)"));
        Assert.Equal(1000, GraphNetworkLoader.LoadFile(Path.Combine(_directory, "level0.fbp"), registry, new GraphLoadOptions { MaxNodes = 1000 }).Nodes.Length);
    }

    [Fact]
    public void ToGraphLoadOptions_takes_MaxNodes_from_max_actors_per_node()
    {
        ReflowOptions options = ReflowConfiguration.FromToml("[actor_system]\nmax_actors_per_node = 7\n");
        Assert.Equal(7, options.ToGraphLoadOptions().MaxNodes);
        Assert.Equal(GraphLoadOptions.DefaultMaxNodes, ReflowOptions.Default.ToGraphLoadOptions().MaxNodes);
        Assert.Equal(GraphLoadOptions.DefaultMaxNodes, ReflowOptions.Default.ActorSystem.MaxActorsPerNode);
    }

    [Fact]
    public void A_network_of_max_actors_per_node_actors_is_created_and_one_more_is_a_ReflowLimitException()
    {
        ComponentRegistry registry = new ComponentRegistry().Add(Sink);
        ReflowOptions options = ReflowConfiguration.FromToml("[actor_system]\nmax_actors_per_node = 3\n");
        options.EnsureWithinLimits(GraphNetworkLoader.Load(Nodes(3), registry));

        ReflowLimitException error = Assert.Throws<ReflowLimitException>(() => options.EnsureWithinLimits(GraphNetworkLoader.Load(Nodes(4), registry)));
        Assert.Contains("4 actors, more than actor_system.max_actors_per_node = 3", error.Message, StringComparison.Ordinal);
    }

    private static Graph Nodes(int count)
    {
        var graph = new Graph();
        for (int i = 0; i < count; i++)
        {
            graph.AddNode("n" + i, "test/Sink");
        }

        return graph;
    }

    private sealed class SinkActor : Actor
    {
        public override void Receive(ActorContext context)
        {
        }
    }
}
