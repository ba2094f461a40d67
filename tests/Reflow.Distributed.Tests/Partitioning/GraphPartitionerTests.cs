using System.Text.Json;
using Reflow.Distributed.Partitioning;
using Reflow.Graphs;

namespace Reflow.Distributed.Tests.Partitioning;

public sealed class GraphPartitionerTests
{
    private const string Deployment =
        """
        [placement]
        src = "a"
        w1 = "b"
        w2 = "c"
        join = "a"
        [delivery]
        "w1.out -> join.in1" = "at-least-once"
        """;

    [Fact]
    public void A_fan_out_and_fan_in_over_three_cluster_nodes_gives_the_expected_remote_edges()
    {
        GraphPartition p = GraphPartitioner.Partition(FanOutFanIn(), DeploymentFile.Parse(Deployment), ["c", "b", "a"]);

        // fork, w3 and sink were not placed: they follow their neighbours (fork: one each on a, b, c: the lower name).
        Assert.Equal("a", p.Placement["fork"]);
        Assert.Equal("a", p.Placement["w3"]);
        Assert.Equal("a", p.Placement["sink"]);
        Assert.Equal(["a", "b", "c"], p.Parts.Select(part => part.ClusterNode));
        Assert.Equal(["src=a", "fork=a", "w1=b", "w2=c", "w3=a", "join=a", "sink=a"], p.Placement.Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal(
            [
                new RemoteEdge(0, "a", "b", "fork.out1", "w1.in", 1024, DeliveryMode.AtMostOnce),
                new RemoteEdge(1, "a", "c", "fork.out2", "w2.in", 16, DeliveryMode.AtMostOnce),
                new RemoteEdge(2, "b", "a", "w1.out", "join.in1", 1024, DeliveryMode.AtLeastOnce),
                new RemoteEdge(3, "c", "a", "w2.out", "join.in2", 1024, DeliveryMode.AtMostOnce),
                new RemoteEdge(4, RemoteEdge.Coordinator, "a", "in", "src.in", 1024, DeliveryMode.AtMostOnce),
                new RemoteEdge(5, "a", RemoteEdge.Coordinator, "sink.out", "out", 1024, DeliveryMode.AtMostOnce),
            ],
            p.Edges);
        Assert.Equal(["_remote0", "_remote1", "_remote2", "_remote3", "_remote4", "_remote5"], p.Edges.Select(e => e.ExportName));
        Assert.Equal([4], p.EdgesFrom(RemoteEdge.Coordinator).Select(e => e.Id));
        Assert.Equal([5], p.EdgesTo(RemoteEdge.Coordinator).Select(e => e.Id));
        Assert.Equal("2: w1.out (b) -> join.in1 (a), capacity 1024, at-least-once", p.Edges[2].ToString());
        Assert.Equal("4: in (coordinator) -> src.in (a), capacity 1024, at-most-once", p.Edges[4].ToString());

        Graph a = p.PartOf("a")!.Graph;
        Assert.Equal(["src", "fork", "w3", "join", "sink"], a.Nodes.Select(n => n.Id));
        Assert.Equal(["src.out -> fork.in", "fork.out3 -> w3.in", "w3.out -> join.in3", "join.out -> sink.in"], a.Connections.Select(c => c.ToString()));
        Assert.Equal(
            ["_remote2 = join.in1", "_remote3 = join.in2", "_remote4 = src.in"],
            a.InPorts.Select(e => $"{e.Name} = {e.Target}"));
        Assert.Equal(
            ["_remote0 = fork.out1", "_remote1 = fork.out2", "_remote5 = sink.out"],
            a.OutPorts.Select(e => $"{e.Name} = {e.Target}"));

        Graph b = p.PartOf("b")!.Graph;
        Assert.Equal(["w1"], b.Nodes.Select(n => n.Id));
        Assert.Empty(b.Connections);
        Assert.Equal(["_remote0 = w1.in"], b.InPorts.Select(e => $"{e.Name} = {e.Target}"));
        Assert.Equal(["_remote2 = w1.out"], b.OutPorts.Select(e => $"{e.Name} = {e.Target}"));

        Graph c = p.PartOf("c")!.Graph;
        Assert.Equal(["_remote1 = w2.in"], c.InPorts.Select(e => $"{e.Name} = {e.Target}"));
        Assert.Equal(["_remote3 = w2.out"], c.OutPorts.Select(e => $"{e.Name} = {e.Target}"));
        Assert.Null(p.PartOf("d"));
    }

    [Fact]
    public void Initial_packets_stay_with_their_node_and_an_exported_ports_packet_goes_to_the_node_behind_it()
    {
        GraphPartition p = GraphPartitioner.Partition(FanOutFanIn(), DeploymentFile.Parse(Deployment), ["a", "b", "c"]);

        Graph a = p.PartOf("a")!.Graph;
        Assert.Equal(["3 -> fork.outputs", "\"first\" -> src.in"], a.Initials.Select(i => i.ToString())); // node IIPs first, as in one process
        Assert.Empty(a.ExportedPortInitials);
        Assert.Equal(["\"hello\" -> w2.in"], p.PartOf("c")!.Graph.Initials.Select(i => i.ToString()));
        Assert.Empty(p.PartOf("b")!.Graph.Initials);
    }

    [Fact]
    public void Properties_metadata_case_mode_and_subgraph_components_are_kept_and_groups_dropped()
    {
        Graph whole = FanOutFanIn();
        GraphPartition p = GraphPartitioner.Partition(whole, DeploymentFile.Parse(Deployment), ["a", "b", "c"]);
        foreach (GraphPart part in p.Parts)
        {
            Assert.Equal(whole.Properties, part.Graph.Properties);
            Assert.Equal("fan", part.Graph.Name);
            Assert.False(part.Graph.CaseSensitive);
            Assert.Empty(part.Graph.Groups);
        }

        Graph a = p.PartOf("a")!.Graph;
        Assert.Equal(whole.GetNode("join"), a.GetNode("join")); // component and metadata
        Assert.Equal("graphs/shout", p.PartOf("b")!.Graph.GetNode("w1")!.Component); // a subgraph: placed as a unit, its name as written
    }

    [Fact]
    public void A_connection_without_capacity_takes_the_default_given()
    {
        GraphPartition p = GraphPartitioner.Partition(FanOutFanIn(), DeploymentFile.Parse(Deployment), ["a", "b", "c"], defaultCapacity: 7);
        Assert.Equal([7, 16, 7, 7, 7, 7], p.Edges.Select(e => e.Capacity));
        Assert.Throws<ArgumentOutOfRangeException>(() => GraphPartitioner.Partition(FanOutFanIn(), DeploymentFile.Default, ["a"], defaultCapacity: 0));
    }

    [Fact]
    public void The_default_delivery_applies_to_every_edge_the_file_does_not_name()
    {
        GraphPartition p = GraphPartitioner.Partition(
            FanOutFanIn(), DeploymentFile.Parse(Deployment.Replace("[delivery]", "[delivery]\ndefault = \"at-least-once\"\n\"fork.out2 -> w2.in\" = \"at-most-once\"", StringComparison.Ordinal)), ["a", "b", "c"]);
        Assert.Equal(
            [DeliveryMode.AtLeastOnce, DeliveryMode.AtMostOnce, DeliveryMode.AtLeastOnce, DeliveryMode.AtLeastOnce, DeliveryMode.AtLeastOnce, DeliveryMode.AtLeastOnce],
            p.Edges.Select(e => e.Delivery));
    }

    [Fact]
    public void An_edge_key_matches_ports_as_the_graph_compares_them_and_indexes_exactly()
    {
        var graph = new Graph("indexed", caseSensitive: false);
        graph.AddNode("fork", "flow/Fork");
        graph.AddNode("x", "core/Repeat");
        graph.AddNode("y", "core/Repeat");
        graph.Connect(new NodePort("fork", "out", 0), new NodePort("x", "in"));
        graph.Connect(new NodePort("fork", "out", 1), new NodePort("y", "in"));
        var deployment = DeploymentFile.Parse("[placement]\nfork = \"a\"\nx = \"b\"\ny = \"b\"\n[delivery]\n\"fork.OUT[1] -> y.IN\" = \"at-least-once\"\n");
        GraphPartition p = GraphPartitioner.Partition(graph, deployment, ["a", "b"]);
        Assert.Equal(["fork.out[0]", "fork.out[1]"], p.Edges.Select(e => e.From));
        Assert.Equal([DeliveryMode.AtMostOnce, DeliveryMode.AtLeastOnce], p.Edges.Select(e => e.Delivery));
        Assert.Equal([new NodePort("fork", "out", 0), new NodePort("fork", "out", 1)], p.PartOf("a")!.Graph.OutPorts.Select(e => e.Target));
    }

    [Fact]
    public void In_a_case_sensitive_graph_an_edge_key_must_match_the_ports_case_and_a_node_id_may_hold_a_dot()
    {
        var graph = new Graph("exact", caseSensitive: true);
        graph.AddNode("read.v2", "core/Repeat");
        graph.AddNode("y", "core/Repeat");
        graph.Connect("read.v2", "OUT", "y", "IN");
        var deployment = DeploymentFile.Parse("[placement]\n\"read.v2\" = \"a\"\ny = \"b\"\n[delivery]\n\"read.v2.OUT -> y.IN\" = \"at-least-once\"\n");
        Assert.Equal(DeliveryMode.AtLeastOnce, Assert.Single(GraphPartitioner.Partition(graph, deployment, ["a", "b"]).Edges).Delivery);

        var lower = DeploymentFile.Parse("[delivery]\n\"read.v2.out -> y.in\" = \"at-least-once\"\n");
        DeploymentException ex = Assert.Throws<DeploymentException>(() => GraphPartitioner.Partition(graph, lower, ["a", "b"]));
        Assert.Equal("deploy.toml:2 ([delivery] \"read.v2.out -> y.in\") names no connection of the graph; its connections are read.v2.OUT -> y.IN", ex.Message);
    }

    [Fact]
    public void A_part_graph_written_as_Reflow_JSON_reads_back_equal()
    {
        Graph whole = FanOutFanIn();
        whole.Connect(new NodePort("fork", "out", 2), new NodePort("w1", "in"), GraphMetadata.Parse("""{"capacity": 4, "label": "indexed"}"""));
        GraphPartition p = GraphPartitioner.Partition(whole, DeploymentFile.Parse(Deployment), ["a", "b", "c"]);
        Assert.Equal(7, p.Edges.Count);
        foreach (GraphPart part in p.Parts)
        {
            string json = part.ToJson();
            Assert.Equal(GraphFormat.ReflowJson, GraphFile.DetectJsonFormat(json));
            Graph back = GraphFile.Read(json, GraphFormat.ReflowJson);
            Assert.True(part.Graph.ContentEquals(back), $"part {part.ClusterNode} changed on its way through JSON:\n{json}");
        }
    }

    /// <summary>
    /// src -> fork -> (w1, w2, w3) -> join -> sink, with the graph's own in-port and out-port, IIPs, a group, and a
    /// node (w1) whose component is a subgraph.
    /// </summary>
    private static Graph FanOutFanIn()
    {
        var graph = new Graph("fan", caseSensitive: false, GraphMetadata.Parse("""{"description": "three ways and back"}"""));
        graph.AddNode("src", "core/Repeat", GraphMetadata.Parse("""{"x": 10}"""));
        graph.AddNode("fork", "flow/Fork");
        graph.AddNode("w1", "graphs/shout");
        graph.AddNode("w2", "core/Repeat");
        graph.AddNode("w3", "core/Repeat");
        graph.AddNode("join", "flow/Join", GraphMetadata.Parse("""{"inputs": 3, "mode": "array"}"""));
        graph.AddNode("sink", "core/Repeat");
        graph.Connect("src", "out", "fork", "in");
        graph.Connect("fork", "out1", "w1", "in");
        graph.Connect("fork", "out2", "w2", "in", GraphMetadata.Parse("""{"capacity": 16}"""));
        graph.Connect("fork", "out3", "w3", "in");
        graph.Connect("w1", "out", "join", "in1");
        graph.Connect("w2", "out", "join", "in2");
        graph.Connect("w3", "out", "join", "in3");
        graph.Connect("join", "out", "sink", "in");
        graph.AddInitial("fork", "outputs", JsonSerializer.SerializeToElement(3));
        graph.AddInitial("w2", "in", JsonSerializer.SerializeToElement("hello"));
        graph.ExportInPort("in", "src", "in");
        graph.ExportOutPort("out", "sink", "out");
        graph.AddExportedPortInitial("in", JsonSerializer.SerializeToElement("first"));
        graph.AddGroup("workers", ["w1", "w2", "w3"]);
        return graph;
    }
}
