using NATS.Client.Core;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>
/// The at-most-once receiver delivers on the connection's read loop while its target has room, and hands frames to its
/// delivery loop when it has not (or before it runs): order, no loss, no doubles and one caller at a time, whoever delivers.
/// </summary>
public sealed class RemoteEdgeHandOffTests
{
    [Fact]
    public async Task Frames_that_arrive_before_the_receiver_runs_wait_for_it_and_are_delivered_in_order()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        await using var receiver = new RemoteEdgeReceiver(connection, address, new RemoteEdgeOptions());
        await receiver.StartAsync(timeout.Token);

        Message[] all = [.. Enumerable.Range(0, 30).Select(i => Message.Integer(i))];
        byte[] end = new byte[RemoteEdgeFrame.SmallFrameLength];
        RemoteEdgeFrame.WriteSmall(end, RemoteEdgeFrameKind.End, 30);
        foreach (byte[] frame in new[] { RemoteEdgeFrameTests.EncodeBatch(all[..10], 0), RemoteEdgeFrameTests.EncodeBatch(all[10..20], 10), RemoteEdgeFrameTests.EncodeBatch(all[20..], 20), end })
        {
            await connection.PublishAsync(address.DataSubject, frame, cancellationToken: timeout.Token);
        }

        // The server answers the PING after delivering the frames to this same connection, and the read loop reads in
        // order: when the PONG is in, the four frames are waiting in the receiver.
        await connection.PingAsync(timeout.Token);
        Assert.Equal(0, receiver.Frames);

        var target = new CollectingTarget();
        RemoteEdgeResult got = await receiver.RunAsync(target, timeout.Token);
        await target.Consumed.WaitAsync(timeout.Token);

        Assert.Equal((30L, 30L, 0L, 0L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors));
        Assert.Equal(all, target.Messages);
        Assert.Equal(1, target.Completions);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_target_full_now_and_then_gets_every_message_once_in_order_from_one_caller_at_a_time(int seed)
    {
        const int count = 100_000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        var options = new RemoteEdgeOptions { Capacity = 1024, MaxBatch = 64 };
        await using var receiver = new RemoteEdgeReceiver(receiverConnection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new FullNowAndThenTarget(seed);
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);
        (var source, Task fed) = EdgeFixture.Source(Enumerable.Range(0, count).Select(EdgeFixture.Varied));

        RemoteEdgeResult sent = await new RemoteEdgeSender(senderConnection, address, options).RunAsync(source, timeout.Token);
        RemoteEdgeResult got = await received.WaitAsync(timeout.Token);
        await fed;

        Assert.Equal((count, count, 0L), (sent.Sent, sent.Received, sent.Lost));
        Assert.Equal((count, count, 0L, 0L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors));
        Assert.Equal(0, target.Overlaps);
        Assert.True(target.Refusals > 0, "the target never refused a message: the hand-off was not exercised");
        Assert.Equal(count, target.Messages.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.True(EdgeFixture.Varied(i).Equals(target.Messages[i]), $"message {i}: {target.Messages[i]} is not {EdgeFixture.Varied(i)}");
        }

        Assert.True(target.Completed);
    }

    [Fact]
    public async Task A_frame_larger_than_the_clients_read_buffer_is_delivered_whole()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();
        await using var receiver = new RemoteEdgeReceiver(connection, address, new RemoteEdgeOptions());
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);

        // Random bytes do not compress: ~600 KB on the wire, more than NATS.Net reads into one buffer segment.
        var random = new Random(7);
        Message[] large = [.. Enumerable.Range(0, 150).Select(_ => { byte[] b = new byte[4096]; random.NextBytes(b); return Message.Bytes(b); })];
        byte[] end = new byte[RemoteEdgeFrame.SmallFrameLength];
        RemoteEdgeFrame.WriteSmall(end, RemoteEdgeFrameKind.End, large.Length);
        await connection.PublishAsync(address.DataSubject, RemoteEdgeFrameTests.EncodeBatch(large, 0), cancellationToken: timeout.Token);
        await connection.PublishAsync(address.DataSubject, end, cancellationToken: timeout.Token);

        RemoteEdgeResult got = await received.WaitAsync(timeout.Token);
        await target.Consumed.WaitAsync(timeout.Token);
        Assert.Equal((150L, 150L, 0L, 0L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors));
        Assert.Equal(large, target.Messages);
    }

    // Refuses about one TrySend in 40 (seeded) and takes the message later in SendAsync; records any two calls at once.
    private sealed class FullNowAndThenTarget(int seed) : IRemoteEdgeTarget
    {
        private readonly Random _random = new(seed);
        private int _inside;

        public List<Message> Messages { get; } = [];

        public int Refusals { get; private set; }

        public int Overlaps { get; private set; }

        public bool Completed { get; private set; }

        public bool TrySend(in Message message)
        {
            Enter();
            try
            {
                if (_random.Next(40) == 0)
                {
                    Refusals++;
                    return false;
                }

                Messages.Add(message);
                return true;
            }
            finally
            {
                Volatile.Write(ref _inside, 0);
            }
        }

        public async ValueTask SendAsync(Message message, CancellationToken cancellationToken)
        {
            await Task.Yield(); // room comes a moment later, on another thread
            Enter();
            Messages.Add(message);
            Volatile.Write(ref _inside, 0);
        }

        public void Complete() => Completed = true;

        private void Enter()
        {
            if (Interlocked.Exchange(ref _inside, 1) != 0)
            {
                Overlaps++;
            }
        }
    }
}
