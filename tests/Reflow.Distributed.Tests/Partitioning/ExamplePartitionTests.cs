using Reflow.Components;
using Reflow.Distributed.Partitioning;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Distributed.Tests.Partitioning;

/// <summary>The repository's example graphs, split three ways: every part loads into a network, and a split run gives the whole run's results.</summary>
public sealed class ExamplePartitionTests
{
    private static readonly string[] Cluster = ["a", "b", "c"];

    public static TheoryData<string> Examples =>
    [
        "fan-out-fan-in/fan-out-fan-in.json",
        "ten-stage/ten-stage.fbp",
        "subgraph/main.fbp",
        "formats/greeting.fbp",
        "formats/greeting.json",
        "formats/greeting.noflo.json",
        "etl/etl.json",
        "log-processing/log-processing.json",
        "access-log/access-log.json",
    ];

    /// <summary>Three placements: node by node over the three cluster nodes, none at all, and two nodes with the rest following.</summary>
    public static IEnumerable<(string Name, Func<Graph, DeploymentFile> Make)> Placements()
    {
        yield return ("round robin", g => new DeploymentFile
        {
            Placement = g.Nodes.Select((n, i) => (n.Id, Cluster[i % 3])).ToDictionary(e => e.Id, e => e.Item2, StringComparer.Ordinal),
        });
        yield return ("nothing placed", _ => DeploymentFile.Default);
        yield return ("ends placed", g => new DeploymentFile
        {
            Placement = new Dictionary<string, string>(StringComparer.Ordinal) { [g.Nodes[0].Id] = "c", [g.Nodes[^1].Id] = "b" },
        });
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_part_of_an_example_loads_into_a_network(string example)
    {
        (Graph whole, ComponentRegistry registry, GraphLoadOptions options) = Open(example);
        NetworkDefinition single = GraphNetworkLoader.Load(whole, registry, options); // the example itself loads: the parts must too
        int remoteEdges = 0;
        foreach ((string name, Func<Graph, DeploymentFile> make) in Placements())
        {
            GraphPartition partition = GraphPartitioner.Partition(whole, make(whole), Cluster);
            Assert.Equal(whole.Nodes.Count, partition.Parts.Sum(p => p.Graph.Nodes.Count));
            int nodes = 0, localEdges = 0;
            foreach (GraphPart part in partition.Parts)
            {
                Graph sent = GraphFile.Read(part.ToJson(), GraphFormat.ReflowJson);
                GraphValidation validation = GraphNetworkLoader.Validate(sent, registry, options);
                Assert.True(validation.IsValid, $"{example}, {name}, part {part.ClusterNode}:\n{string.Join("\n", validation.Problems)}");
                NetworkDefinition definition = GraphNetworkLoader.Load(sent, registry, options);
                nodes += definition.Nodes.Length;
                localEdges += definition.Edges.Length;
                Assert.Equal(partition.EdgesTo(part.ClusterNode).Select(e => e.ExportName).Order(StringComparer.Ordinal), definition.InPorts.Select(p => p.Name).Order(StringComparer.Ordinal));
                Assert.Equal(partition.EdgesFrom(part.ClusterNode).Select(e => e.ExportName).Order(StringComparer.Ordinal), definition.OutPorts.Select(p => p.Name).Order(StringComparer.Ordinal));
            }

            Assert.Equal(single.Nodes.Length, nodes); // subgraphs flatten the same way in their part
            Assert.Equal(single.Edges.Length + single.InPorts.Length + single.OutPorts.Length, localEdges + partition.Edges.Count); // each edge of the whole network is local in one part or remote
            remoteEdges += partition.Edges.Count;
        }

        Assert.True(remoteEdges > whole.InPorts.Count + whole.OutPorts.Count, "the round-robin placement splits the example");
    }

    [Theory]
    [InlineData("fan-out-fan-in/fan-out-fan-in.json")]
    [InlineData("ten-stage/ten-stage.fbp")]
    [InlineData("subgraph/main.fbp")]
    [InlineData("formats/greeting.fbp")]
    public async Task A_split_run_gives_the_whole_runs_results(string example)
    {
        (Graph whole, ComponentRegistry registry, GraphLoadOptions options) = Open(example);
        var inputs = whole.InPorts.ToDictionary(p => p.Name, _ => Enumerable.Range(0, 500).Select(i => Message.Integer(i)).ToArray(), StringComparer.Ordinal);
        Dictionary<string, List<string>> expected = await PartitionedRun.RunWholeAsync(whole, registry, options, inputs);
        Assert.All(expected.Values, v => Assert.NotEmpty(v));
        foreach ((string name, Func<Graph, DeploymentFile> make) in Placements())
        {
            GraphPartition partition = GraphPartitioner.Partition(whole, make(whole), Cluster);
            Dictionary<string, List<string>> actual = await PartitionedRun.RunAsync(partition, registry, options, inputs);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            foreach ((string port, List<string> messages) in expected)
            {
                Assert.True(messages.SequenceEqual(actual[port]), $"{example}, {name}: out-port {port} differs");
            }
        }
    }

    private static (Graph Graph, ComponentRegistry Registry, GraphLoadOptions Options) Open(string example)
    {
        string path = Path.Combine(RepositoryRoot(), "examples", example);
        var options = new GraphLoadOptions { BaseDirectory = Path.GetDirectoryName(path) };
        return (GraphFile.Load(path), new ComponentRegistry().AddStandardComponents(), options);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "examples")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with examples/ and src/) is not above " + AppContext.BaseDirectory);
    }
}
