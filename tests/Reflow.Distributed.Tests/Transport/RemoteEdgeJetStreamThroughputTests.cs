using System.Diagnostics;
using System.Threading.Channels;
using NATS.Client.Core;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;
using Xunit.Abstractions;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>
/// Scalars through one at-least-once edge, batched: asserts no loss and order (never speed) and writes the rate to the
/// test output. For a figure, run once in Release with REFLOW_EDGE_MESSAGES=2000000 and
/// <c>--logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class RemoteEdgeJetStreamThroughputTests(ITestOutputHelper output)
{
    private static int Messages => int.TryParse(Environment.GetEnvironmentVariable("REFLOW_EDGE_MESSAGES"), out int n) && n > 0 ? n : 100_000;

    [Theory]
    [InlineData(1024, 8192)]
    [InlineData(64, 1024)]
    [InlineData(1024, 65536)]
    public async Task Scalars_cross_one_at_least_once_edge_in_order(int maxBatch, int capacity)
    {
        int count = Messages;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: true);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        RemoteEdgeAddress address = await JetStreamEdgeFixture.NewRunAsync(senderConnection, timeout.Token);
        var options = new RemoteEdgeOptions { Capacity = capacity, MaxBatch = maxBatch, Delivery = DeliveryMode.AtLeastOnce };
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
        RemoteEdgeResult put = await sent;
        RemoteEdgeResult got = await received;
        clock.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal((count, count, 0L), (put.Sent, put.Received, put.Lost));
        Assert.Equal((count, count, 0L, 0L), (got.Sent, got.Received, got.Lost, got.Duplicates));
        Assert.Equal(count, target.Next);
        Assert.True(target.Completed);
        output.WriteLine(
            $"at-least-once, MaxBatch {maxBatch}, Capacity {capacity}: {count:N0} scalars in {clock.Elapsed.TotalMilliseconds:N0} ms = {count / clock.Elapsed.TotalSeconds:N0} msg/s; " +
            $"{put.Frames:N0} frames ({put.Frames / clock.Elapsed.TotalSeconds:N0} PubAcks/s), {put.Bytes:N0} bytes; " +
            $"{allocated:N0} bytes allocated in the process = {(double)allocated / count:N2} per message");
    }
}
