using Reflow.Distributed.Tests.Cluster;
using Reflow.Distributed.Tests.Nats;

namespace Reflow.Distributed.Tests.Security;

/// <summary>The real <c>reflow node</c>: refused by a server with users when REFLOW_NATS_PASSWORD is wrong; joins a TLS-only server with <c>--tls-ca</c>.</summary>
public sealed class CliSecurityTests
{
    [Fact]
    public async Task Reflow_node_with_a_wrong_password_exits_with_the_refusal()
    {
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: NatsSecurity.Users(("reflow", "the-right-one")));
        var (code, _, error) = await ReflowProcess.RunWithAsync(
            new Dictionary<string, string> { ["REFLOW_NATS_PASSWORD"] = "a-wrong-one" },
            "node", "--nats", nats.Url, "--name", "intruder", "--user", "reflow");
        Assert.NotEqual(0, code);
        Assert.Contains("refused the credentials", error, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-one", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reflow_node_with_the_right_password_and_tls_ca_joins_a_TLS_server_with_users()
    {
        using NatsCertificates certificates = await NatsCertificates.CreateAsync();
        await using NatsServer nats = await NatsServer.StartAsync(
            extraConfiguration: certificates.ServerConfiguration() + NatsSecurity.Users(("reflow", "the-right-one")));
        await using ReflowProcess node = ReflowProcess.StartWith(
            new Dictionary<string, string> { ["REFLOW_NATS_PASSWORD"] = "the-right-one" },
            "node", "--nats", nats.TlsUrl, "--name", "member", "--user", "reflow", "--tls-ca", certificates.CaFile);
        await node.WaitForErrorAsync("joined the cluster");
        Assert.Contains("(TLS)", node.Error, StringComparison.Ordinal);
        await node.InterruptAsync();
        Assert.Equal(0, await node.WaitForExitAsync());
    }
}
