using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Tests.Nats;
using Reflow.Graphs;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// A grant written in the coordinator's graph (a node's <c>permissions</c> setting) is not taken by a cluster node: a
/// part whose graph has one does not build, so a coordinator cannot widen what a node's components may reach.
/// </summary>
public sealed class GraphGrantTests
{
    [Fact]
    public async Task A_part_whose_graph_grants_a_standard_component_more_is_refused_by_its_node()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using var nodes = new SecureNodes();
        var connection = new ClusterConnectionOptions { Url = nats.Url };
        await nodes.StartAsync("a", connection);
        await nodes.StartAsync("b", connection);
        Graph graph = GraphFile.Read("""
            {
              "processes": {
                "first": { "component": "core/Repeat" },
                "read": { "component": "io/ReadLinesFrom", "metadata": { "permissions": { "read": "*" } } }
              },
              "connections": [ { "src": { "process": "first", "port": "out" }, "tgt": { "process": "read", "port": "path" } } ],
              "inports": { "in": { "process": "first", "port": "in" } },
              "outports": { "out": { "process": "read", "port": "out" } }
            }
            """, GraphFormat.NoFloJson, "grant.json");
        DeploymentFile deployment = DeploymentFile.Parse("[placement]\nfirst = \"a\"\nread = \"b\"\n");

        var error = await Assert.ThrowsAsync<ClusterException>(() => SecureNodes.RunAsync(graph, deployment, connection, [Message.String("/etc/hostname")]));
        Assert.Contains("node 'b': the part did not build: graph node 'read' has a 'permissions' setting", error.Message, StringComparison.Ordinal);
        Assert.Contains("reflow node --allow-*", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("node 'a'", error.Message, StringComparison.Ordinal);
    }
}
