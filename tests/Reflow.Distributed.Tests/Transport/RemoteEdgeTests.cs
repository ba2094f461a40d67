using NATS.Client.Core;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>One remote edge on a real nats-server: order, no loss, no doubles, end of stream.</summary>
public sealed class RemoteEdgeTests
{
    [Fact]
    public async Task Two_hundred_thousand_messages_of_every_kind_cross_in_order_none_lost_none_doubled()
    {
        const int count = 200_000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        var options = new RemoteEdgeOptions { Capacity = 4096, MaxBatch = 512 };

        await using var receiver = new RemoteEdgeReceiver(receiverConnection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        (var source, Task fed) = EdgeFixture.Source(Enumerable.Range(0, count).Select(EdgeFixture.Varied));
        var sender = new RemoteEdgeSender(senderConnection, address, options);
        RemoteEdgeResult sent = await sender.RunAsync(source, timeout.Token);
        RemoteEdgeResult got = await received;
        await target.Consumed.WaitAsync(timeout.Token);
        await fed;

        Assert.Equal(new RemoteEdgeResult(count, count, 0, sent.Frames, sent.Bytes, 0, null), sent);
        Assert.Equal(count, got.Sent);
        Assert.Equal(count, got.Received);
        Assert.Equal(0, got.Lost);
        Assert.Equal(0, got.ProtocolErrors);
        Assert.Equal(1, target.Completions);
        Assert.Equal(count, target.Messages.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.True(EdgeFixture.Varied(i).Equals(target.Messages[i]), $"message {i}: {target.Messages[i]} is not {EdgeFixture.Varied(i)}");
        }

        Assert.True(sent.Frames >= count / options.MaxBatch, $"{sent.Frames} frames for {count} messages in batches of at most {options.MaxBatch}");
    }

    [Fact]
    public async Task An_empty_stream_ends_on_both_sides()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        var options = new RemoteEdgeOptions();
        await using var receiver = new RemoteEdgeReceiver(connection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        (var source, _) = EdgeFixture.Source([]);
        RemoteEdgeResult sent = await new RemoteEdgeSender(connection, address, options).RunAsync(source, timeout.Token);
        RemoteEdgeResult got = await received;
        await target.Consumed.WaitAsync(timeout.Token);

        Assert.Equal((0L, 0L, 0L), (sent.Sent, sent.Received, sent.Lost));
        Assert.Equal((0L, 0L, 0L), (got.Sent, got.Received, got.Lost));
        Assert.Equal(1, target.Completions);
    }

    [Fact]
    public async Task A_receiver_on_a_connection_that_drops_silently_is_refused()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using var connection = new NatsConnection(new NatsOpts { Url = server.Url });
        Assert.Throws<ArgumentException>(() => new RemoteEdgeReceiver(connection, EdgeFixture.NewAddress(), new RemoteEdgeOptions()));
    }
}
