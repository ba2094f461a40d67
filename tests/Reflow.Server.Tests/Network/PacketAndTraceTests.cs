using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Server.Network;
using Reflow.Server.Protocol;
using static Reflow.Server.Tests.Network.NetworkTestRuntime;

namespace Reflow.Server.Tests.Network;

public sealed class PacketAndTraceTests
{
    // input -> R1 (core/Repeat) -> R2 (core/Repeat) -> output
    private static void AddPassThrough(NetworkTestRuntime rt)
    {
        var graph = new Graph("io");
        graph.AddNode("R1", "core/Repeat");
        graph.AddNode("R2", "core/Repeat");
        graph.Connect("R1", "out", "R2", "in");
        graph.ExportInPort("input", "R1", "in");
        graph.ExportOutPort("output", "R2", "out");
        rt.State.Graphs["io"] = graph;
    }

    [Fact]
    public async Task PacketsGoInThroughExportedInPortsAndComeOutAsRuntimePackets_WithBrackets()
    {
        await using var rt = new NetworkTestRuntime();
        AddPassThrough(rt);
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "io" });
        await rt.Client.NextAsync("network", "started");
        var network = (LiveNetwork)rt.State.Networks["io"];

        // Fed from outside, it keeps running until stopped.
        await rt.SendAsync("network", "getstatus", new JsonObject { ["graph"] = "io" });
        JsonObject status = await rt.NextReplyAsync("network", "status");
        Assert.True((bool)status["payload"]!["running"]!);
        Assert.True((double)status["payload"]!["uptime"]! >= 0);

        await network.SendPacketAsync("input", "connect", null, CancellationToken.None);
        await network.SendPacketAsync("input", "begingroup", JsonValue.Create("g"), CancellationToken.None);
        await network.SendPacketAsync("input", "data", new JsonObject { ["n"] = 42 }, CancellationToken.None);
        await network.SendPacketAsync("input", "endgroup", JsonValue.Create("g"), CancellationToken.None);
        await network.SendPacketAsync("input", "disconnect", null, CancellationToken.None);

        var edgeEvents = new List<JsonObject>();
        var packets = new List<JsonObject>();
        while (packets.Count < 3 || edgeEvents.Count < 3)
        {
            JsonObject m = await rt.Client.NextAsync();
            if ((string?)m["protocol"] == "runtime")
            {
                packets.Add(m);
            }
            else if (Is(m, "network", "begingroup") || Is(m, "network", "data") || Is(m, "network", "endgroup"))
            {
                edgeEvents.Add(m);
            }
        }

        Assert.All(packets, p => Assert.Equal("packet", (string?)p["command"]));
        AssertPayload("""{"port":"output","event":"begingroup","payload":"g","graph":"io"}""", packets[0]["payload"]!);
        AssertPayload("""{"port":"output","event":"data","payload":{"n":42},"graph":"io"}""", packets[1]["payload"]!);
        AssertPayload("""{"port":"output","event":"endgroup","payload":"g","graph":"io"}""", packets[2]["payload"]!);

        // The same stream on the inner edge, as begingroup / data / endgroup events (sent by the event pump, so in
        // no fixed order with the out-port's packets, but in order among themselves).
        Assert.Equal(["begingroup", "data", "endgroup"], edgeEvents.Select(m => (string?)m["command"]));
        AssertPayload("""{"id":"R1() OUT -> IN R2()","src":{"node":"R1","port":"out"},"tgt":{"node":"R2","port":"in"},"graph":"io","group":"g"}""", edgeEvents[0]["payload"]!);
        AssertPayload("""{"id":"R1() OUT -> IN R2()","src":{"node":"R1","port":"out"},"tgt":{"node":"R2","port":"in"},"graph":"io","data":{"n":42}}""", edgeEvents[1]["payload"]!);

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "io" });
        Assert.Contains("already running", (string?)(await rt.Client.NextAsync("network", "error"))["payload"]!["message"], StringComparison.Ordinal);

        await rt.SendAsync("network", "stop", new JsonObject { ["graph"] = "io" });
        JsonObject stopped = await rt.NextReplyAsync("network", "stopped");
        AssertPayload("""{"graph":"io","running":false,"started":false}""", Without(stopped, "time", "uptime"));
        Assert.False(network.IsRunning);
    }

    [Fact]
    public async Task Packets_AreRefusedWithReasons()
    {
        await using var rt = new NetworkTestRuntime();
        AddPassThrough(rt);
        LiveNetwork network = LiveNetwork.For(rt.State, "io");
        FbpProtocolException notRunning = await Assert.ThrowsAsync<FbpProtocolException>(() => network.SendPacketAsync("input", "data", 1, CancellationToken.None).AsTask());
        Assert.Contains("not running", notRunning.Message, StringComparison.Ordinal);

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "io" });
        await rt.Client.NextAsync("network", "started");
        FbpProtocolException noPort = await Assert.ThrowsAsync<FbpProtocolException>(() => network.SendPacketAsync("nope", "data", 1, CancellationToken.None).AsTask());
        Assert.Contains("input", noPort.Message, StringComparison.Ordinal);
        FbpProtocolException badEvent = await Assert.ThrowsAsync<FbpProtocolException>(() => network.SendPacketAsync("input", "shout", 1, CancellationToken.None).AsTask());
        Assert.Contains("data, begingroup, endgroup", badEvent.Message, StringComparison.Ordinal);
        await rt.SendAsync("network", "stop", new JsonObject { ["graph"] = "io" });
        await rt.NextReplyAsync("network", "stopped");
    }

    [Fact]
    public async Task Trace_RecordsTheRunAndDumpsAFlowtrace()
    {
        await using var rt = new NetworkTestRuntime();
        rt.AddHelloWorld();

        await rt.SendAsync("trace", "dump", new JsonObject { ["graph"] = "bar", ["type"] = "flowtrace.json" });
        Assert.Contains("trace:start", (string?)(await rt.Client.NextAsync("trace", "error"))["payload"]!["message"], StringComparison.Ordinal);

        await rt.SendAsync("trace", "start", new JsonObject { ["graph"] = "bar", ["buffersize"] = 100_000 });
        AssertPayload("""{"graph":"bar","buffersize":100000}""", (await rt.Client.NextAsync("trace", "start"))["payload"]!);
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        await rt.UntilStoppedAsync();
        await rt.SendAsync("trace", "stop", new JsonObject { ["graph"] = "bar" });
        AssertPayload("""{"graph":"bar"}""", (await rt.Client.NextAsync("trace", "stop"))["payload"]!);

        await rt.SendAsync("trace", "dump", new JsonObject { ["graph"] = "bar", ["type"] = "flowtrace.json" });
        JsonObject dump = (await rt.Client.NextAsync("trace", "dump"))["payload"]!.AsObject();
        Assert.Equal("bar", (string?)dump["graph"]);
        Assert.Equal("flowtrace.json", (string?)dump["type"]);
        JsonObject flowtrace = JsonNode.Parse((string)dump["flowtrace"]!)!.AsObject();
        JsonObject header = flowtrace["header"]!.AsObject();
        Assert.Equal("runtime-under-test", (string?)header["metadata"]!["runtime"]);
        Assert.Equal("bar", (string?)header["main"]);
        Assert.Equal("core/Repeat", (string?)header["graphs"]!["bar"]!["processes"]!["Hello"]!["component"]);
        JsonArray events = flowtrace["events"]!.AsArray();
        Assert.All(events, e => Assert.True(DateTimeOffset.TryParse((string?)e!["time"], out _)));
        Assert.Equal(
            ["started", "connect", "data", "disconnect", "connect", "data", "disconnect", "stopped", "status"],
            events.Where(e => (string?)e!["protocol"] == "network").Select(e => (string?)e!["command"]));
        Assert.Equal("Hello() OUT -> IN World()", (string?)events[5]!["payload"]!["id"]);
        Assert.Equal("Hello, world!", (string?)events[5]!["payload"]!["data"]);

        // Stopped: a second run is not recorded.
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        await rt.UntilStoppedAsync();
        await rt.SendAsync("trace", "dump", new JsonObject { ["graph"] = "bar", ["type"] = "flowtrace.json" });
        JsonObject again = JsonNode.Parse((string)(await rt.Client.NextAsync("trace", "dump"))["payload"]!["flowtrace"]!)!.AsObject();
        Assert.Equal(events.Count, again["events"]!.AsArray().Count);

        await rt.SendAsync("trace", "clear", new JsonObject { ["graph"] = "bar" });
        await rt.Client.NextAsync("trace", "clear");
        await rt.SendAsync("trace", "dump", new JsonObject { ["graph"] = "bar" });
        JsonObject cleared = JsonNode.Parse((string)(await rt.Client.NextAsync("trace", "dump"))["payload"]!["flowtrace"]!)!.AsObject();
        Assert.Empty(cleared["events"]!.AsArray());

        await rt.SendAsync("trace", "dump", new JsonObject { ["graph"] = "bar", ["type"] = "chrome.json" });
        Assert.Contains("flowtrace.json", (string?)(await rt.Client.NextAsync("trace", "error"))["payload"]!["message"], StringComparison.Ordinal);
        await rt.SendAsync("trace", "start", new JsonObject { ["graph"] = "bar", ["buffersize"] = -1 });
        Assert.Contains("positive", (string?)(await rt.Client.NextAsync("trace", "error"))["payload"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public void TraceBuffer_DropsTheOldestPastItsSize()
    {
        var trace = new FlowTrace(400);
        for (int i = 0; i < 20; i++)
        {
            trace.Record("network", "data", new JsonObject { ["n"] = i }, DateTimeOffset.UnixEpoch);
        }

        JsonArray events = JsonNode.Parse(trace.Dump("g", null, "rt", "label"))!["events"]!.AsArray();
        Assert.InRange(events.Count, 1, 19);
        Assert.Equal(19, (int)events[^1]!["payload"]!["n"]!);
        Assert.Equal(20 - events.Count, trace.Dropped);
    }
}
