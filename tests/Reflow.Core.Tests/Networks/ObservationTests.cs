using System.Diagnostics;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>Observation: events subscribed during a run, snapshots of the counters, sampled message events.</summary>
public sealed class ObservationTests
{
    private static readonly NetworkOptions TwoWorkers = new() { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 };

    private static NetworkDefinition HostPipeline() => new NetworkBuilder(defaultEdgeCapacity: 8)
        .AddNode("relay", Relay(_ => { }))
        .ExportInPort("in", "relay", "in")
        .ExportOutPort("out", "relay", "out")
        .Build(_ => null);

    /// <summary>numbers → relay → sink, the sink counting what it gets.</summary>
    private static NetworkDefinition Pipeline(long count, StrongBox<long> received, int capacity = 64) => new NetworkBuilder(capacity)
        .AddNode("numbers", Numbers(count))
        .AddNode("relay", Relay(_ => { }))
        .AddNode("sink", Component.FromFunc(new ComponentDescription("test/Count", [new("in")], []), _ => Interlocked.Increment(ref received.Value)))
        .Connect("numbers", "out", "relay", "in")
        .Connect("relay", "out", "sink", "in")
        .Build(_ => null);

    internal sealed class StrongBox<T>
    {
        public T Value = default!;
    }

    private static async Task Pass(Network network, long from, long to)
    {
        for (long i = from; i <= to; i++)
        {
            await network.SendAsync("in", Message.Integer(i));
            Assert.True(await network.Output("out").WaitToReadAsync().AsTask().WaitAsync(HangLimit));
            Assert.True(network.Output("out").TryRead(out Message m));
            Assert.Equal(i, m.AsInteger());
        }
    }

