using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Reflow.Distributed.Tests.Nats;

/// <summary>The fixture itself: a server and a two-server cluster really route messages and serve JetStream.</summary>
public sealed class NatsServerTests
{
    [Fact]
    public async Task A_server_carries_messages_and_keeps_a_key_value_bucket()
    {
        await using NatsServer server = await NatsServer.StartAsync();
        await using var connection = new NatsConnection(server.Options());
        await connection.ConnectAsync();
        var kv = new NatsKVContext(new NatsJSContext(connection));
        INatsKVStore store = await kv.CreateStoreAsync(new NatsKVConfig("probe"));
        await store.PutAsync("a", "1");
        Assert.Equal("1", (await store.GetEntryAsync<string>("a")).Value);
    }

    [Fact]
    public async Task A_cluster_routes_a_message_published_on_one_server_to_a_subscriber_on_the_other()
    {
        await using NatsCluster cluster = await NatsServer.StartClusterAsync(2);
        await using var publisher = new NatsConnection(cluster.Servers[0].Options("pub"));
        await using var subscriber = new NatsConnection(cluster.Servers[1].Options("sub"));
        await using INatsSub<int> sub = await subscriber.SubscribeCoreAsync<int>("probe.route");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // Routes come up within about a second of the servers: publish until the other side hears it.
        Task<NatsMsg<int>> received = sub.Msgs.ReadAsync(timeout.Token).AsTask();
        while (!received.IsCompleted)
        {
            await publisher.PublishAsync("probe.route", 42, cancellationToken: timeout.Token);
            await Task.WhenAny(received, Task.Delay(100, timeout.Token));
        }

        Assert.Equal(42, (await received).Data);
    }
}
