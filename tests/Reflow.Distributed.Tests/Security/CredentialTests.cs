using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Protocol;
using Reflow.Distributed.Tests.Nats;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// A server that lists its users refuses a node with a wrong password, with none, or with an NKey it does not know:
/// the node fails to join with a message that says the credentials were refused, never appears in the membership,
/// and never gets work; a coordinator with the right credentials runs a graph on the good nodes only.
/// </summary>
public sealed class CredentialTests
{
    private const string User = "reflow";
    private const string Password = "right-horse-battery";

    [Fact]
    public async Task Nodes_with_a_wrong_password_or_none_are_refused_and_the_run_uses_only_the_good_node()
    {
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: NatsSecurity.Users((User, Password)));
        await using var nodes = new SecureNodes();
        var right = new ClusterConnectionOptions { Url = nats.Url, User = User, Password = Password };
        await nodes.StartAsync("zz-good", right);

        // Named to sort first: had either joined, the unplaced graph would have gone to it.
        ClusterException wrong = await Assert.ThrowsAsync<ClusterException>(() => nodes.StartAsync("aa-wrong", right with { Password = "wrong" }));
        Assert.Contains("refused the credentials", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("Node 'aa-wrong'", wrong.Message, StringComparison.Ordinal);
        ClusterException none = await Assert.ThrowsAsync<ClusterException>(() => nodes.StartAsync("aa-none", new ClusterConnectionOptions { Url = nats.Url }));
        Assert.Contains("refused the credentials", none.Message, StringComparison.Ordinal);

        await AssertMembersAsync(right, ["zz-good"]);
        var (graph, _) = SecureNodes.RelayGraph("zz-good", "zz-good");
        var (output, result, used) = await SecureNodes.RunAsync(graph, DeploymentFile.Default, right, [Message.Integer(1), Message.Integer(2)]);
        Assert.True(result.Succeeded);
        Assert.Equal(["zz-good"], used);
        Assert.Equal([Message.Integer(1).ToString(), Message.Integer(2).ToString()], output);

        ClusterException coordinator = await Assert.ThrowsAsync<ClusterException>(() => DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = graph,
            Connection = right with { Password = "nope" },
        }));
        Assert.Contains("refused the credentials", coordinator.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_with_an_NKey_the_server_does_not_list_is_refused()
    {
        (string goodSeed, string goodKey) = NatsSecurity.NewUserKey();
        (string strangerSeed, _) = NatsSecurity.NewUserKey();
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: NatsSecurity.NKeyUsers(goodKey));
        string folder = Path.Combine(Path.GetTempPath(), "reflow-nkeys-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var good = new ClusterConnectionOptions { Url = nats.Url, NKeyFile = NatsSecurity.WriteSeed(folder, "good", goodSeed) };
            await using var nodes = new SecureNodes();
            await nodes.StartAsync("b-good", good);
            ClusterException stranger = await Assert.ThrowsAsync<ClusterException>(() => nodes.StartAsync(
                "a-stranger", new ClusterConnectionOptions { Url = nats.Url, NKeyFile = NatsSecurity.WriteSeed(folder, "stranger", strangerSeed) }));
            Assert.Contains("refused the credentials", stranger.Message, StringComparison.Ordinal);

            await AssertMembersAsync(good, ["b-good"]);
            var (graph, _) = SecureNodes.RelayGraph("b-good", "b-good");
            var (output, result, used) = await SecureNodes.RunAsync(graph, DeploymentFile.Default, good, [Message.String("x")]);
            Assert.True(result.Succeeded);
            Assert.Equal(["b-good"], used);
            Assert.Equal([Message.String("x").ToString()], output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AssertMembersAsync(ClusterConnectionOptions connection, string[] expected)
    {
        await using NATS.Client.Core.NatsConnection nats = await ClusterConnections.ConnectAsync(connection, "test", "The test");
        using var limit = new CancellationTokenSource(SecureNodes.Limit);
        ClusterMembership membership = await ClusterMembership.OpenAsync(nats, TimeSpan.FromSeconds(3), limit.Token);
        IReadOnlyList<NodeRecord> live = await membership.ListAsync(limit.Token);
        Assert.Equal(expected, live.Select(n => n.Name).Order(StringComparer.Ordinal));
    }
}
