using System.Diagnostics;
using System.Threading.Channels;
using NATS.Client.Core;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;
using Xunit.Abstractions;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>
/// Low load: one message at a time, each sent when the previous one arrived. Asserts that every one arrives alone in
/// its own frame (the sender never waits to fill a batch) and writes the latency percentiles to the test output.
/// </summary>
public sealed class RemoteEdgeLatencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task At_low_load_each_message_goes_at_once_in_a_frame_of_its_own()
    {
        const int count = 2000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        var options = new RemoteEdgeOptions();
        await using var receiver = new RemoteEdgeReceiver(receiverConnection, address, options);
        await receiver.StartAsync(timeout.Token);
        var arrived = Channel.CreateUnbounded<Message>();
        Task<RemoteEdgeResult> received = receiver.RunAsync(new ForwardingTarget(arrived.Writer), timeout.Token);
        var source = Channel.CreateBounded<Message>(16);
        Task<RemoteEdgeResult> sent = new RemoteEdgeSender(senderConnection, address, options).RunAsync(source.Reader, timeout.Token);

        double[] micros = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await source.Writer.WriteAsync(Message.Integer(i), timeout.Token);
            Message back = await arrived.Reader.ReadAsync(timeout.Token);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            Assert.Equal(Message.Integer(i), back);
        }

        source.Writer.Complete();
        RemoteEdgeResult senderResult = await sent;
        await received;
        Assert.Equal(count, senderResult.Received);
        // One Batch per message, the End, and the few probes of the handshake: nothing waited to fill a batch.
        Assert.InRange(senderResult.Frames, count + 1, count + 20);

        Array.Sort(micros, 200, count - 200); // the first 200 warm up
        double P(double q) => micros[200 + (int)((count - 201) * q)];
        output.WriteLine($"one message at a time, {count - 200} measured: p50 {P(0.5):N0} µs, p90 {P(0.9):N0} µs, p99 {P(0.99):N0} µs");

        // The floor under it: the same one-at-a-time exchange as bare NATS messages between the two connections.
        await using INatsSub<byte[]> bare = await receiverConnection.SubscribeCoreAsync<byte[]>("bare." + address.RunId, cancellationToken: timeout.Token);
        await receiverConnection.PingAsync(timeout.Token);
        byte[] payload = new byte[33];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await senderConnection.PublishAsync("bare." + address.RunId, payload, cancellationToken: timeout.Token);
            await bare.Msgs.ReadAsync(timeout.Token);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(micros, 200, count - 200);
        output.WriteLine($"bare NATS, one message at a time: p50 {P(0.5):N0} µs, p90 {P(0.9):N0} µs, p99 {P(0.99):N0} µs");
    }

    private sealed class ForwardingTarget(ChannelWriter<Message> arrived) : IRemoteEdgeTarget
    {
        public bool TrySend(in Message message) => arrived.TryWrite(message);

        public ValueTask SendAsync(Message message, CancellationToken cancellationToken) => arrived.WriteAsync(message, cancellationToken);

        public void Complete() => arrived.TryComplete();
    }
}
