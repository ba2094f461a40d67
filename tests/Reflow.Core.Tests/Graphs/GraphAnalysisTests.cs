using Reflow.Graphs;
using Reflow.Graphs.Analysis;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

public sealed class GraphAnalysisTests
{
    private static Graph Parse(string fbp) => FbpFormat.Read(fbp, caseSensitive: true);

    [Fact]
    public void Levels_are_topological_stages_and_a_cycle_is_one_stage()
    {
        Graph graph = Parse("a(X) -> b(X) -> d(X)\na -> c(X) -> d\nd -> e(X) -> f(X) -> e\nf -> g(X)\nlone(X)\n");
        Assert.Equal(
            [["a", "lone"], ["b", "c"], ["d"], ["e", "f"], ["g"]],
            GraphAnalysis.Levels(graph).Select(l => l.ToArray()));
    }

    [Fact]
    public void Cycles_lists_every_elementary_cycle_and_stops_at_the_limit()
    {
        Graph graph = Parse("a(X) -> b(X) -> c(X) -> a\nb -> a\nc -> c\nd(X) -> e(X) -> d\n");
        Assert.Equal(
            [["a", "b"], ["a", "b", "c"], ["c"], ["d", "e"]],
            GraphAnalysis.Cycles(graph).Select(c => c.ToArray()));
        Assert.Equal(2, GraphAnalysis.Cycles(graph, limit: 2).Count);
        Assert.Equal([["a", "b", "c"], ["d", "e"]], GraphAnalysis.CyclicComponents(graph).Select(c => c.ToArray()));
        Assert.Empty(GraphAnalysis.Cycles(Parse("a(X) -> b(X) -> c(X)\na -> c\n")));
    }

    [Fact]
    public void Johnson_finds_all_cycles_of_a_complete_graph()
    {
        // Every ordered subset of size >= 2 of 4 mutually connected nodes, up to rotation: 6 + 8 + 6 = 20.
        var graph = new Graph();
        string[] ids = ["a", "b", "c", "d"];
        foreach (string id in ids)
        {
            graph.AddNode(id, "X");
        }

        foreach (string from in ids)
        {
            foreach (string to in ids.Where(t => t != from))
            {
                graph.Connect(from, "out", to, "in");
            }
        }

        IReadOnlyList<IReadOnlyList<string>> cycles = GraphAnalysis.Cycles(graph);
        Assert.Equal(20, cycles.Count);
        Assert.Equal(20, cycles.Select(c => string.Join(",", c)).Distinct().Count());
    }

    [Fact]
    public void A_long_ring_is_analysed_without_recursion()
    {
        var graph = new Graph();
        const int N = 20_000;
        for (int i = 0; i < N; i++)
        {
            graph.AddNode("n" + i, "X");
        }

        for (int i = 0; i < N; i++)
        {
            graph.Connect("n" + i, "out", "n" + ((i + 1) % N), "in");
        }

        Assert.Equal(N, Assert.Single(GraphAnalysis.Cycles(graph)).Count);
        Assert.Single(GraphAnalysis.Levels(graph));
    }

    [Fact]
    public void Parallel_branches_run_from_a_fork_to_where_they_join()
    {
        Graph graph = Parse("split(X) -> a1(X) -> a2(X) -> join(X)\nsplit -> b1(X) -> join\nsplit -> c1(X)\njoin -> out(X)\n");
        Assert.Equal(
            ["split: a1,a2 -> join", "split: b1 -> join", "split: c1 -> (end)"],
            GraphAnalysis.ParallelBranches(graph).Select(b => $"{b.Fork}: {string.Join(",", b.Nodes)} -> {b.Join ?? "(end)"}"));
    }

    [Fact]
    public void Bottlenecks_are_hubs_articulation_points_and_sequential_chains()
    {
        var fbp = new System.Text.StringBuilder();
        for (int i = 0; i < 8; i++)
        {
            fbp.Append($"s{i}(X) -> hub(X)\n");
        }

        fbp.Append("hub -> c1(X) -> c2(X) -> c3(X) -> end(X)\n");
        IReadOnlyList<Bottleneck> bottlenecks = GraphAnalysis.Bottlenecks(Parse(fbp.ToString()));

        Assert.Equal(
            ["HighDegree hub", "ArticulationPoint hub", "ArticulationPoint c1", "ArticulationPoint c2", "ArticulationPoint c3", "SequentialChain c1,c2,c3"],
            bottlenecks.Select(b => $"{b.Kind} {string.Join(",", b.Nodes)}"));
        Assert.Contains("degree 9 (8 in, 1 out)", bottlenecks[0].Reason, StringComparison.Ordinal);
        Assert.Empty(GraphAnalysis.Bottlenecks(Parse("a(X) -> b(X)\na -> c(X)\nb -> d(X)\nc -> d\n")));
    }

    [Fact]
    public void The_reachable_subgraph_follows_connections_from_a_node()
    {
        Graph graph = Parse("a(X) -> b(X) -> c(X)\nb -> d(X)\nz(X) -> c\nOUTPORT=b.OUT:MID\n");
        ReachableSubgraph sub = GraphAnalysis.Reachable(graph, "b");
        Assert.Equal(["b", "c", "d"], sub.Nodes);
        Assert.Equal(["b.OUT -> c.IN", "b.OUT -> d.IN"], sub.Connections.Select(c => c.ToString()));
        Assert.Equal(["b", "c", "d"], sub.ExitPoints);
        Assert.Throws<ArgumentException>(() => GraphAnalysis.Reachable(graph, "nope"));
    }
}
