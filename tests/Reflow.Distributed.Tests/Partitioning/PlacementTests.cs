using Reflow.Distributed.Partitioning;
using Reflow.Graphs;

namespace Reflow.Distributed.Tests.Partitioning;

public sealed class PlacementTests
{
    private static readonly string[] Cluster = ["c", "a", "b"]; // any order: "first" is by name

    [Fact]
    public void An_exact_key_wins_over_a_glob_and_over_metadata()
    {
        Graph graph = Chain("source", "work1", "work2", "sink");
        graph.UpdateNodeMetadata("source", GraphMetadata.Parse("""{"placement": "c"}"""));
        GraphPartition p = Partition(graph, "[placement]\nsource = \"a\"\n\"work*\" = \"b\"\nwork2 = \"c\"\n");
        Assert.Equal("a", p.Placement["source"]);
        Assert.Equal("b", p.Placement["work1"]);
        Assert.Equal("c", p.Placement["work2"]);
    }

    [Fact]
    public void A_glob_star_matches_any_run_of_characters()
    {
        Graph graph = Chain("in/read", "in/parse", "out/write", "solo");
        GraphPartition p = Partition(graph, "[placement]\n\"in/*\" = \"b\"\n\"*write\" = \"c\"\n\"s*l*o\" = \"a\"\n");
        Assert.Equal("b", p.Placement["in/read"]);
        Assert.Equal("b", p.Placement["in/parse"]);
        Assert.Equal("c", p.Placement["out/write"]);
        Assert.Equal("a", p.Placement["solo"]);
    }

    [Fact]
    public void Two_globs_that_agree_are_fine_two_that_disagree_are_an_error_naming_both()
    {
        Graph graph = Chain("work1", "work2");
        Assert.Equal("b", Partition(graph, "[placement]\n\"work*\" = \"b\"\n\"*1\" = \"b\"\n").Placement["work1"]);

        DeploymentException ex = Assert.Throws<DeploymentException>(() => Partition(graph, "[placement]\n\"work*\" = \"b\"\n\"*1\" = \"c\"\n"));
        Assert.Equal(
            "graph node 'work1' is claimed by d.toml:2 ([placement] \"work*\") for cluster node 'b' and by d.toml:3 ([placement] \"*1\") for 'c'; name the node exactly in [placement] to settle it",
            ex.Message);

        // An exact key settles it.
        Assert.Equal("c", Partition(graph, "[placement]\n\"work*\" = \"b\"\n\"*1\" = \"c\"\nwork1 = \"c\"\n").Placement["work1"]);
    }

    [Fact]
    public void Metadata_places_a_node_the_deployment_does_not_name()
    {
        Graph graph = Chain("x", "y");
        graph.UpdateNodeMetadata("y", GraphMetadata.Parse("""{"placement": "c"}"""));
        GraphPartition p = Partition(graph, "[placement]\nx = \"b\"\n");
        Assert.Equal("b", p.Placement["x"]);
        Assert.Equal("c", p.Placement["y"]);
    }

    [Fact]
    public void Metadata_that_is_not_a_string_is_an_error()
    {
        Graph graph = Chain("x");
        graph.UpdateNodeMetadata("x", GraphMetadata.Parse("""{"placement": 2}"""));
        DeploymentException ex = Assert.Throws<DeploymentException>(() => Partition(graph, ""));
        Assert.Equal("graph node 'x' has the metadata 'placement': 2, but it must be a string: the name of a cluster node", ex.Message);
    }

    [Fact]
    public void A_cluster_node_that_is_not_live_is_an_error_naming_the_node_where_it_was_placed_and_the_live_nodes()
    {
        Graph graph = Chain("x", "y");
        graph.UpdateNodeMetadata("y", GraphMetadata.Parse("""{"placement": "ghost"}"""));
        DeploymentException ex = Assert.Throws<DeploymentException>(() => Partition(graph, "[placement]\nx = \"zed\"\n"));
        Assert.Equal(
            [
                "graph node 'x' is placed on cluster node 'zed' by d.toml:2 ([placement] \"x\"), which is not a live cluster node; the live cluster nodes are a, b, c",
                "graph node 'y' is placed on cluster node 'ghost' by its metadata 'placement', which is not a live cluster node; the live cluster nodes are a, b, c",
            ],
            ex.Problems);
    }

    [Fact]
    public void A_key_that_matches_no_graph_node_is_an_error()
    {
        DeploymentException ex = Assert.Throws<DeploymentException>(() => Partition(Chain("x", "y"), "[placement]\nsourc = \"a\"\n\"w*\" = \"b\"\n"));
        Assert.Equal(
            [
                "d.toml:2 ([placement] \"sourc\") matches no node of the graph; its nodes are x, y",
                "d.toml:3 ([placement] \"w*\") matches no node of the graph; its nodes are x, y",
            ],
            ex.Problems);
    }

