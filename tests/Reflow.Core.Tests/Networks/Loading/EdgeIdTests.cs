using Reflow.Graphs.Formats;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Loading;

/// <summary>Edge ids: named from the graph, the same in every load, distinct for a connection written twice.</summary>
public sealed class EdgeIdTests
{
    private const string Graph = """
        numbers(test/Numbers) OUT -> IN scale(test/Scale) OUT -> IN collect(test/Collect)
        numbers OUT -> IN scale
        10 -> FACTOR scale
        """;

    [Fact]
    public void Edge_ids_are_the_same_in_two_loads_of_a_graph_and_distinct_for_a_connection_written_twice()
    {
        NetworkDefinition first = GraphNetworkLoader.Load(FbpFormat.Read(Graph, "twice.fbp"), new LoaderComponents().CreateRegistry());
        NetworkDefinition second = GraphNetworkLoader.Load(FbpFormat.Read(Graph, "twice.fbp"), new LoaderComponents().CreateRegistry());

        string[] ids = [.. first.Edges.Select(e => e.Id)];
        Assert.Equal(ids, second.Edges.Select(e => e.Id));
        Assert.Equal(["numbers.out -> scale.in", "scale.out -> collect.in", "numbers.out -> scale.in #2"], ids);
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task The_run_statistics_carry_the_ids_of_the_definition_and_name_host_edges_by_their_exported_port()
    {
        var components = new LoaderComponents();
        var graph = LoaderComponents.NumbersIntoScale();
        graph.Connect("scale", "out", "collect", "in");
        NetworkDefinition definition = GraphNetworkLoader.Load(graph, components.CreateRegistry());

        NetworkRunResult result = await LoaderComponents.Run(definition);

        Assert.Equal(definition.Edges.Select(e => e.Id), result.Edges.Select(e => e.Id));
    }

    [Fact]
    public void An_addressable_port_s_index_is_part_of_the_id()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("route", AddressableComponents.Route())
            .AddNode("sink", AddressableComponents.Sink(new()))
            .Connect("route", "out", "sink", "in", fromIndex: 0, toIndex: 2)
            .Connect("route", "out", "sink", "plain", fromIndex: 1)
            .ExportInPort("in", "route", "in")
            .Build(_ => null);

        Assert.Equal(["route.out[0] -> sink.in[2]", "route.out[1] -> sink.plain"], definition.Edges.Select(e => e.Id));
    }
}
