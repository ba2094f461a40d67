using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

public sealed class GraphHistoryTests
{
    private static readonly Dictionary<string, Action<Graph>> s_edits = new()
    {
        ["AddNode"] = g => g.AddNode("new", "New", GraphMetadata.Parse("""{"x": 3}""")),
        ["RemoveNode"] = g => g.RemoveNode("read"),
        ["RemoveNode (middle)"] = g => g.RemoveNode("split"),
        ["RenameNode"] = g => g.RenameNode("split", "splitter"),
        ["SetNodeMetadata"] = g => g.SetNodeMetadata("split", GraphMetadata.Parse("""{"label": "S"}""")),
        ["UpdateNodeMetadata"] = g => g.UpdateNodeMetadata("read", GraphMetadata.Parse("""{"x": null, "y": 2}""")),
        ["SetNodeComponent"] = g => g.SetNodeComponent("show", "Console"),
        ["Connect"] = g => g.Connect(new NodePort("read", "out", 2), new NodePort("show", "in")),
        ["Disconnect"] = g => g.Disconnect(new NodePort("read", "out"), new NodePort("split", "in")),
        ["SetConnectionMetadata"] = g => g.SetConnectionMetadata(new NodePort("read", "out"), new NodePort("split", "in"), GraphMetadata.Parse("""{"capacity": 2}""")),
        ["AddInitial"] = g => g.AddInitial("split", "delimiter", JsonValues.String(",")),
        ["RemoveInitials"] = g => g.RemoveInitials(new NodePort("read", "source")),
        ["RemoveInitial"] = g => g.RemoveInitial(g.Initials[0]),
        ["AddExportedPortInitial"] = g => g.AddExportedPortInitial("file", JsonValues.Number(2)),
        ["RemoveExportedPortInitials"] = g => g.RemoveExportedPortInitials("file"),
        ["ExportPort in"] = g => g.ExportInPort("delim", "split", "delimiter"),
        ["ExportPort out"] = g => g.ExportPort(PortDirection.Out, "errors", new NodePort("read", "error")),
        ["RemoveExportedPort"] = g => g.RemoveExportedPort(PortDirection.In, "file"),
        ["RenameExportedPort"] = g => g.RenameExportedPort(PortDirection.In, "file", "path"),
        ["SetExportedPortTarget"] = g => g.SetExportedPortTarget(PortDirection.Out, "lines", new NodePort("split", "out")),
        ["SetExportedPortMetadata"] = g => g.SetExportedPortMetadata(PortDirection.In, "file", GraphMetadata.Parse("""{"x": 0}""")),
        ["AddGroup"] = g => g.AddGroup("back", ["show"], GraphMetadata.Parse("""{"description": "d"}""")),
        ["RemoveGroup"] = g => g.RemoveGroup("front"),
        ["RenameGroup"] = g => g.RenameGroup("front", "ingest"),
        ["AddToGroup"] = g => g.AddToGroup("front", "show"),
        ["RemoveFromGroup"] = g => g.RemoveFromGroup("front", "read"),
        ["SetGroupMetadata"] = g => g.SetGroupMetadata("front", GraphMetadata.Parse("""{"color": 1}""")),
        ["SetProperties"] = g => g.SetProperties(GraphMetadata.Parse("""{"name": "other"}""")),
        ["UpdateProperties"] = g => g.UpdateProperties(GraphMetadata.Parse("""{"icon": "cog"}""")),
    };

    public static TheoryData<string> Edits() => [.. s_edits.Keys];

    [Theory]
    [MemberData(nameof(Edits))]
    public void Every_edit_is_undone_and_redone_exactly(string edit)
    {
        Graph graph = GraphModelTests.Sample();
        using var history = new GraphHistory(graph);
        string before = ReflowJsonFormat.Write(graph);

        s_edits[edit](graph);
        string after = ReflowJsonFormat.Write(graph);
        Assert.NotEqual(before, after);
        Assert.Equal((1, 0), (history.UndoCount, history.RedoCount));

        history.Undo();
        Assert.Equal(before, ReflowJsonFormat.Write(graph)); // text equality: order of every list restored too
        Assert.Equal((0, 1), (history.UndoCount, history.RedoCount));

        history.Redo();
        Assert.Equal(after, ReflowJsonFormat.Write(graph));
        history.Undo();
        Assert.Equal(before, ReflowJsonFormat.Write(graph));
    }

    [Fact]
    public void A_transaction_is_undone_and_redone_as_one_step_and_nests()
    {
        Graph graph = GraphModelTests.Sample();
        using var history = new GraphHistory(graph);
        string before = ReflowJsonFormat.Write(graph);

        using (graph.Transaction("rewire"))
        {
            graph.AddNode("count", "Counter");
            graph.StartTransaction("inner");
            graph.Connect("split", "out", "count", "in");
            graph.EndTransaction();
            graph.RemoveNode("show");
        }

        string after = ReflowJsonFormat.Write(graph);
        Assert.Equal(1, history.UndoCount);
        history.Undo();
        Assert.Equal(before, ReflowJsonFormat.Write(graph));
        history.Redo();
        Assert.Equal(after, ReflowJsonFormat.Write(graph));
    }

    [Fact]
    public void Steps_undo_in_reverse_order_and_a_new_edit_drops_the_redo_steps()
    {
        var graph = new Graph();
        using var history = new GraphHistory(graph, maxSteps: 2);
        graph.AddNode("a", "A");
        graph.AddNode("b", "B");
        graph.AddNode("c", "C");
        Assert.Equal(2, history.UndoCount); // the oldest step was forgotten

        history.Undo();
        history.Undo();
        Assert.Equal(["a"], graph.Nodes.Select(n => n.Id));
        Assert.False(history.CanUndo);
        Assert.Throws<InvalidOperationException>(history.Undo);

        graph.AddNode("d", "D");
        Assert.False(history.CanRedo);
        Assert.Throws<InvalidOperationException>(history.Redo);
    }

    [Fact]
    public void Undo_is_refused_inside_a_transaction_and_is_seen_by_subscribers_as_one_transaction()
    {
        Graph graph = GraphModelTests.Sample();
        using var history = new GraphHistory(graph);
        graph.RemoveNode("split");

        graph.StartTransaction("open");
        Assert.Throws<InvalidOperationException>(history.Undo);
        graph.EndTransaction();

        var kinds = new List<GraphChangeKind>();
        graph.Changed += c => kinds.Add(c.Kind);
        history.Undo();
        Assert.Equal(GraphChangeKind.TransactionStarted, kinds[0]);
        Assert.Equal(GraphChangeKind.TransactionEnded, kinds[^1]);
        Assert.Contains(GraphChangeKind.NodeAdded, kinds);
        Assert.Equal(0, history.UndoCount); // replaying is not recorded as a new step
        Assert.Equal(1, history.RedoCount);
    }

    [Fact]
    public void A_disposed_history_stops_recording()
    {
        var graph = new Graph();
        var history = new GraphHistory(graph);
        history.Dispose();
        graph.AddNode("a", "A");
        Assert.False(history.CanUndo);
    }
}