    [Fact]
    public void Unplaced_nodes_spread_from_their_placed_neighbours_in_rounds()
    {
        // a -> n1 -> n2 -> n3 -> b: n1 follows a and n3 follows b in the first round; n2 then has one neighbour on
        // each side and takes the lower name.
        Graph graph = Chain("a", "n1", "n2", "n3", "b");
        GraphPartition p = Partition(graph, "[placement]\na = \"c\"\nb = \"b\"\n");
        Assert.Equal("c", p.Placement["n1"]);
        Assert.Equal("b", p.Placement["n3"]);
        Assert.Equal("b", p.Placement["n2"]); // tie between b and c: the lower name
    }

    [Fact]
    public void An_unplaced_node_takes_the_cluster_node_it_has_the_most_connections_to()
    {
        var graph = new Graph("g");
        foreach (string id in new[] { "p", "q", "r", "m" })
        {
            graph.AddNode(id, "core/Repeat");
        }

        graph.Connect("p", "out", "m", "in");
        graph.Connect("q", "out", "m", "in");
        graph.Connect("m", "out", "r", "in");
        graph.Connect("m", "out", "r", "in"); // written twice: counts twice
        GraphPartition p = Partition(graph, "[placement]\np = \"a\"\nq = \"a\"\nr = \"c\"\n");
        Assert.Equal("a", p.Placement["m"]); // 2 to a, 2 to c: a tie, the lower name

        graph.Connect("m", "out", "r", "in");
        Assert.Equal("c", Partition(graph, "[placement]\np = \"a\"\nq = \"a\"\nr = \"c\"\n").Placement["m"]); // 3 to c
    }

    [Fact]
    public void A_node_connected_to_nothing_placed_goes_to_the_first_cluster_node()
    {
        Graph graph = Chain("x", "y");
        graph.AddNode("lonely", "core/Repeat");
        GraphPartition p = Partition(graph, "[placement]\nx = \"c\"\n");
        Assert.Equal("c", p.Placement["y"]);
        Assert.Equal("a", p.Placement["lonely"]);
        Assert.Equal(["a", "c"], p.Parts.Select(part => part.ClusterNode)); // b got nothing: no part
    }

    [Fact]
    public void When_nothing_is_placed_everything_goes_to_the_first_cluster_node()
    {
        GraphPartition p = Partition(Chain("x", "y", "z"), "");
        Assert.All(p.Placement.Values, v => Assert.Equal("a", v));
        GraphPart part = Assert.Single(p.Parts);
        Assert.Equal("a", part.ClusterNode);
        Assert.Empty(p.Edges);
        Assert.Equal(2, part.Graph.Connections.Count);
    }

    [Fact]
    public void The_same_input_gives_the_same_partition()
    {
        Graph graph = Chain("a1", "a2", "a3", "a4", "a5", "a6");
        string toml = "[placement]\na1 = \"b\"\na6 = \"c\"\n";
        GraphPartition first = Partition(graph, toml);
        GraphPartition second = GraphPartitioner.Partition(graph, DeploymentFile.Parse(toml, "d.toml"), ["b", "c", "a"]);
        Assert.Equal(first.Placement.OrderBy(e => e.Key), second.Placement.OrderBy(e => e.Key));
        Assert.Equal(first.Edges, second.Edges);
    }

    [Fact]
    public void No_live_cluster_node_is_an_error()
    {
        DeploymentException ex = Assert.Throws<DeploymentException>(() => GraphPartitioner.Partition(Chain("x"), DeploymentFile.Default, []));
        Assert.Equal("no cluster node is live: start one with `reflow node --nats URL --name NAME`", ex.Message);
        Assert.Throws<ArgumentException>(() => GraphPartitioner.Partition(Chain("x"), DeploymentFile.Default, ["a", "a"]));
    }

    [Fact]
    public void A_delivery_key_that_names_no_connection_is_an_error()
    {
        DeploymentException ex = Assert.Throws<DeploymentException>(() => Partition(Chain("x", "y"), "[delivery]\n\"y.out -> x.in\" = \"at-least-once\"\n"));
        Assert.Equal("d.toml:2 ([delivery] \"y.out -> x.in\") names no connection of the graph; its connections are x.out -> y.in", ex.Message);
    }

    [Fact]
    public void Glob_matching()
    {
        Assert.True(GraphPartitioner.GlobMatches("*", ""));
        Assert.True(GraphPartitioner.GlobMatches("a*b*c", "aXXbYYc"));
        Assert.True(GraphPartitioner.GlobMatches("a*b", "abab"));
        Assert.False(GraphPartitioner.GlobMatches("a*b", "abac"));
        Assert.False(GraphPartitioner.GlobMatches("work*", "Work1")); // node ids are case-sensitive
        Assert.True(GraphPartitioner.GlobMatches("**x", "x"));
    }

    internal static Graph Chain(params string[] ids)
    {
        var graph = new Graph("chain", caseSensitive: false);
        for (int i = 0; i < ids.Length; i++)
        {
            graph.AddNode(ids[i], "core/Repeat");
            if (i > 0)
            {
                graph.Connect(ids[i - 1], "out", ids[i], "in");
            }
        }

        return graph;
    }

    private static GraphPartition Partition(Graph graph, string toml) =>
        GraphPartitioner.Partition(graph, DeploymentFile.Parse(toml, "d.toml"), Cluster);
}
