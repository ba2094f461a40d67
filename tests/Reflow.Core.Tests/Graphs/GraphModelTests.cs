using System.Text.Json;
using Reflow.Graphs;

namespace Reflow.Tests.Graphs;

public sealed class GraphModelTests
{
    internal static Graph Sample()
    {
        var graph = new Graph("sample");
        graph.AddNode("read", "ReadFile", GraphMetadata.Parse("""{"x": 1}"""));
        graph.AddNode("split", "SplitStr");
        graph.AddNode("show", "Output");
        graph.Connect("read", "out", "split", "in", GraphMetadata.Parse("""{"capacity": 8}"""));
        graph.Connect("split", "out", "show", "in");
        graph.AddInitial("read", "source", JsonValues.String("file.txt"));
        graph.ExportInPort("file", "read", "source");
        graph.ExportOutPort("lines", "show", "out");
        graph.AddExportedPortInitial("file", JsonValues.String("default.txt"));
        graph.AddGroup("front", ["read", "split"]);
        return graph;
    }

    [Fact]
    public void Removing_a_node_removes_everything_attached_to_it_in_one_transaction()
    {
        Graph graph = Sample();
        var changes = new List<GraphChange>();
        graph.Changed += changes.Add;

        graph.RemoveNode("read");

        Assert.Null(graph.GetNode("read"));
        Assert.Equal(["split.out -> show.in"], graph.Connections.Select(c => c.ToString()));
        Assert.Empty(graph.Initials);
        Assert.Empty(graph.InPorts);
        Assert.Empty(graph.ExportedPortInitials);
        Assert.Equal(["split"], graph.GetGroup("front")!.Nodes.ToArray());
        Assert.Equal(
            [GraphChangeKind.TransactionStarted, GraphChangeKind.ConnectionRemoved, GraphChangeKind.InitialRemoved, GraphChangeKind.InitialRemoved,
             GraphChangeKind.PortRemoved, GraphChangeKind.GroupChanged, GraphChangeKind.NodeRemoved, GraphChangeKind.TransactionEnded],
            changes.Select(c => c.Kind));
    }

    [Fact]
    public void Renaming_a_node_renames_every_reference_as_one_change()
    {
        Graph graph = Sample();
        var changes = new List<GraphChange>();
        graph.Changed += changes.Add;

        graph.RenameNode("read", "reader");

        GraphChange change = Assert.Single(changes);
        Assert.Equal(GraphChangeKind.NodeRenamed, change.Kind);
        Assert.Equal(("read", "reader"), (((GraphNode)change.Before!).Id, ((GraphNode)change.After!).Id));
        Assert.Equal(new NodePort("reader", "out"), graph.Connections[0].From);
        Assert.Equal("reader", graph.Initials[0].To.Node);
        Assert.Equal("reader", graph.InPorts[0].Target.Node);
        Assert.Equal(["reader", "split"], graph.GetGroup("front")!.Nodes.ToArray());
        Assert.Equal(["reader", "split", "show"], graph.Nodes.Select(n => n.Id)); // keeps its place
    }

    [Fact]
    public void Invalid_edits_throw_and_change_nothing()
    {
        Graph graph = Sample();
        var changes = new List<GraphChange>();
        graph.Changed += changes.Add;

        Assert.Throws<ArgumentException>(() => graph.AddNode("read", "X"));
        Assert.Throws<ArgumentException>(() => graph.AddNode("", "X"));
        Assert.Throws<ArgumentException>(() => graph.Connect("read", "out", "nowhere", "in"));
        Assert.Throws<ArgumentException>(() => graph.Connect(new NodePort("read", "out", -1), new NodePort("split", "in")));
        Assert.Throws<ArgumentException>(() => graph.Disconnect(new NodePort("read", "out"), new NodePort("show", "in")));
        Assert.Throws<ArgumentException>(() => graph.AddInitial("ghost", "in", JsonValues.Null));
        Assert.Throws<ArgumentException>(() => graph.AddExportedPortInitial("nope", JsonValues.Null));
        Assert.Throws<ArgumentException>(() => graph.ExportInPort("file", "split", "in"));
        Assert.Throws<ArgumentException>(() => graph.RenameExportedPort(PortDirection.Out, "nope", "other"));
        Assert.Throws<ArgumentException>(() => graph.RenameNode("read", "split"));
        Assert.Throws<ArgumentException>(() => graph.AddGroup("front", []));
        Assert.Throws<ArgumentException>(() => graph.AddGroup("g", ["ghost"]));
        Assert.Throws<ArgumentException>(() => graph.RemoveFromGroup("front", "show"));
        Assert.Throws<InvalidOperationException>(() => graph.EndTransaction());
        Assert.Empty(changes);
    }

