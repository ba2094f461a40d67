using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

/// <summary>Array-port indices (<c>OUT[2]</c>, <c>index</c>) on connections, IIPs and exported ports survive every format that can hold them.</summary>
public sealed class AddressablePortRoundTripTests
{
    private static Graph Indexed(bool withExportedInitial)
    {
        var graph = new Graph(caseSensitive: false);
        graph.AddNode("split", "Split");
        graph.AddNode("merge", "Merge");
        graph.Connect(new NodePort("split", "out", 0), new NodePort("merge", "in", 2));
        graph.Connect(new NodePort("split", "out", 1), new NodePort("merge", "in", 0));
        graph.Connect(new NodePort("split", "out", 1), new NodePort("merge", "in", 0));
        graph.AddInitial(new NodePort("merge", "in", 3), JsonValues.String("x"));
        graph.ExportPort(PortDirection.In, "first", new NodePort("merge", "in", 4));
        graph.ExportPort(PortDirection.Out, "last", new NodePort("merge", "out", 7));
        if (withExportedInitial)
        {
            graph.AddExportedPortInitial("first", JsonValues.Number(5));
        }

        return graph;
    }

    [Theory]
    [InlineData(GraphFormat.ReflowJson)]
    [InlineData(GraphFormat.NoFloJson)]
    public void JSON_formats_keep_every_index_including_the_exported_ports(GraphFormat format)
    {
        Graph graph = Indexed(withExportedInitial: false);

        Graph again = GraphFile.Read(GraphFile.Write(graph, format), format);

        Assert.True(graph.ContentEquals(again), GraphFile.Write(again, format));
        Assert.Equal([4, 7], again.InPorts.Concat(again.OutPorts).Select(p => p.Target.Index));
    }

    [Fact]
    public void Reflow_JSON_keeps_an_IIP_on_an_exported_port_that_stands_for_an_index()
    {
        Graph graph = Indexed(withExportedInitial: true);

        Graph again = ReflowJsonFormat.Read(ReflowJsonFormat.Write(graph));

        Assert.True(graph.ContentEquals(again), ReflowJsonFormat.Write(again));
    }

    [Theory]
    [InlineData(GraphFormat.NoFloJson)]
    [InlineData(GraphFormat.Fbp)]
    public void Formats_without_IIPs_on_exported_ports_send_them_to_the_indexed_node_port(GraphFormat format)
    {
        Graph again = GraphFile.Read(GraphFile.Write(Indexed(withExportedInitial: true), format), format);

        Assert.Equal(["\"x\" -> merge.in[3]", "5 -> merge.in[4]"], again.Initials.Select(i => i.ToString()));
    }

    [Fact]
    public void The_DSL_keeps_the_indices_of_connections_and_IIPs_but_cannot_spell_one_on_an_exported_port()
    {
        Graph graph = Indexed(withExportedInitial: false);

        string text = FbpFormat.Write(graph);
        Graph again = FbpFormat.Read(text);

        Assert.Contains("split OUT[0] -> IN[2] merge".ToLowerInvariant(), text.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal(graph.Connections, again.Connections);
        Assert.Equal(graph.Initials, again.Initials);
        Assert.Equal([null, null], again.InPorts.Concat(again.OutPorts).Select(p => p.Target.Index)); // INPORT=node.port:name has no index
        Assert.Equal(["merge.in", "merge.out"], again.InPorts.Concat(again.OutPorts).Select(p => p.Target.ToString()));
    }

    [Fact]
    public void The_DSL_reads_indices_in_every_position_of_a_statement()
    {
        Graph graph = FbpFormat.Read("'x' -> IN[3] a(A) OUT[1] -> IN[0] b(B) OUT[2] -> IN c(C)\n", "i.fbp");

        Assert.Equal(["a.out[1] -> b.in[0]", "b.out[2] -> c.in"], graph.Connections.Select(c => c.ToString()));
        Assert.Equal("\"x\" -> a.in[3]", Assert.Single(graph.Initials).ToString());
    }
}
