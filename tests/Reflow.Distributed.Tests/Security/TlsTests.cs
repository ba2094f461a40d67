using System.Net.Sockets;
using System.Text;
using Reflow.Distributed.Cluster;
using Reflow.Distributed.Tests.Nats;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// Nodes and coordinators reach a TLS-only server with the authority's certificate (<c>--tls-ca</c>), and with a
/// client certificate when the server verifies clients; a client without TLS is refused; and a relay on the wire sees
/// no message content nor part graph of a TLS run, while it does see both of the same run on a plain server.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Nodes_and_the_coordinator_run_a_graph_over_a_TLS_only_server()
    {
        using NatsCertificates certificates = await NatsCertificates.CreateAsync();
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: certificates.ServerConfiguration());
        await using var nodes = new SecureNodes();
        var tls = new ClusterConnectionOptions { Url = nats.Url, TlsCaFile = certificates.CaFile };
        await nodes.StartAsync("a", tls);
        await nodes.StartAsync("b", tls with { Url = nats.TlsUrl }); // a tls:// URL asks for TLS as well
        Assert.Contains(nodes.Events, e => e.Kind == ClusterEventKind.NodeJoined && e.Message.Contains("(TLS)", StringComparison.Ordinal));

        var (graph, deployment) = SecureNodes.RelayGraph("a", "b");
        var (output, result, used) = await SecureNodes.RunAsync(graph, deployment, tls with { Url = nats.TlsUrl }, [Message.String("one"), Message.Integer(2)]);
        Assert.True(result.Succeeded);
        Assert.Equal(["a", "b"], used);
        Assert.Equal([Message.String("one").ToString(), Message.Integer(2).ToString()], output);
        Assert.All(result.Edges, e => Assert.Equal(2, e.Received));
    }

    [Fact]
    public async Task A_client_without_TLS_or_without_the_authority_is_refused_by_a_TLS_only_server()
    {
        using NatsCertificates certificates = await NatsCertificates.CreateAsync();
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: certificates.ServerConfiguration());
        await using var nodes = new SecureNodes();

        // A node that does not know the authority cannot trust the server's certificate.
        ClusterException untrusted = await Assert.ThrowsAsync<ClusterException>(() => nodes.StartAsync("plain", new ClusterConnectionOptions { Url = nats.Url }));
        Assert.Contains("could not connect", untrusted.Message, StringComparison.Ordinal);
        Assert.Contains("TLS handshake failed", untrusted.Message, StringComparison.Ordinal);

        // A client that speaks plain NATS gets no further than the server's INFO: it says TLS is required, and a plain
        // CONNECT and PING are never answered with PONG.
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", nats.Port);
        NetworkStream stream = client.GetStream();
        stream.ReadTimeout = 10_000;
        string info = await ReadLineAsync(stream);
        Assert.Contains("\"tls_required\":true", info, StringComparison.Ordinal);
        byte[] plain = Encoding.ASCII.GetBytes("CONNECT {\"verbose\":false}\r\nPING\r\n");
        string answer;
        try
        {
            await stream.WriteAsync(plain);
            answer = await ReadToEndAsync(stream);
        }
        catch (IOException ex)
        {
            answer = "closed: " + ex.Message;
        }

        Assert.DoesNotContain("PONG", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_verifies_clients_takes_a_node_with_a_client_certificate_and_refuses_one_without()
    {
        using NatsCertificates certificates = await NatsCertificates.CreateAsync();
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: certificates.ServerConfiguration(verifyClients: true));
        await using var nodes = new SecureNodes();
        var mutual = new ClusterConnectionOptions
        {
            Url = nats.TlsUrl,
            TlsCaFile = certificates.CaFile,
            TlsCertificateFile = certificates.ClientCertificateFile,
            TlsKeyFile = certificates.ClientKeyFile,
        };
        await nodes.StartAsync("a", mutual);
        ClusterException anonymous = await Assert.ThrowsAsync<ClusterException>(() => nodes.StartAsync("b", mutual with { TlsCertificateFile = null, TlsKeyFile = null }));
        Assert.Contains("refused this client's TLS certificate", anonymous.Message, StringComparison.Ordinal);

        var (graph, deployment) = SecureNodes.RelayGraph("a", "a");
        var (output, result, _) = await SecureNodes.RunAsync(graph, deployment, mutual, [Message.Integer(7)]);
        Assert.True(result.Succeeded);
        Assert.Equal([Message.Integer(7).ToString()], output);
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        byte[] one = new byte[1];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await stream.ReadAsync(one, limit.Token) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString();
    }

    /// <summary>What the server says until it closes the connection (or 5 s pass: a server that waits is not answering either).</summary>
    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        byte[] buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
            text.Append("(no more within 5 s)");
        }

        return text.ToString();
    }
}
