using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>
/// <see cref="NetworkEventSubscription.MessageRateLimit"/>: a per-edge budget of message events per second, counted
/// by the network's clock (a fake one here, moved by the test), spread over a busy second, whole for a quiet one.
/// </summary>
public sealed class MessageRateLimitTests
{
    private const string Edge = "relay.out -> (host).out";

    private static NetworkDefinition HostPipeline() => new NetworkBuilder(defaultEdgeCapacity: 8)
        .AddNode("relay", Relay(_ => { }))
        .ExportInPort("in", "relay", "in")
        .ExportOutPort("out", "relay", "out")
        .Build(_ => null);

    [Fact]
    public async Task Each_second_reports_at_most_the_budget_spread_by_the_previous_seconds_rate_and_a_quiet_second_reports_all()
    {
        var time = new FakeTimeProvider();
        await using Network network = Network.Create(HostPipeline(), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0, TimeProvider = time });
        ChannelReader<NetworkEvent> events = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageRateLimit = 10 });
        await network.StartAsync();

        await Pass(network, 1, 25); // second 0: the first 10 of 25
        time.Advance(TimeSpan.FromSeconds(1));
        await Pass(network, 26, 55); // second 1: 25 last second, budget 10 → 1 in 3 of these 30: the 3rd, 6th… 30th
        time.Advance(TimeSpan.FromSeconds(2));
        await Pass(network, 56, 60); // second 3, after a second with none: every one again
        await network.StopAsync().WaitAsync(HangLimit);

        NetworkEvent[] sent = [.. (await ReadAll(events).WaitAsync(HangLimit)).Where(e => e.Kind == NetworkEventKind.MessageSent)];
        long[] expected = [.. Enumerable.Range(1, 10).Select(i => (long)i), .. Enumerable.Range(1, 10).Select(i => 25L + (3 * i)), 56, 57, 58, 59, 60];
        Assert.Equal(expected, sent.Select(e => e.Sequence));
        Assert.Equal(expected, sent.Select(e => e.Message!.Value.AsInteger())); // what really passed, with its number on the edge
        Assert.All(sent, e => Assert.Equal(Edge, e.EdgeId));
    }

    [Fact]
    public async Task A_run_quieter_than_the_budget_reports_every_message_of_every_edge()
    {
        var received = 0L;
        NetworkDefinition definition = new NetworkBuilder(64)
            .AddNode("numbers", Numbers(50))
            .AddNode("relay", Relay(_ => { }))
            .AddNode("sink", Component.FromFunc(new ComponentDescription("test/Count", [new("in")], []), _ => Interlocked.Increment(ref received)))
            .Connect("numbers", "out", "relay", "in")
            .Connect("relay", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { TimeProvider = new FakeTimeProvider() });
        ChannelReader<NetworkEvent> events = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageRateLimit = 100 });
        await network.RunAsync().WaitAsync(HangLimit);

        NetworkEvent[] sent = [.. (await ReadAll(events)).Where(e => e.Kind == NetworkEventKind.MessageSent)];
        foreach (string edge in (string[])["numbers.out -> relay.in", "relay.out -> sink.in"])
        {
            Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), sent.Where(e => e.EdgeId == edge).Select(e => e.Sequence));
        }

        Assert.Equal(50, received);
    }

    [Fact]
    public async Task The_budget_is_the_networks_so_a_subscriber_without_a_limit_lifts_it()
    {
        var time = new FakeTimeProvider();
        await using Network network = Network.Create(HostPipeline(), new NetworkOptions { WorkerCount = 1, TimeProvider = time });
        ChannelReader<NetworkEvent> limited = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageRateLimit = 2 });
        ChannelReader<NetworkEvent> whole = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true });
        await network.StartAsync();
        await Pass(network, 1, 5);
        await network.StopAsync().WaitAsync(HangLimit);

        Assert.Equal(5, (await ReadAll(limited)).Count(e => e.Kind == NetworkEventKind.MessageSent));
        Assert.Equal(5, (await ReadAll(whole)).Count(e => e.Kind == NetworkEventKind.MessageSent));
    }

    [Fact]
    public void A_negative_limit_is_refused()
    {
        Network network = Network.Create(HostPipeline());
        Assert.Throws<ArgumentOutOfRangeException>(() => network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageRateLimit = -1 }));
    }

    // Each message out before the next goes in, and the relay's invocation over (its event budget taken) before the
    // test moves the clock: the invocation count rises only after Receive returned.
    private static async Task Pass(Network network, long from, long to)
    {
        for (long i = from; i <= to; i++)
        {
            await network.SendAsync("in", Message.Integer(i));
            Assert.True(await network.Output("out").WaitToReadAsync().AsTask().WaitAsync(HangLimit));
            Assert.True(network.Output("out").TryRead(out Message m));
            Assert.Equal(i, m.AsInteger());
        }

        var deadline = DateTime.UtcNow + HangLimit;
        while (network.GetSnapshot().Nodes.Single(n => n.Id == "relay").Invocations < to)
        {
            Assert.True(DateTime.UtcNow < deadline, "the relay did not finish its invocations");
            await Task.Delay(1);
        }
    }
}
