using Reflow.Graphs.Formats;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Loading;

/// <summary>A connection written twice in a graph file exists twice in the network: each message arrives twice.</summary>
public sealed class RepeatedConnectionRunTests
{
    [Fact]
    public async Task A_connection_written_twice_in_fbp_delivers_each_message_twice()
    {
        var components = new LoaderComponents();
        var graph = FbpFormat.Read("""
            numbers(test/Numbers) OUT -> IN scale(test/Scale) OUT -> IN collect(test/Collect)
            numbers OUT -> IN scale
            10 -> FACTOR scale
            """, "twice.fbp");

        NetworkDefinition definition = GraphNetworkLoader.Load(graph, components.CreateRegistry());
        NetworkRunResult result = await LoaderComponents.Run(definition);

        Assert.Equal(3, definition.Edges.Length);
        Assert.Equal([10L, 10, 20, 20, 30, 30, 40, 40, 50, 50], components.Values().Order());
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public async Task The_builder_accepts_the_same_edge_twice_and_a_third_time()
    {
        var components = new LoaderComponents();
        var graph = LoaderComponents.NumbersIntoScale();
        graph.Connect("scale", "out", "collect", "in");
        graph.Connect("scale", "out", "collect", "in");
        graph.Connect("scale", "out", "collect", "in");

        NetworkRunResult result = await LoaderComponents.Run(GraphNetworkLoader.Load(graph, components.CreateRegistry()));

        Assert.Equal([1L, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5], components.Values().Order());
        Assert.Equal(0, result.Errors);
    }
}
