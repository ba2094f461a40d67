using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>At-least-once remote edges on a real nats-server with JetStream: order, no loss, no doubles, the run's stream.</summary>
public sealed class RemoteEdgeJetStreamTests
{
    private static readonly RemoteEdgeOptions AtLeastOnce = new() { Delivery = DeliveryMode.AtLeastOnce, Capacity = 4096, MaxBatch = 512 };

    [Fact]
    public async Task A_hundred_thousand_messages_of_every_kind_cross_in_order_none_lost_none_doubled()
    {
        const int count = 100_000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: true);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = await JetStreamEdgeFixture.NewRunAsync(senderConnection, timeout.Token);

        // The sender starts first: the stream keeps what it publishes before the receiver exists.
        (var source, Task fed) = EdgeFixture.Source(Enumerable.Range(0, count).Select(EdgeFixture.Varied));
        var sender = new RemoteEdgeSender(senderConnection, address, AtLeastOnce);
        Task<RemoteEdgeResult> sent = sender.RunAsync(source, timeout.Token);
        await JetStreamEdgeFixture.WaitUntilAsync(() => sender.Sent > 0, "the sender published", timeout.Token);

        await using var receiver = new RemoteEdgeReceiver(receiverConnection, address, AtLeastOnce);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        RemoteEdgeResult got = await receiver.RunAsync(target, timeout.Token);
        RemoteEdgeResult put = await sent;
        await target.Consumed.WaitAsync(timeout.Token);
        await fed;

        Assert.Equal((count, count, 0L, 0L), (put.Sent, put.Received, put.Lost, put.ProtocolErrors));
        Assert.Equal((count, count, 0L, 0L, 0L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors, got.Duplicates));
        Assert.Equal(1, target.Completions);
        JetStreamEdgeFixture.AssertVaried(target.Messages, count);
        Assert.True(put.Frames >= count / AtLeastOnce.MaxBatch, $"{put.Frames} frames for {count} messages in batches of at most {AtLeastOnce.MaxBatch}");

