using System.Text;
using Reflow.Distributed.Cluster;
using Reflow.Distributed.Tests.Nats;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// The proof that a TLS run's traffic is encrypted: every node and the coordinator reach the server through a relay
/// that records every byte. A distinctive string sent through the run's remote edges and the part graphs' node names
/// are in the recording of a run on a plain server (so the search works) and nowhere in that of the same run on a
/// TLS-only server.
/// </summary>
public sealed class WireEncryptionTests
{
    private const string NodeName = "forwardSecond"; // in the part graph JSON of every Prepare request

    [Fact]
    public async Task A_plain_run_shows_its_content_on_the_wire()
    {
        string secret = "reflow-secret-" + Guid.NewGuid().ToString("N");
        byte[] recorded = await RecordRunAsync(secret, certificates: null);
        Assert.True(Contains(recorded, secret), "the secret string should cross a plain connection readably");
        Assert.True(Contains(recorded, NodeName), "the part graph should cross a plain connection readably");
    }

    [Fact]
    public async Task A_TLS_run_shows_nothing_of_its_content_on_the_wire()
    {
        string secret = "reflow-secret-" + Guid.NewGuid().ToString("N");
        using NatsCertificates certificates = await NatsCertificates.CreateAsync();
        byte[] recorded = await RecordRunAsync(secret, certificates);
        Assert.True(recorded.Length > 10_000, $"only {recorded.Length} bytes were recorded: the run did not go through the relay");
        Assert.False(Contains(recorded, secret), "the secret string crossed the wire in clear");
        Assert.False(Contains(recorded, NodeName), "the part graph crossed the wire in clear");
        Assert.False(Contains(recorded, "reflow_nodes"), "the membership bucket's name crossed the wire in clear");
    }

    private static async Task<byte[]> RecordRunAsync(string secret, NatsCertificates? certificates)
    {
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: certificates?.ServerConfiguration());
        await using var relay = new TcpRecordingRelay(nats.Port);
        var connection = new ClusterConnectionOptions { Url = $"nats://127.0.0.1:{relay.Port}", TlsCaFile = certificates?.CaFile };
        await using (var nodes = new SecureNodes())
        {
            await nodes.StartAsync("a", connection);
            await nodes.StartAsync("b", connection);
            var (graph, deployment) = SecureNodes.RelayGraph("a", "b");
            var (output, result, _) = await SecureNodes.RunAsync(graph, deployment, connection, [Message.String(secret), Message.String(secret + "-2")]);
            Assert.True(result.Succeeded);
            Assert.Equal([Message.String(secret).ToString(), Message.String(secret + "-2").ToString()], output);
        }

        Assert.True(relay.Connections >= 3, $"{relay.Connections} connections went through the relay; the two nodes and the coordinator should have");
        return relay.Recorded();
    }

    /// <summary>Whether the bytes hold <paramref name="text"/> as UTF-8 or as UTF-16 (the two ways a string is written).</summary>
    private static bool Contains(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
}
