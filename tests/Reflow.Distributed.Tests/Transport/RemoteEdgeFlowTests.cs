using System.Threading.Channels;
using NATS.Client.Core;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>Credit, loss and abandonment on a real nats-server (credit and clusters in both delivery modes).</summary>
public sealed class RemoteEdgeFlowTests
{
    [Theory]
    [InlineData(DeliveryMode.AtMostOnce)]
    [InlineData(DeliveryMode.AtLeastOnce)]
    public async Task A_slow_receiver_holds_the_sender_to_its_capacity_and_its_source_stops_being_drained(DeliveryMode delivery)
    {
        const int count = 5000;
        const int capacity = 100;
        bool durable = delivery == DeliveryMode.AtLeastOnce;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: durable);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = durable ? await JetStreamEdgeFixture.NewRunAsync(senderConnection, timeout.Token) : EdgeFixture.NewAddress();
        var options = new RemoteEdgeOptions { Capacity = capacity, MaxBatch = 10, Delivery = delivery };
        await using var receiver = new RemoteEdgeReceiver(receiverConnection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget(capacity: 16, held: true);
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);

        var source = Channel.CreateBounded<Message>(new BoundedChannelOptions(50) { SingleReader = true, SingleWriter = true });
        int written = 0;
        Task fed = Task.Run(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                await source.Writer.WriteAsync(Message.Integer(i), timeout.Token);
                Volatile.Write(ref written, i + 1);
            }

