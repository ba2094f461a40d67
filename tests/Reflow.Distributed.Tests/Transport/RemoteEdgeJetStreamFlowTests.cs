using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>At-least-once edges: a consumer lost under the receiver, and a gap refused (credit and clusters: RemoteEdgeFlowTests).</summary>
public sealed class RemoteEdgeJetStreamFlowTests
{
    private static readonly RemoteEdgeOptions AtLeastOnce = new() { Delivery = DeliveryMode.AtLeastOnce };

    [Fact]
    public async Task A_consumer_deleted_under_the_receiver_is_made_again_from_where_it_was()
    {
        const int count = 20_000;
        const int half = 8_000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: true);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = await JetStreamEdgeFixture.NewRunAsync(connection, timeout.Token);
        var options = AtLeastOnce with { Capacity = 1000, MaxBatch = 100 };
        await using var receiver = new RemoteEdgeReceiver(connection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<RemoteEdgeResult> sent = new RemoteEdgeSender(connection, address, options)
            .RunAsync(JetStreamEdgeFixture.Paused(count, half, resume.Task, timeout.Token), timeout.Token);
        await JetStreamEdgeFixture.WaitUntilAsync(() => receiver.Received == half, $"the receiver delivered {half}", timeout.Token);

        // The server loses the consumer (as after a restart, or an inactivity timeout).
        var js = new NatsJSContext(connection);
        int deleted = 0;
        await foreach (string name in js.ListConsumerNamesAsync(address.StreamName, timeout.Token))
        {
            Assert.True(await js.DeleteConsumerAsync(address.StreamName, name, timeout.Token));
            deleted++;
        }

        Assert.Equal(1, deleted);
        resume.SetResult();
        RemoteEdgeResult put = await sent;
        RemoteEdgeResult got = await received;
        await target.Consumed.WaitAsync(timeout.Token);

        Assert.Equal((count, count, 0L), (put.Sent, put.Received, put.Lost));
        Assert.Equal((count, count, 0L, 0L, 0L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors, got.Duplicates));
        JetStreamEdgeFixture.AssertVaried(target.Messages, count);
    }

    [Fact]
    public async Task A_batch_that_leaves_a_gap_is_refused_as_a_protocol_error_never_counted_lost()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: true);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = await JetStreamEdgeFixture.NewRunAsync(connection, timeout.Token);

        // A well-formed batch of messages 5..9 ahead of anything else on the edge: the stream loses nothing, so this
        // can only be a bug, and the receiver must not skip ahead to it.
        using (var encoder = new RemoteEdgeBatchEncoder())
        {
            for (int i = 5; i < 10; i++)
            {
                Assert.True(encoder.TryAdd(Message.Integer(i), 1 << 20));
            }

            ReadOnlyMemory<byte> frame = encoder.Finish(5, int.MaxValue);
            await new NatsJSContext(connection).PublishAsync(address.StreamSubject, frame, NatsRawSerializer<ReadOnlyMemory<byte>>.Default, cancellationToken: timeout.Token);
        }

        await using var receiver = new RemoteEdgeReceiver(connection, address, AtLeastOnce);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        (var source, _) = EdgeFixture.Source(Enumerable.Range(0, 100).Select(i => Message.Integer(i)));
        RemoteEdgeResult put = await new RemoteEdgeSender(connection, address, AtLeastOnce).RunAsync(source, timeout.Token);
        RemoteEdgeResult got = await received;
        await target.Consumed.WaitAsync(timeout.Token);

        Assert.Equal((100L, 100L, 0L), (put.Sent, put.Received, put.Lost));
        Assert.Equal((100L, 100L, 0L, 1L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => Message.Integer(i)), target.Messages);
    }
}