    [Fact]
    public void A_case_insensitive_graph_matches_port_names_ignoring_case_but_keeps_them_as_written()
    {
        var graph = new Graph(caseSensitive: false);
        graph.AddNode("a", "A");
        graph.AddNode("b", "B");
        graph.Connect("a", "Out", "b", "In");

        graph.Connect("a", "OUT", "b", "in"); // the same connection again: kept twice, as written
        Assert.Equal(2, graph.GetConnections(new NodePort("a", "out"), new NodePort("b", "IN")).Count);
        Assert.Equal(new NodePort("a", "Out"), graph.Connections[0].From);
        Assert.Equal(new NodePort("a", "OUT"), graph.Connections[1].From);

        graph.ExportInPort("Start", "b", "In");
        Assert.Throws<ArgumentException>(() => graph.ExportInPort("START", "a", "x"));
        graph.RenameExportedPort(PortDirection.In, "start", "START");
        Assert.Equal("START", graph.InPorts[0].Name);

        graph.AddInitial("b", "IN", JsonValues.Number(1));
        Assert.Equal(1, graph.RemoveInitials(new NodePort("b", "in")));

        var sensitive = new Graph(caseSensitive: true);
        sensitive.AddNode("a", "A");
        sensitive.Connect("a", "Out", "a", "In");
        sensitive.Connect("a", "OUT", "a", "in");
        Assert.Equal(2, sensitive.Connections.Count);
    }

    [Fact]
    public void Metadata_merges_with_null_removing_a_key_and_compares_by_value()
    {
        Graph graph = Sample();
        graph.UpdateNodeMetadata("read", GraphMetadata.Parse("""{"x": null, "label": "Read", "pos": {"y": 2.0}}"""));
        Assert.Equal(GraphMetadata.Parse("""{"pos": {"y": 2}, "label": "Read"}"""), graph.GetNode("read")!.Metadata);
        Assert.Equal(8, graph.Connections[0].Capacity);
        Assert.Equal("sample", graph.Name);
        graph.UpdateProperties(GraphMetadata.Parse("""{"name": "renamed", "icon": "cog"}"""));
        Assert.Equal("renamed", graph.Name);
    }

    [Fact]
    public void Metadata_handed_out_cannot_be_changed_behind_the_graphs_back()
    {
        var metadata = GraphMetadata.Parse("""{"a": 1}""");
        GraphMetadata changed = metadata.With("b", "two");
        Assert.Single(metadata);
        Assert.Equal(["a", "b"], changed.Keys);
        Assert.Equal("""{"a":1,"b":"two"}""", changed.ToString());
        Assert.Same(metadata, metadata.Without("zzz"));
        Assert.Throws<ArgumentException>(() => GraphMetadata.FromElement(JsonElement.Parse("[1]")));
    }

    [Fact]
    public void Subscribers_see_every_change_in_order_after_it_is_applied()
    {
        var graph = new Graph();
        var seen = new List<string>();
        graph.Changed += c => seen.Add($"{c.Kind}:{graph.Nodes.Count}");
        graph.AddNode("a", "A");
        graph.AddNode("b", "B");
        graph.SetNodeComponent("a", "A2");
        graph.RemoveNode("b");
        Assert.Equal(["NodeAdded:1", "NodeAdded:2", "NodeChanged:2", "TransactionStarted:2", "NodeRemoved:1", "TransactionEnded:1"], seen);
    }
}
