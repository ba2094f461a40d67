using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Reflow.Distributed.Tests.Nats;

/// <summary>Servers of one NATS cluster on loopback (<see cref="NatsServer.StartClusterAsync"/>); all stopped on dispose.</summary>
public sealed class NatsCluster : IAsyncDisposable
{
    private readonly string _root;

    internal NatsCluster(IReadOnlyList<NatsServer> servers, string root)
    {
        Servers = servers;
        _root = root;
    }

    /// <summary>The servers, in the order they were made.</summary>
    public IReadOnlyList<NatsServer> Servers { get; }

    /// <summary>Every server's client URL, comma-separated (what <c>--nats</c> takes).</summary>
    public string Urls => string.Join(",", Servers.Select(s => s.Url));

    /// <summary>Waits until JetStream answers through every server (the meta group has a leader).</summary>
    internal async Task WaitForJetStreamAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        foreach (NatsServer server in Servers)
        {
            await using var connection = new NatsConnection(server.Options("jetstream-probe"));
            var js = new NatsJSContext(connection);
            while (true)
            {
                try
                {
                    await js.GetAccountInfoAsync(deadline.Token).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (ex is NatsJSException or NatsException && !deadline.IsCancellationRequested)
                {
                    await Task.Delay(100, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"JetStream did not answer through {server.Name} within {timeout.TotalSeconds} s:\n{string.Join("\n", Servers.Select(s => $"--- {s.Name}\n{s.Output}"))}");
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (NatsServer server in Servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Already gone with its servers' folders, or still open elsewhere: left for the temp cleaner.
        }
    }
}