        // Every frame is in the run's stream (batches and the End), and nothing else.
        INatsJSStream stream = await new NatsJSContext(senderConnection).GetStreamAsync(address.StreamName, cancellationToken: timeout.Token);
        Assert.Equal(put.Frames, (long)stream.Info.State.Messages);
    }

    [Fact]
    public async Task A_receiver_started_again_gets_everything_from_the_first_message_once_in_order()
    {
        const int count = 20_000;
        const int half = 7_000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: true);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = await JetStreamEdgeFixture.NewRunAsync(senderConnection, timeout.Token);
        var options = AtLeastOnce with { Capacity = 1000, MaxBatch = 100 };

        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = new RemoteEdgeSender(senderConnection, address, options);
        Task<RemoteEdgeResult> sent = sender.RunAsync(JetStreamEdgeFixture.Paused(count, half, resume.Task, timeout.Token), timeout.Token);

        // The first receiver delivers the first part, then its node "dies" (it is stopped, its target never completed).
        var first = new RemoteEdgeReceiver(receiverConnection, address, options);
        await first.StartAsync(timeout.Token);
        var firstTarget = new CollectingTarget();
        using var firstStop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        Task<RemoteEdgeResult> firstRun = first.RunAsync(firstTarget, firstStop.Token);
        await JetStreamEdgeFixture.WaitUntilAsync(() => first.Received == half, $"the first receiver delivered {half}", timeout.Token);
        await firstStop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun);
        await first.DisposeAsync();

        // A new receiver with a fresh target (the part started again) reads from the first frame, while the sender goes on.
        await using var second = new RemoteEdgeReceiver(receiverConnection, address, options);
        await second.StartAsync(timeout.Token);
        var secondTarget = new CollectingTarget();
        Task<RemoteEdgeResult> secondRun = second.RunAsync(secondTarget, timeout.Token);
        resume.SetResult();
        RemoteEdgeResult got = await secondRun;
        RemoteEdgeResult put = await sent;
        await secondTarget.Consumed.WaitAsync(timeout.Token);

        Assert.Equal(half, first.Received);
        Assert.Equal((count, count, 0L, 0L, 0L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors, got.Duplicates));
        Assert.Equal((count, count, 0L), (put.Sent, put.Received, put.Lost));
        Assert.Equal(1, secondTarget.Completions);
        JetStreamEdgeFixture.AssertVaried(secondTarget.Messages, count);
        Assert.True(sender.MaxUncredited <= options.Capacity, $"{sender.MaxUncredited} uncredited at once, capacity {options.Capacity}");
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(100, 37)]
    public async Task A_sender_started_again_from_zero_is_trimmed_so_each_message_is_delivered_once(int firstBatch, int secondBatch)
    {
        const int count = 20_000;
        const int half = 7_050;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: true);
        await using NatsConnection senderConnection = await EdgeFixture.ConnectAsync(server, "sender");
        await using NatsConnection receiverConnection = await EdgeFixture.ConnectAsync(server, "receiver");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = await JetStreamEdgeFixture.NewRunAsync(senderConnection, timeout.Token);
        var options = AtLeastOnce with { Capacity = 1000, MaxBatch = firstBatch, ProbeInterval = TimeSpan.FromMilliseconds(200) };

        await using var receiver = new RemoteEdgeReceiver(receiverConnection, address, options);
        await receiver.StartAsync(timeout.Token);
        var target = new CollectingTarget();
        Task<RemoteEdgeResult> received = receiver.RunAsync(target, timeout.Token);

        // The first sender publishes the first part, then its node "dies" (it is stopped without End).
        using var firstStop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var first = new RemoteEdgeSender(senderConnection, address, options);
        Task<RemoteEdgeResult> firstRun = first.RunAsync(JetStreamEdgeFixture.Paused(count, half, new TaskCompletionSource().Task, firstStop.Token), firstStop.Token);
        await JetStreamEdgeFixture.WaitUntilAsync(() => receiver.Received == half, $"the receiver delivered {half}", timeout.Token);
        await firstStop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun);

        // The part started again numbers its messages from 0 again, perhaps cut into other batches.
        (var source, Task fed) = EdgeFixture.Source(Enumerable.Range(0, count).Select(EdgeFixture.Varied));
        var second = new RemoteEdgeSender(senderConnection, address, options with { MaxBatch = secondBatch });
        RemoteEdgeResult put = await second.RunAsync(source, timeout.Token);
        RemoteEdgeResult got = await received;
        await target.Consumed.WaitAsync(timeout.Token);
        await fed;

        Assert.Equal((count, count, 0L), (put.Sent, put.Received, put.Lost));
        Assert.Equal((count, count, 0L, 0L), (got.Sent, got.Received, got.Lost, got.ProtocolErrors));
        // What the second sender sent again below the receiver's next sequence is either dropped by the server (a frame
        // with the message id of one the first sender published: same boundaries) or trimmed by the receiver.
        Assert.InRange(got.Duplicates, secondBatch == firstBatch ? 0 : 1, half);
        Assert.Equal(1, target.Completions);
        JetStreamEdgeFixture.AssertVaried(target.Messages, count);
    }

    [Fact]
    public async Task A_sender_started_again_after_its_edge_finished_sends_nothing_and_lets_its_part_finish()
    {
        const int count = 5_000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: true);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = await JetStreamEdgeFixture.NewRunAsync(connection, timeout.Token);
        var options = AtLeastOnce with { Capacity = 100, MaxBatch = 10 };
        await using (var receiver = new RemoteEdgeReceiver(connection, address, options))
        {
            await receiver.StartAsync(timeout.Token);
            Task<RemoteEdgeResult> received = receiver.RunAsync(new CollectingTarget(), timeout.Token);
            (var source, _) = EdgeFixture.Source(Enumerable.Range(0, count).Select(EdgeFixture.Varied));
            Assert.Equal(count, (await new RemoteEdgeSender(connection, address, options).RunAsync(source, timeout.Token)).Received);
            Assert.Equal(count, (await received).Received);
        }

        // Its node died after the End was stored: the part starts again, its receiver is long done and credits nothing.
        INatsJSStream stream = await new NatsJSContext(connection).GetStreamAsync(address.StreamName, cancellationToken: timeout.Token);
        long stored = stream.Info.State.Messages;
        (var again, Task fed) = EdgeFixture.Source(Enumerable.Range(0, count).Select(EdgeFixture.Varied), capacity: 16);
        RemoteEdgeResult put = await new RemoteEdgeSender(connection, address, options).RunAsync(again, timeout.Token);
        await fed;

        Assert.Equal((count, count, 0L, 0L), (put.Sent, put.Received, put.Lost, put.Frames));
        await stream.RefreshAsync(timeout.Token);
        Assert.Equal(stored, (long)stream.Info.State.Messages);
    }

    [Fact]
    public async Task The_runs_stream_is_created_once_keeps_only_at_least_once_frames_and_is_deleted()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: true);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        var js = new NatsJSContext(connection);
        RemoteEdgeAddress address = await JetStreamEdgeFixture.NewRunAsync(connection, timeout.Token);
        Assert.Equal(address.StreamName, await RemoteEdgeStream.CreateAsync(js, address.RunId, timeout.Token)); // idempotent

        INatsJSStream stream = await js.GetStreamAsync(address.StreamName, cancellationToken: timeout.Token);
        Assert.Equal([$"reflow.run.{address.RunId}.js.*.data"], stream.Info.Config.Subjects);
        Assert.Equal(StreamConfigStorage.File, stream.Info.Config.Storage);
        Assert.Equal(StreamConfigRetention.Limits, stream.Info.Config.Retention);
        Assert.Equal(TimeSpan.FromMinutes(2), stream.Info.Config.DuplicateWindow);
        Assert.Equal(TimeSpan.FromDays(1), stream.Info.Config.MaxAge);

        // An at-most-once edge of the same run: its frames go by, the stream keeps none of them.
        var atMostOnce = new RemoteEdgeOptions();
        var coreAddress = new RemoteEdgeAddress(address.RunId, 1);
        await using (var receiver = new RemoteEdgeReceiver(connection, coreAddress, atMostOnce))
        {
            await receiver.StartAsync(timeout.Token);
            Task<RemoteEdgeResult> received = receiver.RunAsync(new CollectingTarget(), timeout.Token);
            (var source, _) = EdgeFixture.Source(Enumerable.Range(0, 100).Select(i => Message.Integer(i)));
            Assert.Equal(100, (await new RemoteEdgeSender(connection, coreAddress, atMostOnce).RunAsync(source, timeout.Token)).Received);
            await received;
        }

        await stream.RefreshAsync(timeout.Token);
        Assert.Equal(0L, (long)stream.Info.State.Messages);

        Assert.True(await RemoteEdgeStream.DeleteAsync(js, address.RunId, timeout.Token));
        NatsJSApiException gone = await Assert.ThrowsAsync<NatsJSApiException>(async () => await js.GetStreamAsync(address.StreamName, cancellationToken: timeout.Token));
        Assert.Equal(404, gone.Error.Code);
        Assert.False(await RemoteEdgeStream.DeleteAsync(js, address.RunId, timeout.Token)); // already gone: no error

        // A receiver of a run whose stream is missing says so.
        InvalidOperationException missing = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RemoteEdgeReceiver(connection, address, AtLeastOnce).StartAsync(timeout.Token));
        Assert.Contains(address.StreamName, missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_JetStream_the_stream_and_the_receiver_fail_clearly_and_a_sender_fails_naming_the_edge_and_the_stream()
    {
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection connection = await EdgeFixture.ConnectAsync(server, "both");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress();

        InvalidOperationException create = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RemoteEdgeStream.CreateAsync(new NatsJSContext(connection), address.RunId, timeout.Token));
        Assert.Contains("no JetStream", create.Message, StringComparison.Ordinal);
        InvalidOperationException start = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RemoteEdgeReceiver(connection, address, AtLeastOnce).StartAsync(timeout.Token));
        Assert.Contains("no JetStream", start.Message, StringComparison.Ordinal);

        (var source, _) = EdgeFixture.Source([Message.Integer(1)]);
        InvalidOperationException publish = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RemoteEdgeSender(connection, address, AtLeastOnce with { PublishAttempts = 2 }).RunAsync(source, timeout.Token));
        Assert.Contains(address.ToString(), publish.Message, StringComparison.Ordinal);
        Assert.Contains(address.StreamName, publish.Message, StringComparison.Ordinal);
    }
}
