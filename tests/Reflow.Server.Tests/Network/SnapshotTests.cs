using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Server.Network;
using Reflow.Server.Tests.Protocol;
using static Reflow.Server.Tests.Network.NetworkTestRuntime;

namespace Reflow.Server.Tests.Network;

public sealed class SnapshotTests
{
    [Fact]
    public async Task Snapshot_OfARunningNetwork_CountsEachGraphEdgeAndNode_AndOnlyGrows()
    {
        await using var rt = new NetworkTestRuntime();
        var graph = new Graph("ticks");
        graph.AddNode("Tick", "time/Interval", GraphMetadata.Parse("""{"intervalMs": 5}"""));
        graph.AddNode("Pass", "core/Repeat");
        graph.AddNode("Sink", "core/Drop");
        graph.Connect("Tick", "tick", "Pass", "in");
        graph.Connect("Pass", "out", "Sink", "in", GraphMetadata.Parse("""{"capacity": 7}"""));
        rt.State.Graphs["ticks"] = graph;

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "ticks" });
        await rt.Client.NextAsync("network", "started");

        JsonObject first = await SnapshotWhenAsync(rt, "ticks", s => Messages(s, "Pass() OUT -> IN Sink()") >= 2);
        Assert.True((bool)first["running"]!);
        Assert.True((bool)first["started"]!);
        Assert.True((double)first["elapsed"]! > 0);
        Assert.Equal(0, (long)first["deadLetters"]!);
        Assert.Equal(0, (long)first["eventsDiscarded"]!);

        JsonArray edges = first["edges"]!.AsArray();
        Assert.Equal(["Tick() TICK -> IN Pass()", "Pass() OUT -> IN Sink()"], edges.Select(e => (string)e!["id"]!).Order(StringComparer.Ordinal).Reverse());
        JsonObject passToSink = Edge(first, "Pass() OUT -> IN Sink()");
        AssertPayload("""{"node":"Pass","port":"out"}""", passToSink["src"]!);
        AssertPayload("""{"node":"Sink","port":"in"}""", passToSink["tgt"]!);
        Assert.Equal(7, (int)passToSink["capacity"]!);
        Assert.InRange((int)passToSink["queued"]!, 0, 7);

        JsonArray nodes = first["nodes"]!.AsArray();
        Assert.Equal(["Pass", "Sink", "Tick"], nodes.Select(n => (string)n!["id"]!).Order(StringComparer.Ordinal));
        JsonObject sink = nodes.Single(n => (string)n!["id"]! == "Sink")!.AsObject();
        Assert.Contains((string)sink["state"]!, new[] { "running", "processing" });
        Assert.True((long)sink["invocations"]! >= 2);
        Assert.Equal(0, (long)sink["errors"]!);
        Assert.Equal(0, (long)sink["failures"]!);

        // The interval keeps ticking: a later snapshot counts more on the same edge, never less.
        JsonObject later = await SnapshotWhenAsync(rt, "ticks", s => Messages(s, "Pass() OUT -> IN Sink()") > Messages(first, "Pass() OUT -> IN Sink()"));
        Assert.True((double)later["elapsed"]! >= (double)first["elapsed"]!);
        Assert.True(Messages(later, "Tick() TICK -> IN Pass()") >= Messages(first, "Tick() TICK -> IN Pass()"));

        await rt.SendAsync("network", "stop", new JsonObject { ["graph"] = "ticks" });
        await rt.Client.NextAsync("network", "stopped");
        JsonObject stopped = await SnapshotAsync(rt, "ticks");
        Assert.False((bool)stopped["running"]!);
        // The stopped run's final counts stay readable.
        Assert.True(Messages(stopped, "Pass() OUT -> IN Sink()") >= Messages(later, "Pass() OUT -> IN Sink()"));
    }

    [Fact]
    public async Task Snapshot_OfANetworkNeverStarted_IsNotRunningWithEmptyLists()
    {
        await using var rt = new NetworkTestRuntime();
        rt.AddHelloWorld();

        JsonObject snapshot = await SnapshotAsync(rt, "bar");

        AssertPayload("""{"graph":"bar","running":false,"started":false,"elapsed":0,"deadLetters":0,"eventsDiscarded":0,"edges":[],"nodes":[]}""", snapshot);
    }

    [Fact]
    public async Task Snapshot_OfAnUnknownGraph_IsAnError()
    {
        await using var rt = new NetworkTestRuntime();
        rt.AddHelloWorld();

        await rt.SendAsync("network", "snapshot", new JsonObject { ["graph"] = "nope" });

        JsonObject error = await rt.Client.NextAsync();
        Assert.True(Is(error, "network", "error"), error.ToJsonString());
        Assert.Contains("There is no graph \"nope\"", (string)error["payload"]!["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.out -> b.in", "a() OUT -> IN b()")]
    [InlineData("split.out[2] -> my.node.in #2", "split() OUT[2] -> IN my.node()")]
    [InlineData("(host).values -> add.in", null)]
    [InlineData("add.out -> (host).sum", null)]
    [InlineData("not an edge id", null)]
    public void A_core_edge_id_the_definition_does_not_know_is_named_as_the_protocol_names_edges(string coreId, string? protocolId)
    {
        Assert.Equal(protocolId, LiveNetwork.FromCoreId(coreId)?.Id);
    }

    private static async Task<JsonObject> SnapshotAsync(NetworkTestRuntime rt, string graph)
    {
        await rt.SendAsync("network", "snapshot", new JsonObject { ["graph"] = graph });
        JsonObject reply = await rt.NextReplyAsync("network", "snapshot");
        return reply["payload"]!.AsObject();
    }

    // Polls (at most 200 times, 20 ms apart) until the condition holds.
    private static async Task<JsonObject> SnapshotWhenAsync(NetworkTestRuntime rt, string graph, Func<JsonObject, bool> condition)
    {
        JsonObject snapshot = await SnapshotAsync(rt, graph);
        for (int i = 0; i < 200 && !condition(snapshot); i++)
        {
            await Task.Delay(20);
            snapshot = await SnapshotAsync(rt, graph);
        }

        Assert.True(condition(snapshot), $"no snapshot met the condition in time; the last: {snapshot.ToJsonString()}");
        return snapshot;
    }

    private static JsonObject Edge(JsonObject snapshot, string id) =>
        snapshot["edges"]!.AsArray().Single(e => (string)e!["id"]! == id)!.AsObject();

    private static long Messages(JsonObject snapshot, string id) => (long)Edge(snapshot, id)["messages"]!;
}
