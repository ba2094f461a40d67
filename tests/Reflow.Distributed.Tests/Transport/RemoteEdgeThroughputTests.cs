using System.Diagnostics;
using System.Threading.Channels;
using NATS.Client.Core;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;
using Xunit.Abstractions;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>
/// Scalars through one edge, batched and unbatched, at-most-once and at-least-once: asserts no loss and order (never
/// speed) and writes the rate and the bytes allocated per message to the test output. For the figures of the issue, run once in Release with
/// REFLOW_EDGE_MESSAGES=2000000 and <c>--logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class RemoteEdgeThroughputTests(ITestOutputHelper output)
{
    private static int Messages => int.TryParse(Environment.GetEnvironmentVariable("REFLOW_EDGE_MESSAGES"), out int n) && n > 0 ? n : 100_000;

    [Theory]
    [InlineData(1024, 8192, DeliveryMode.AtMostOnce)]
    [InlineData(1, 1024, DeliveryMode.AtMostOnce)]
    [InlineData(64, 1024, DeliveryMode.AtLeastOnce)]
    [InlineData(1024, 8192, DeliveryMode.AtLeastOnce)]
    [InlineData(1024, 65536, DeliveryMode.AtLeastOnce)]
    public async Task Scalars_cross_one_edge_in_order(int maxBatch, int capacity, DeliveryMode delivery)
    {
        int count = maxBatch == 1 ? Math.Min(Messages, 200_000) * (Environment.GetEnvironmentVariable("REFLOW_EDGE_MESSAGES") is null ? 1 : 10) : Messages;
        bool durable = delivery == DeliveryMode.AtLeastOnce;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: durable);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        RemoteEdgeAddress address = durable ? await JetStreamEdgeFixture.NewRunAsync(senderConnection, timeout.Token) : EdgeFixture.NewAddress();
        var options = new RemoteEdgeOptions { Capacity = capacity, MaxBatch = maxBatch, Delivery = delivery };
        await using var receiver = new RemoteEdgeReceiver(receiverConnection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CheckingTarget();
        var source = Channel.CreateBounded<Message>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });

        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        Task<RemoteEdgeResult> sent = new RemoteEdgeSender(senderConnection, address, options).RunAsync(source.Reader, timeout.Token);
        for (int i = 0; i < count; i++)
        {
            if (!source.Writer.TryWrite(Message.Integer(i)))
            {
                await source.Writer.WriteAsync(Message.Integer(i), timeout.Token);
            }
        }

        source.Writer.Complete();
        RemoteEdgeResult senderResult = await sent;
        RemoteEdgeResult receiverResult = await received;
        clock.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal((count, count, 0L), (senderResult.Sent, senderResult.Received, senderResult.Lost));
        Assert.Equal((count, count, 0L, 0L), (receiverResult.Sent, receiverResult.Received, receiverResult.Lost, receiverResult.Duplicates));
        Assert.Equal(count, target.Next);
        Assert.True(target.Completed);
        output.WriteLine(
            $"{delivery}, MaxBatch {maxBatch}, Capacity {capacity}: {count:N0} scalars in {clock.Elapsed.TotalMilliseconds:N0} ms = {count / clock.Elapsed.TotalSeconds:N0} msg/s; " +
            $"{senderResult.Frames:N0} frames ({senderResult.Frames / clock.Elapsed.TotalSeconds:N0}/s), {senderResult.Bytes:N0} bytes; " +
            $"{allocated:N0} bytes allocated in the process = {(double)allocated / count:N2} per message");
    }
}
