using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Server.Runtime;
using static Reflow.Server.Tests.Network.NetworkTestRuntime;

namespace Reflow.Server.Tests.Network;

/// <summary>
/// The server's data-event budget per edge per second: a busy edge sends a sample spread over each second, each data
/// event carrying what really passed and how many packets went unseen before it (<c>skipped</c>); a quiet one every packet.
/// The network's clock is a fake one that the source moves on half-way, so the seconds are the test's.
/// </summary>
public sealed class DataEventBudgetTests
{
    private const string Edge = "numbers() OUT -> IN World()";

    [Fact]
    public async Task A_busy_edge_sends_its_budget_per_second_each_event_saying_how_many_packets_it_skipped()
    {
        var time = new FakeTimeProvider();
        await using var rt = new NetworkTestRuntime(new RuntimeSettings
        {
            DataEventsPerEdgePerSecond = 10,
            NetworkOptions = new NetworkOptions { TimeProvider = time },
        });
        rt.State.Components.Add(Component.FromFactory(
            new ComponentDescription("test/Numbers", outPorts: [new PortDefinition("out")]), () => new Numbers(1_000, time)));
        var graph = new Graph("busy");
        graph.AddNode("numbers", "test/Numbers");
        graph.AddNode("World", "core/Drop");
        graph.Connect("numbers", "out", "World", "in");
        rt.State.Graphs["busy"] = graph;

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "busy" });
        JsonObject[] data = [.. (await rt.UntilStoppedAsync()).Where(m => Is(m, "network", "data")).Select(m => m["payload"]!.AsObject())];

        // Second 0: the first 10 packets, nothing skipped. Second 1 (after 500 packets in second 0): 1 in 50 of the
        // next 500, each saying how many passed unseen since the previous event.
        long[] expected = [.. Enumerable.Range(1, 10).Select(i => (long)i), .. Enumerable.Range(1, 10).Select(i => 500L + (50 * i))];
        Assert.All(data, d => Assert.Equal(Edge, (string?)d["id"]));
        Assert.Equal(expected, data.Select(d => (long)d["data"]!));
        Assert.All(data.Take(10), d => Assert.Null(d["skipped"]));
        Assert.Equal([539L, .. Enumerable.Repeat(49L, 9)], data.Skip(10).Select(d => (long)d["skipped"]!));
        Assert.Equal(1_000, data.Length + data.Sum(d => (long?)d["skipped"] ?? 0)); // every packet shown or counted
    }

    [Fact]
    public async Task An_edge_quieter_than_the_budget_sends_every_packet_without_a_skipped_count()
    {
        await using var rt = new NetworkTestRuntime(new RuntimeSettings { DataEventsPerEdgePerSecond = 10 });
        rt.AddHelloWorld();
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        JsonObject[] data = [.. (await rt.UntilStoppedAsync()).Where(m => Is(m, "network", "data")).Select(m => m["payload"]!.AsObject())];

        Assert.Equal(2, data.Length); // the IIP's, then Hello -> World's
        Assert.All(data, d => Assert.Null(d["skipped"]));
    }

    // 1..count, 100 per call; the clock moves one second on once half are out.
    private sealed class Numbers(long count, FakeTimeProvider time) : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 100 && _next < count; i++)
            {
                context.Emit(new OutPort(0), Message.Integer(++_next));
                if (_next == count / 2)
                {
                    time.Advance(TimeSpan.FromSeconds(1));
                }
            }

            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }
}
