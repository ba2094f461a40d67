using System.Text.Json.Nodes;
using static Reflow.Server.Tests.Network.NetworkTestRuntime;

namespace Reflow.Server.Tests.Network;

/// <summary>Graph edits a client makes while the graph's network runs: the running network takes them (issue 21).</summary>
public sealed class LiveEditTests
{
    private const string TickEdge = "Tick() TICK -> IN Pass()";
    private const string NewEdge = "Pass() OUT -> IN Count()";
    private const string SinkEdge = "Pass() OUT -> IN Sink()";

    [Fact]
    public async Task An_edge_added_to_a_running_network_carries_data_and_the_untouched_source_goes_on_counting()
    {
        await using var rt = new NetworkTestRuntime();
        await StartTickerAsync(rt);
        long before = await NextValueOnAsync(rt, TickEdge);

        await EditAsync(rt, "addnode", """{"id":"Count","component":"state/Counter","graph":"live"}""");
        await EditAsync(rt, "addedge", """{"src":{"node":"Pass","port":"out"},"tgt":{"node":"Count","port":"in"},"graph":"live"}""");

        // The new edge carries the ticks, and the interval was not restarted: its count goes on from where it was.
        long first = await NextValueOnAsync(rt, NewEdge);
        Assert.True(first > before, $"the tick after the edit ({first}) should follow the one before it ({before}): the source was restarted");
        long second = await NextValueOnAsync(rt, NewEdge);
        Assert.True(second > first);

        // Removing it again: the running network stops sending on it and goes on. Pass sends each tick to Sink and,
        // while the edge is there, to Count (one emission, so both events come together): after the removal the
        // ticks Sink gets go past the last one Count got.
        await EditAsync(rt, "removeedge", """{"src":{"node":"Pass","port":"out"},"tgt":{"node":"Count","port":"in"},"graph":"live"}""");
        List<JsonObject> later = await CollectDataAsync(rt, SinkEdge, count: 8);
        long lastCounted = later.Where(m => (string?)m["payload"]!["id"] == NewEdge).Select(m => (long)m["payload"]!["data"]!).DefaultIfEmpty(second).Max();
        long[] sunk = [.. later.Where(m => (string?)m["payload"]!["id"] == SinkEdge).Select(m => (long)m["payload"]!["data"]!)];
        Assert.True(sunk[^3..].All(v => v > lastCounted), $"Sink got [{string.Join(", ", sunk)}], Count up to {lastCounted}: the removed edge still carries ticks");

        await rt.SendAsync("network", "stop", new JsonObject { ["graph"] = "live" });
        await NextAsync(rt, "network", "stopped");
    }

    [Fact]
    public async Task An_edit_the_running_network_cannot_take_yet_stays_in_the_graph_and_is_applied_when_it_can()
    {
        await using var rt = new NetworkTestRuntime();
        await StartTickerAsync(rt);
        await NextValueOnAsync(rt, TickEdge);

        // An interval whose period is not a number does not load: the graph has it, the running network does not.
        await EditAsync(rt, "addnode", """{"id":"Other","component":"time/Interval","metadata":{"intervalMs":"soon"},"graph":"live"}""");
        JsonObject error = await NextAsync(rt, "network", "error");
        Assert.Contains("keeps its shape", (string?)error["payload"]!["message"]);
        Assert.Contains("Other", (string?)error["payload"]!["message"]);
        Assert.Contains(rt.State.Graphs["live"].Nodes, n => n.Id == "Other");

        // Completing it applies everything pending: the new source's ticks reach Pass beside the first one's.
        await EditAsync(rt, "changenode", """{"id":"Other","metadata":{"intervalMs":5},"graph":"live"}""");
        await EditAsync(rt, "addedge", """{"src":{"node":"Other","port":"tick"},"tgt":{"node":"Pass","port":"in"},"graph":"live"}""");
        await NextValueOnAsync(rt, "Other() TICK -> IN Pass()");

        await rt.SendAsync("network", "stop", new JsonObject { ["graph"] = "live" });
        await NextAsync(rt, "network", "stopped");
    }

    // Tick (time/Interval every 5 ms) -> Pass (core/Repeat) -> Sink (core/Drop), every edge watched (debug), running.
    private static async Task StartTickerAsync(NetworkTestRuntime rt)
    {
        await rt.SendAsync("graph", "clear", new JsonObject { ["id"] = "live", ["main"] = true });
        await EditAsync(rt, "addnode", """{"id":"Tick","component":"time/Interval","metadata":{"intervalMs":5},"graph":"live"}""");
        await EditAsync(rt, "addnode", """{"id":"Pass","component":"core/Repeat","graph":"live"}""");
        await EditAsync(rt, "addnode", """{"id":"Sink","component":"core/Drop","graph":"live"}""");
        await EditAsync(rt, "addedge", """{"src":{"node":"Tick","port":"tick"},"tgt":{"node":"Pass","port":"in"},"graph":"live"}""");
        await EditAsync(rt, "addedge", """{"src":{"node":"Pass","port":"out"},"tgt":{"node":"Sink","port":"in"},"graph":"live"}""");
        await rt.SendAsync("network", "debug", new JsonObject { ["graph"] = "live", ["enable"] = true });
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "live" });
        await NextAsync(rt, "network", "started");
    }

    private static Task EditAsync(NetworkTestRuntime rt, string command, string payload) =>
        rt.SendAsync("graph", command, JsonNode.Parse(payload)!.AsObject());

    private static async Task<long> NextValueOnAsync(NetworkTestRuntime rt, string edge)
    {
        for (int seen = 0; seen < 2_000; seen++)
        {
            JsonObject data = await NextAsync(rt, "network", "data");
            if ((string?)data["payload"]!["id"] == edge)
            {
                return (long)data["payload"]!["data"]!;
            }
        }

        throw new Xunit.Sdk.XunitException($"No data on \"{edge}\" in 2 000 data events.");
    }

    // The next protocol:command message within the next 5 000 messages (the ticker's data events never stop).
    private static async Task<JsonObject> NextAsync(NetworkTestRuntime rt, string protocol, string command)
    {
        for (int seen = 0; seen < 5_000; seen++)
        {
            JsonObject message = await rt.Client.NextAsync();
            if (Is(message, protocol, command))
            {
                return message;
            }
        }

        throw new Xunit.Sdk.XunitException($"No {protocol}:{command} in 5 000 messages.");
    }

    private static async Task<List<JsonObject>> CollectDataAsync(NetworkTestRuntime rt, string untilEdge, int count)
    {
        var seen = new List<JsonObject>();
        int found = 0;
        while (found < count && seen.Count < 2_000)
        {
            JsonObject data = await NextAsync(rt, "network", "data");
            seen.Add(data);
            found += (string?)data["payload"]!["id"] == untilEdge ? 1 : 0;
        }

        return seen;
    }
}