    [Fact]
    public async Task A_subscriber_attached_mid_run_gets_every_event_from_then_on_once_and_nothing_from_before()
    {
        await using Network network = Network.Create(HostPipeline(), TwoWorkers);
        ChannelReader<NetworkEvent> early = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true });
        await network.StartAsync();
        await Pass(network, 1, 5);

        // Once the early subscriber holds the 5th message's event, its publication is over: the late one cannot get it.
        var earlyEvents = new List<NetworkEvent>();
        while (!earlyEvents.Any(e => e.Kind == NetworkEventKind.MessageSent && e.Message!.Value.AsInteger() == 5))
        {
            earlyEvents.Add(await early.ReadAsync().AsTask().WaitAsync(HangLimit));
        }

        ChannelReader<NetworkEvent> late = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true });
        await Pass(network, 6, 10);
        await network.StopAsync().WaitAsync(HangLimit);

        List<NetworkEvent> lateEvents = await ReadAll(late).WaitAsync(HangLimit);
        NetworkEvent[] sent = [.. lateEvents.Where(e => e.Kind == NetworkEventKind.MessageSent)];
        Assert.Equal([6L, 7, 8, 9, 10], sent.Select(e => e.Message!.Value.AsInteger()));
        Assert.Equal([6L, 7, 8, 9, 10], sent.Select(e => e.Sequence)); // counted from the early subscriber on
        Assert.All(sent, e => Assert.Equal("relay.out -> (host).out", e.EdgeId));
        Assert.DoesNotContain(lateEvents, e => e.Kind is NetworkEventKind.NetworkStarted or NetworkEventKind.ActorStarted);
        Assert.Contains(lateEvents, e => e.Kind == NetworkEventKind.NetworkFinished);
        Assert.Single(lateEvents, e => e.Kind == NetworkEventKind.NetworkFinished);
    }

    [Fact]
    public async Task Message_events_turned_on_mid_run_start_counting_at_the_first_message_after_the_subscription()
    {
        await using Network network = Network.Create(HostPipeline(), TwoWorkers);
        await network.StartAsync();
        await Pass(network, 1, 3);
        var clock = Stopwatch.StartNew();
        while (network.GetActorState("relay") == ActorState.Processing && clock.Elapsed < HangLimit)
        {
            await Task.Delay(1); // the relay's emission of 3 is over once it has returned
        }

        ChannelReader<NetworkEvent> late = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true });
        await Pass(network, 4, 7);
        await network.StopAsync().WaitAsync(HangLimit);

        NetworkEvent[] sent = [.. (await ReadAll(late).WaitAsync(HangLimit)).Where(e => e.Kind == NetworkEventKind.MessageSent)];
        Assert.Equal([4L, 5, 6, 7], sent.Select(e => e.Message!.Value.AsInteger()));
        Assert.Equal([1L, 2, 3, 4], sent.Select(e => e.Sequence));
    }

    [Fact]
    public async Task The_snapshot_at_the_end_of_a_run_equals_the_final_statistics()
    {
        var received = new StrongBox<long>();
        await using Network network = Network.Create(Pipeline(5_000, received), TwoWorkers);
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
        NetworkSnapshot snapshot = network.GetSnapshot();

        Assert.Equal(result.Edges.Select(e => (e.Id, e.Messages)), snapshot.Edges.Select(e => (e.Id, e.Messages)));
        Assert.Equal(["numbers.out -> relay.in", "relay.out -> sink.in"], snapshot.Edges.Select(e => e.Id));
        Assert.Equal([5_000L, 5_000], snapshot.Edges.Select(e => e.Messages));
        Assert.All(snapshot.Edges, e => Assert.Equal(0, e.Queued));
        Assert.Equal(
            result.Nodes.Select(n => (n.Id, n.State, n.Invocations, n.Errors, n.Failures, n.Dropped)),
            snapshot.Nodes.Select(n => (n.Id, n.State, n.Invocations, n.Errors, n.Failures, n.Dropped)));
        Assert.Equal(5_000, received.Value);
        Assert.Equal(result.DeadLetters, snapshot.DeadLetters);
    }

    [Fact]
    public async Task A_snapshot_counts_uncaught_failures_while_the_run_goes_on_as_the_result_does_at_its_end()
    {
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 8)
            .AddNode("relay", Relay(i => { if (i == 2) throw new InvalidOperationException("two"); }))
            .ExportInPort("in", "relay", "in")
            .ExportOutPort("out", "relay", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, TwoWorkers);
        Task<NetworkRunResult> run = network.RunAsync();
        await Pass(network, 1, 1);
        Assert.False(network.GetSnapshot().HasUnhandledFailures);

        await network.SendAsync("in", Message.Integer(2));
        await Pass(network, 3, 3); // handled after 2: its failure is counted by now
        NetworkSnapshot running = network.GetSnapshot();
        Assert.Equal(1, running.UncaughtFailures);
        Assert.True(running.HasUnhandledFailures);

        network.CompleteInput("in");
        NetworkRunResult result = await run.WaitAsync(HangLimit);
        NetworkSnapshot after = network.GetSnapshot();
        Assert.Equal((result.UncaughtFailures, result.DeadLettersFromFailures, result.HasUnhandledFailures), (after.UncaughtFailures, after.DeadLettersFromFailures, after.HasUnhandledFailures));
    }

    [Fact]
    public async Task Snapshots_taken_from_another_thread_under_load_only_grow_and_never_exceed_what_was_sent()
    {
        const long Count = 300_000;
        const int Capacity = 64;
        var received = new StrongBox<long>();
        await using Network network = Network.Create(Pipeline(Count, received, Capacity), TwoWorkers);
        Task<NetworkRunResult> run = network.RunAsync();
        var snapshots = new List<NetworkSnapshot>();
        Task polling = Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            while (!run.IsCompleted && snapshots.Count < 200_000 && clock.Elapsed < HangLimit)
            {
                snapshots.Add(network.GetSnapshot());
            }
        });
        NetworkRunResult result = await run.WaitAsync(HangLimit);
        await polling.WaitAsync(HangLimit);
        snapshots.Add(network.GetSnapshot());

        Assert.True(snapshots.Count >= 2);
        for (int i = 1; i < snapshots.Count; i++)
        {
            for (int e = 0; e < 2; e++)
            {
                EdgeSnapshot before = snapshots[i - 1].Edges[e], now = snapshots[i].Edges[e];
                Assert.True(now.Messages >= before.Messages, $"edge {now.Id} went back from {before.Messages} to {now.Messages}");
                Assert.InRange(now.Messages, 0, Count);
                Assert.InRange(now.Queued, 0, Capacity);
            }

            for (int n = 0; n < 3; n++)
            {
                Assert.True(snapshots[i].Nodes[n].Invocations >= snapshots[i - 1].Nodes[n].Invocations);
            }
        }

        Assert.Equal([Count, Count], snapshots[^1].Edges.Select(e => e.Messages));
        Assert.Equal(result.Edges.Select(e => e.Messages), snapshots[^1].Edges.Select(e => e.Messages));
    }

    [Fact]
    public async Task Sampled_message_events_arrive_exactly_once_in_n_messages_per_edge()
    {
        const long Count = 10_000;
        var received = new StrongBox<long>();
        await using Network network = Network.Create(Pipeline(Count, received), TwoWorkers);
        ChannelReader<NetworkEvent> everyHundredth = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageSampling = 100 });
        ChannelReader<NetworkEvent> everyThousandth = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageSampling = 1_000 });
        ChannelReader<NetworkEvent> lifecycleOnly = network.SubscribeEvents();
        await network.RunAsync().WaitAsync(HangLimit);

        NetworkEvent[] hundredth = [.. (await ReadAll(everyHundredth)).Where(e => e.Kind == NetworkEventKind.MessageSent)];
        NetworkEvent[] thousandth = [.. (await ReadAll(everyThousandth)).Where(e => e.Kind == NetworkEventKind.MessageSent)];
        foreach (string edge in (string[])["numbers.out -> relay.in", "relay.out -> sink.in"])
        {
            NetworkEvent[] onEdge = [.. hundredth.Where(e => e.EdgeId == edge)];
            Assert.Equal(Enumerable.Range(1, 100).Select(i => i * 100L), onEdge.Select(e => e.Sequence));
            Assert.Equal(onEdge.Select(e => e.Sequence), onEdge.Select(e => e.Message!.Value.AsInteger())); // the relay passes 1..N on
            Assert.Equal(Enumerable.Range(1, 10).Select(i => i * 1_000L), thousandth.Where(e => e.EdgeId == edge).Select(e => e.Sequence));
        }

        Assert.Equal(200, hundredth.Length);
        Assert.Equal(20, thousandth.Length);
        Assert.DoesNotContain(await ReadAll(lifecycleOnly), e => e.Kind == NetworkEventKind.MessageSent);
    }

    [Fact]
    public void A_sampling_below_one_is_refused()
    {
        var received = new StrongBox<long>();
        Network network = Network.Create(Pipeline(1, received));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageSampling = 0 }));
    }
}