            source.Writer.Complete();
        });
        var sender = new RemoteEdgeSender(senderConnection, address, options);
        Task<RemoteEdgeResult> sent = sender.RunAsync(source.Reader, timeout.Token);

        // Watch the live counters until the sender has stood still for a while: the consumer is held, so it must.
        long last = -1;
        int still = 0;
        while (still < 10)
        {
            Assert.True(sender.Uncredited <= capacity, $"{sender.Uncredited} messages uncredited, capacity {capacity}");
            long now = sender.Sent;
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
            await Task.Delay(50, timeout.Token);
        }

        Assert.False(sent.IsCompleted);
        Assert.Equal(capacity, sender.Uncredited); // it used all its credit, and no more
        Assert.True(sender.Sent < 200, $"{sender.Sent} sent while the receiver takes 16 and the credit is {capacity}");
        int fedSoFar = Volatile.Read(ref written);
        Assert.True(fedSoFar <= sender.Sent + 50 + 1, $"the source was drained past what the edge could hold: {fedSoFar} written, {sender.Sent} sent");
        Assert.True(fedSoFar < count);

        target.Release();
        RemoteEdgeResult senderResult = await sent;
        RemoteEdgeResult receiverResult = await received;
        await target.Consumed.WaitAsync(timeout.Token);
        await fed;
        Assert.Equal((count, count, 0L), (senderResult.Sent, senderResult.Received, senderResult.Lost));
        Assert.Equal((count, count, 0L, 0L), (receiverResult.Sent, receiverResult.Received, receiverResult.Lost, receiverResult.Duplicates));
        Assert.True(sender.MaxUncredited <= capacity, $"at most {sender.MaxUncredited} uncredited at once");
        Assert.Equal(Enumerable.Range(0, count).Select(i => Message.Integer(i)), target.Messages);
    }

    [Fact]
    public async Task A_lost_batch_that_spends_the_credit_is_found_by_a_probe_and_counted_lost()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();

        // Capacity 10 and batches of 10: the dropped first batch leaves no credit, so only a probe can unwedge the edge.
        var options = new RemoteEdgeOptions { Capacity = 10, MaxBatch = 10, ProbeInterval = TimeSpan.FromMilliseconds(200), DropBatch = first => first == 0 };
        await using var receiver = new RemoteEdgeReceiver(connection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        (var source, _) = EdgeFixture.Source(Enumerable.Range(0, 100).Select(i => Message.Integer(i)), capacity: 100);
        RemoteEdgeResult sent = await new RemoteEdgeSender(connection, address, options).RunAsync(source, timeout.Token);
        RemoteEdgeResult got = await received;
        await target.Consumed.WaitAsync(timeout.Token);

        Assert.Equal((100L, 90L, 10L), (sent.Sent, sent.Received, sent.Lost));
        Assert.Equal((100L, 90L, 10L), (got.Sent, got.Received, got.Lost));
        Assert.Equal(Enumerable.Range(10, 90).Select(i => Message.Integer(i)), target.Messages);
        Assert.Equal(1, target.Completions);
    }

    [Fact]
    public async Task A_gap_published_by_hand_is_counted_lost_bad_frames_are_refused_and_the_edge_still_ends()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        await using var receiver = new RemoteEdgeReceiver(connection, address, new RemoteEdgeOptions());
        await receiver.StartAsync(timeout.Token);
        await using INatsSub<byte[]> credits = await connection.SubscribeCoreAsync<byte[]>(address.CreditSubject, cancellationToken: timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);

        Message[] first = [.. Enumerable.Range(0, 10).Select(i => Message.Integer(i))];
        Message[] third = [.. Enumerable.Range(20, 10).Select(i => Message.Integer(i))];
        byte[] damaged = RemoteEdgeFrameTests.EncodeBatch([Message.String("bad")], first: 10);
        damaged[^1] ^= 1;
        byte[] end = new byte[RemoteEdgeFrame.SmallFrameLength];
        RemoteEdgeFrame.WriteSmall(end, RemoteEdgeFrameKind.End, 30);
        foreach (byte[] frame in new[] { RemoteEdgeFrameTests.EncodeBatch(first, 0), damaged, [1, 2, 3], RemoteEdgeFrameTests.EncodeBatch(first, 0), RemoteEdgeFrameTests.EncodeBatch(third, 20), end })
        {
            await connection.PublishAsync(address.DataSubject, frame, cancellationToken: timeout.Token);
        }

        RemoteEdgeResult got = await received.WaitAsync(timeout.Token);
        await target.Consumed.WaitAsync(timeout.Token);
        Assert.Equal((30L, 20L, 10L, 2L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors));
        Assert.Equal(first.Concat(third), target.Messages); // the repeated first batch was trimmed: each message once

        // Credit after each batch (cumulative: delivered or lost), then EndAck(received, lost).
        var replies = new List<RemoteEdgeFrameHeader>();
        while (replies.Count < 4)
        {
            replies.Add(RemoteEdgeFrame.Read((await credits.Msgs.ReadAsync(timeout.Token)).Data, "test"));
        }

        Assert.Equal([(RemoteEdgeFrameKind.Credit, 10L, 0L), (RemoteEdgeFrameKind.Credit, 10L, 0L), (RemoteEdgeFrameKind.Credit, 30L, 0L), (RemoteEdgeFrameKind.EndAck, 20L, 10L)],
            replies.Select(r => (r.Kind, r.Value, r.Value2)));
    }

    [Fact]
    public async Task A_receiver_abandoned_mid_batch_completes_its_target_and_counts_the_rest_lost()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        await using var receiver = new RemoteEdgeReceiver(connection, address, new RemoteEdgeOptions());
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget(capacity: 4, held: true);
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        await connection.PublishAsync(address.DataSubject, RemoteEdgeFrameTests.EncodeBatch([.. Enumerable.Range(0, 100).Select(i => Message.Integer(i))]), cancellationToken: timeout.Token);
        while (receiver.Received < 4)
        {
            await Task.Delay(10, timeout.Token);
        }

        receiver.Abandon("the sender's node died");
        RemoteEdgeResult got = await received.WaitAsync(timeout.Token);
        target.Release();
        await target.Consumed.WaitAsync(timeout.Token);

        Assert.Equal("the sender's node died", got.AbandonReason);
        Assert.Equal(100, got.Sent);
        Assert.Equal(4, got.Received);
        Assert.Equal(96, got.Lost);
        Assert.Equal(1, target.Completions);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => Message.Integer(i)), target.Messages);
    }

    [Fact]
    public async Task A_sender_abandoned_while_out_of_credit_drains_its_source_and_counts_everything_uncredited_lost()
    {
        const int count = 1000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        var options = new RemoteEdgeOptions { Capacity = 50, MaxBatch = 10 };
        await using var receiver = new RemoteEdgeReceiver(connection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget(capacity: 5, held: true);
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        (var source, Task fed) = EdgeFixture.Source(Enumerable.Range(0, count).Select(i => Message.Integer(i)), capacity: 20);
        var sender = new RemoteEdgeSender(connection, address, options);
        Task<RemoteEdgeResult> sent = sender.RunAsync(source, timeout.Token);
        while (sender.Uncredited < options.Capacity)
        {
            await Task.Delay(10, timeout.Token);
        }

        sender.Abandon("the receiver's node died");
        RemoteEdgeResult result = await sent.WaitAsync(timeout.Token);
        await fed.WaitAsync(timeout.Token); // drained to the end: the upstream network can finish

        Assert.Equal("the receiver's node died", result.AbandonReason);
        Assert.Equal(count, result.Received + result.Lost);
        Assert.Equal(sender.Credited, result.Received);
        Assert.True(result.Lost >= count - 60, $"{result.Lost} lost");

        receiver.Abandon("test over");
        await received.WaitAsync(timeout.Token);
        target.Release();
    }

    [Theory]
    [InlineData(DeliveryMode.AtMostOnce)]
    [InlineData(DeliveryMode.AtLeastOnce)]
    public async Task An_edge_crosses_a_two_server_cluster(DeliveryMode delivery)
    {
        const int count = 20_000;
        bool durable = delivery == DeliveryMode.AtLeastOnce;
        await using NatsCluster cluster = await NatsServer.StartClusterAsync(2, jetStream: durable);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(cluster.Servers[0], "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(cluster.Servers[1], "receiver");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = durable ? await JetStreamEdgeFixture.NewRunAsync(senderConnection, timeout.Token) : EdgeFixture.NewAddress();
        var options = durable ? new RemoteEdgeOptions { Capacity = 2048, MaxBatch = 256, Delivery = delivery } : new RemoteEdgeOptions();
        await using var receiver = new RemoteEdgeReceiver(receiverConnection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);

        // Started at once: the sender's handshake waits until the subscription is known on its server.
        (var source, _) = EdgeFixture.Source(Enumerable.Range(0, count).Select(EdgeFixture.Varied));
        RemoteEdgeResult sent = await new RemoteEdgeSender(senderConnection, address, options).RunAsync(source, timeout.Token);
        RemoteEdgeResult got = await received;
        await target.Consumed.WaitAsync(timeout.Token);

        Assert.Equal((count, count, 0L), (sent.Sent, sent.Received, sent.Lost));
        Assert.Equal((count, count, 0L, 0L, 0L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors, got.Duplicates));
        Assert.Equal(Enumerable.Range(0, count).Select(EdgeFixture.Varied), target.Messages);
        if (durable)
        {
            Assert.True(await RemoteEdgeStream.DeleteAsync(new NATS.Client.JetStream.NatsJSContext(receiverConnection), address.RunId, timeout.Token));
        }
    }
}
