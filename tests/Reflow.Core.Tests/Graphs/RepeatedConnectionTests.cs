using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

/// <summary>A connection made twice exists twice: in the model, through undo, and in all three formats.</summary>
public sealed class RepeatedConnectionTests
{
    private static readonly NodePort s_from = new("a", "out");
    private static readonly NodePort s_to = new("b", "in");

    private static Graph Twice()
    {
        var graph = new Graph(caseSensitive: false); // as the DSL reads by default
        graph.AddNode("a", "A");
        graph.AddNode("b", "B");
        graph.AddNode("c", "C");
        graph.Connect(s_from, s_to);
        graph.Connect(new NodePort("a", "out"), new NodePort("c", "in"));
        graph.Connect(s_from, s_to, GraphMetadata.Parse("""{"capacity": 4}"""));
        return graph;
    }

    [Fact]
    public void Connecting_twice_keeps_both_and_lookups_see_both()
    {
        Graph graph = Twice();

        Assert.Equal(["a.out -> b.in", "a.out -> c.in", "a.out -> b.in"], graph.Connections.Select(c => c.ToString()));
        Assert.Equal([null, 4L], graph.GetConnections(s_from, s_to).Select(c => c.Capacity));
        Assert.Null(graph.GetConnection(s_from, s_to)!.Capacity); // the first
        Assert.Empty(graph.GetConnections(s_to, s_from));
    }

    [Fact]
    public void Disconnect_removes_every_copy_as_one_undo_step_and_undo_puts_each_back_in_its_place()
    {
        Graph graph = Twice();
        using var history = new GraphHistory(graph);
        string before = ReflowJsonFormat.Write(graph);

        Assert.Equal(2, graph.Disconnect(s_from, s_to));
        Assert.Equal(["a.out -> c.in"], graph.Connections.Select(c => c.ToString()));
        Assert.Equal(1, history.UndoCount);
        Assert.Throws<ArgumentException>(() => graph.Disconnect(s_from, s_to));

        history.Undo();
        Assert.Equal(before, ReflowJsonFormat.Write(graph));
        history.Redo();
        Assert.Equal(["a.out -> c.in"], graph.Connections.Select(c => c.ToString()));
    }

    [Fact]
    public void RemoveConnectionAt_removes_one_copy_and_undo_restores_that_one()
    {
        Graph graph = Twice();
        using var history = new GraphHistory(graph);
        string before = ReflowJsonFormat.Write(graph);

        graph.RemoveConnectionAt(2);
        Assert.Equal([null], graph.GetConnections(s_from, s_to).Select(c => c.Capacity));
        history.Undo();
        Assert.Equal(before, ReflowJsonFormat.Write(graph));

        graph.RemoveConnectionAt(0);
        Assert.Equal([4L], graph.GetConnections(s_from, s_to).Select(c => c.Capacity));
        history.Undo();
        Assert.Equal(before, ReflowJsonFormat.Write(graph));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.RemoveConnectionAt(3));
    }

    [Fact]
    public void Metadata_set_on_a_repeated_connection_goes_to_every_copy_in_one_undo_step()
    {
        Graph graph = Twice();
        using var history = new GraphHistory(graph);
        string before = ReflowJsonFormat.Write(graph);

        graph.SetConnectionMetadata(s_from, s_to, GraphMetadata.Parse("""{"capacity": 9}"""));
        Assert.Equal([9L, 9L], graph.GetConnections(s_from, s_to).Select(c => c.Capacity));
        Assert.Equal(1, history.UndoCount);
        history.Undo();
        Assert.Equal(before, ReflowJsonFormat.Write(graph));
    }

    [Fact]
    public void Renaming_and_removing_a_node_carry_every_copy()
    {
        Graph graph = Twice();
        using var history = new GraphHistory(graph);

        graph.RenameNode("b", "bee");
        Assert.Equal(2, graph.GetConnections(s_from, new NodePort("bee", "in")).Count);
        graph.RemoveNode("bee");
        Assert.Equal(["a.out -> c.in"], graph.Connections.Select(c => c.ToString()));
        history.Undo();
        Assert.Equal(2, graph.GetConnections(s_from, new NodePort("bee", "in")).Count);
    }

    [Theory]
    [InlineData(GraphFormat.Fbp)]
    [InlineData(GraphFormat.ReflowJson)]
    [InlineData(GraphFormat.NoFloJson)]
    public void A_connection_written_twice_is_read_back_twice_in_every_format(GraphFormat format)
    {
        Graph graph = Twice();
        if (format == GraphFormat.Fbp)
        {
            graph.SetConnectionMetadata(s_from, s_to, GraphMetadata.Empty); // the DSL holds no connection metadata
        }

        Graph again = GraphFile.Read(GraphFile.Write(graph, format), format);

        Assert.True(graph.ContentEquals(again), GraphFile.Write(again, GraphFormat.ReflowJson));
        Assert.Equal(2, again.GetConnections(s_from, s_to).Count);
        Assert.Empty(again.LoadProblems);
    }

    [Fact]
    public void The_DSL_keeps_every_repetition_including_those_in_chains_and_to_array_ports()
    {
        Graph graph = FbpFormat.Read("a(A) OUT[1] -> IN b(B) OUT -> IN c(C)\na OUT[1] -> IN b\na OUT[1] -> IN b OUT -> IN c\n");

        Assert.Equal(3, graph.GetConnections(new NodePort("a", "out", 1), s_to).Count);
        Assert.Equal(2, graph.GetConnections(new NodePort("b", "out"), new NodePort("c", "in")).Count);
        Assert.Empty(graph.GetConnections(s_from, s_to)); // the index is part of the address
    }
}
