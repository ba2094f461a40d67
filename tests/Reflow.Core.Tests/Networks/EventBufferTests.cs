using System.Collections.Concurrent;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>A subscriber's buffer: message events and the other events kept apart, read as one stream in order.</summary>
public sealed class EventBufferTests
{
    private const string RelayEdge = "relay.out -> sink.in";

    private static readonly NetworkOptions TwoWorkers = new() { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 };

    /// <summary>numbers → relay → sink on two workers; the relay throws on <paramref name="failOn"/> (and drops it).</summary>
    private static Network Pipeline(long count, long failOn, ConcurrentQueue<Message> received) => Network.Create(
        new NetworkBuilder(defaultEdgeCapacity: 64)
            .AddNode("numbers", Numbers(count))
            .AddNode("relay", Relay(v => { if (v == failOn) throw new InvalidOperationException($"bad {v}"); }))
            .AddNode("sink", Collect(received))
            .Connect("numbers", "out", "relay", "in")
            .Connect("relay", "out", "sink", "in")
            .Build(_ => null),
        TwoWorkers);

    [Fact]
    public async Task A_flood_of_message_events_does_not_push_a_failure_or_the_end_of_the_run_out_of_a_slow_subscribers_buffer()
    {
        await using Network network = Pipeline(2000, failOn: 1000, new ConcurrentQueue<Message>());
        ChannelReader<NetworkEvent> slow = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, Capacity = 16 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit); // nothing read meanwhile
        List<NetworkEvent> events = await ReadAll(slow).WaitAsync(HangLimit);

        Assert.Equal(3999, result.Messages); // 2 000 numbers → relay, 1 999 relay → sink
        Assert.Equal(NetworkEventKind.NetworkStarted, events[0].Kind);
        Assert.Equal(NetworkEventKind.NetworkFinished, events[^1].Kind);
        Assert.Equal(["numbers", "relay", "sink"], events.Where(e => e.Kind == NetworkEventKind.ActorStarted).Select(e => e.NodeId).Order());
        Assert.Equal(3, events.Count(e => e.Kind == NetworkEventKind.ActorStopped));
        int failed = events.FindIndex(e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal(1000L, events[failed].Message!.Value.AsInteger());

        // Only message events were discarded, the oldest: the newest 16 are kept, each edge's in order, the relay's
        // last one (the last message of the run) among them, and all after the failure the relay published first.
        List<NetworkEvent> sent = [.. events.Where(e => e.Kind == NetworkEventKind.MessageSent)];
        Assert.Equal(16, sent.Count);
        Assert.Equal(result.Messages - 16, result.EventsDiscarded);
        foreach (IGrouping<string?, NetworkEvent> edge in sent.GroupBy(e => e.EdgeId))
        {
            long[] sequences = [.. edge.Select(e => e.Sequence)];
            Assert.Equal(sequences.Order(), sequences);
        }

        Assert.Equal(1999, sent.Last(e => e.EdgeId == RelayEdge).Sequence);
        Assert.All(events.Select((e, i) => (e, i)).Where(p => p.e.EdgeId == RelayEdge), p => Assert.True(p.i > failed));
    }

    [Fact]
    public async Task A_subscriber_reading_during_the_run_gets_each_nodes_events_in_the_order_it_published_them_across_both_buffers()
    {
        await using Network network = Pipeline(500, failOn: 250, new ConcurrentQueue<Message>());
        Task<List<NetworkEvent>> reading = ReadAll(network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true }));

        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
        List<NetworkEvent> events = await reading.WaitAsync(HangLimit);

        Assert.Equal(0, result.EventsDiscarded);
        Assert.Equal(NetworkEventKind.NetworkStarted, events[0].Kind);
        Assert.Equal(NetworkEventKind.NetworkFinished, events[^1].Kind);
        Assert.Equal(result.Messages, events.Count(e => e.Kind == NetworkEventKind.MessageSent));

        // The relay's own events, message events and the others, as it published them: started, its messages up to
        // 249, the failure on 250, the rest from 251, stopped.
        NetworkEvent[] relay = [.. events.Where(e => e.NodeId == "relay")];
        Assert.Equal(NetworkEventKind.ActorStarted, relay[0].Kind);
        Assert.Equal(NetworkEventKind.ActorStopped, relay[^1].Kind);
        Assert.Equal(
            [.. Enumerable.Range(1, 249).Select(v => (NetworkEventKind.MessageSent, (long)v)),
             (NetworkEventKind.ActorFailed, 250L),
             .. Enumerable.Range(251, 250).Select(v => (NetworkEventKind.MessageSent, (long)v))],
            relay[1..^1].Select(e => (e.Kind, e.Message!.Value.AsInteger())));
        NetworkEvent[] numbers = [.. events.Where(e => e.NodeId == "numbers")];
        Assert.Equal(Enumerable.Range(1, 500).Select(v => (long)v), numbers[1..^1].Select(e => e.Message!.Value.AsInteger()));
        Assert.Equal((NetworkEventKind.ActorStarted, NetworkEventKind.ActorStopped), (numbers[0].Kind, numbers[^1].Kind));
    }

    [Fact]
    public async Task A_cancelled_wait_on_a_message_subscription_throws_and_the_subscription_still_reads_the_whole_run()
    {
        await using Network network = Pipeline(100, failOn: 0, new ConcurrentQueue<Message>());
        ChannelReader<NetworkEvent> events = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true });

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => events.WaitToReadAsync(cancel.Token).AsTask());
        }

        Assert.False(events.TryRead(out _));
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
        List<NetworkEvent> all = await ReadAll(events).WaitAsync(HangLimit);

        Assert.Equal(200, result.Messages);
        Assert.Equal(200, all.Count(e => e.Kind == NetworkEventKind.MessageSent));
        Assert.Equal((NetworkEventKind.NetworkStarted, NetworkEventKind.NetworkFinished), (all[0].Kind, all[^1].Kind));
        await events.Completion.WaitAsync(HangLimit); // both buffers complete and drained
    }
}
