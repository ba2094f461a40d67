using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Server.Network;
using Reflow.Server.Runtime;
using Reflow.Server.Tests.Protocol;
using static Reflow.Server.Tests.Network.NetworkTestRuntime;

namespace Reflow.Server.Tests.Network;

public sealed class NetworkProtocolTests
{
    [Fact]
    public async Task FbpTestNetworkSequence_StartsSendsDataFinishesAndStops()
    {
        await using var rt = new NetworkTestRuntime();
        rt.AddHelloWorld();

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        JsonObject started = await rt.Client.NextAsync();
        Assert.True(Is(started, "network", "started"), started.ToJsonString());
        Assert.Equal("r1", (string?)started["responseTo"]);
        Assert.True(DateTimeOffset.TryParse((string?)started["payload"]!["time"], out _));
        AssertPayload("""{"graph":"bar","started":true}""", Without(started, "time", "running"));

        // fbp-test's two data events, compared whole.
        JsonObject iip = await rt.Client.NextAsync("network", "data");
        AssertPayload("""{"id":"DATA -> IN Hello()","graph":"bar","tgt":{"node":"Hello","port":"in"},"data":"Hello, world!"}""", iip["payload"]!);
        JsonObject edge = await rt.Client.NextAsync("network", "data");
        AssertPayload("""{"id":"Hello() OUT -> IN World()","graph":"bar","src":{"node":"Hello","port":"out"},"tgt":{"node":"World","port":"in"},"data":"Hello, world!"}""", edge["payload"]!);

        // Every source is done: the network reports it stopped by itself, still "started" until network:stop.
        JsonObject finished = await rt.Client.NextAsync("network", "stopped");
        AssertPayload("""{"graph":"bar","running":false,"started":true}""", Without(finished, "time", "uptime"));
        Assert.True((double)finished["payload"]!["uptime"]! >= 0);
        JsonObject finishedStatus = await rt.Client.NextAsync("network", "status");
        AssertPayload("""{"graph":"bar","running":false,"started":true}""", finishedStatus["payload"]!);

        await rt.SendAsync("network", "getstatus", new JsonObject { ["graph"] = "bar" });
        JsonObject status = await rt.Client.NextAsync("network", "status");
        AssertPayload("""{"graph":"bar","running":false,"started":true}""", status["payload"]!);

        await rt.SendAsync("network", "stop", new JsonObject { ["graph"] = "bar" });
        JsonObject stopped = await rt.Client.NextAsync("network", "stopped");
        Assert.Equal("r1", (string?)stopped["responseTo"]);
        AssertPayload("""{"graph":"bar","running":false,"started":false}""", Without(stopped, "time", "uptime"));

        await rt.SendAsync("network", "getstatus", new JsonObject { ["graph"] = "bar" });
        JsonObject stoppedStatus = await rt.Client.NextAsync("network", "status");
        AssertPayload("""{"graph":"bar","running":false,"started":false}""", stoppedStatus["payload"]!);
    }

    [Fact]
    public async Task GetStatusRightAfterTheLastData_SaysNotRunning_AfterStopped()
    {
        // fbp-test asks getstatus as soon as the last data event arrives and expects running:false; the answer waits
        // for the ending run and comes after that run's "stopped".
        for (int i = 0; i < 10; i++)
        {
            await using var rt = new NetworkTestRuntime();
            rt.AddHelloWorld();
            await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
            await rt.Client.NextAsync("network", "data");
            await rt.Client.NextAsync("network", "data");
            await rt.SendAsync("network", "getstatus", new JsonObject { ["graph"] = "bar" });
            bool stoppedSeen = false;
            while (true)
            {
                JsonObject m = await rt.Client.NextAsync();
                stoppedSeen |= Is(m, "network", "stopped");
                if (Is(m, "network", "status") && (string?)m["responseTo"] == "r1")
                {
                    AssertPayload("""{"graph":"bar","running":false,"started":true}""", m["payload"]!);
                    Assert.True(stoppedSeen, "the status came before the run's stopped");
                    break;
                }
            }
        }
    }

    [Fact]
    public async Task Edges_OnlySelectedEdgesSendData()
    {
        await using var rt = new NetworkTestRuntime();
        var graph = new Graph("chain");
        graph.AddNode("A", "core/Repeat");
        graph.AddNode("B", "core/Repeat");
        graph.AddNode("C", "core/Drop");
        graph.Connect("A", "out", "B", "in");
        graph.Connect("B", "out", "C", "in");
        graph.AddInitial("A", "in", JsonValueOf("7"));
        rt.State.Graphs["chain"] = graph;

        await rt.SendAsync("network", "edges", new JsonObject
        {
            ["graph"] = "chain",
            ["edges"] = new JsonArray(new JsonObject { ["src"] = new JsonObject { ["node"] = "B", ["port"] = "OUT" }, ["tgt"] = new JsonObject { ["node"] = "C", ["port"] = "in" } }),
        });
        JsonObject echo = await rt.Client.NextAsync("network", "edges");
        AssertPayload("""{"graph":"chain","edges":[{"src":{"node":"B","port":"OUT"},"tgt":{"node":"C","port":"in"}}]}""", echo["payload"]!);

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "chain" });
        List<JsonObject> run = await rt.UntilStoppedAsync();
        JsonObject[] data = [.. run.Where(m => Is(m, "network", "data"))];
        JsonObject only = Assert.Single(data);
        Assert.Equal("B() OUT -> IN C()", (string?)only["payload"]!["id"]);
        Assert.Equal(7, (int)only["payload"]!["data"]!);

        // The watched edge opens with its first message and closes when the run ends: connect, data, disconnect.
        Assert.Equal(
            ["connect", "data", "disconnect"],
            run.Where(m => (string?)m["protocol"] == "network" && (string?)m["payload"]!["id"] == "B() OUT -> IN C()").Select(m => (string?)m["command"]));
        AssertPayload("""{"id":"B() OUT -> IN C()","src":{"node":"B","port":"out"},"tgt":{"node":"C","port":"in"},"graph":"chain"}""",
            run.First(m => Is(m, "network", "disconnect"))["payload"]!);
        Assert.DoesNotContain(run, m => (string?)m["payload"]!["id"] == "A() OUT -> IN B()");

        // network:debug watches every edge whatever the selection (and the IIP's delivery).
        await rt.SendAsync("network", "debug", new JsonObject { ["graph"] = "chain", ["enable"] = true });
        JsonObject debugStatus = await rt.NextReplyAsync("network", "status");
        Assert.True((bool)debugStatus["payload"]!["debug"]!);
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "chain" });
        run = await rt.UntilStoppedAsync();
        Assert.Equal(
            ["A() OUT -> IN B()", "B() OUT -> IN C()", "DATA -> IN A()"],
            run.Where(m => Is(m, "network", "data")).Select(m => (string?)m["payload"]!["id"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StartRightAfterTheLastData_StartsAgainAfterTheRunsStopped()
    {
        await using var rt = new NetworkTestRuntime();
        rt.AddHelloWorld();
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        await rt.Client.NextAsync("network", "data");
        await rt.Client.NextAsync("network", "data");
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        List<JsonObject> seen = await rt.UntilStoppedAsync();
        Assert.DoesNotContain(seen, m => Is(m, "network", "error") || Is(m, "network", "started"));
        Assert.True(Is(await rt.Client.NextAsync(), "network", "status"));
        Assert.True(Is(await rt.Client.NextAsync(), "network", "started"));
        Assert.Equal(2, (await rt.UntilStoppedAsync()).Count(m => Is(m, "network", "data")));
    }

    [Fact]
    public async Task EmptySelection_SendsNoData()
    {
        await using var rt = new NetworkTestRuntime();
        rt.AddHelloWorld();
        await rt.SendAsync("network", "edges", new JsonObject { ["graph"] = "bar", ["edges"] = new JsonArray() });
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        List<JsonObject> run = await rt.UntilStoppedAsync();
        Assert.DoesNotContain(run, m => Is(m, "network", "data"));
        Assert.Contains(run, m => Is(m, "network", "started"));
    }

    [Fact]
    public async Task FailingActor_SendsProcessError()
    {
        await using var rt = new NetworkTestRuntime();
        var graph = new Graph("failing");
        graph.AddNode("Bad", NetworkTestRuntime.FailingComponent);
        graph.AddInitial("Bad", "in", JsonValueOf("1"));
        rt.State.Graphs["failing"] = graph;

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "failing" });
        List<JsonObject> run = await rt.UntilStoppedAsync();
        JsonObject error = run.First(m => Is(m, "network", "processerror"));
        Assert.Equal("Bad", (string?)error["payload"]!["id"]);
        Assert.Equal("failing", (string?)error["payload"]!["graph"]);
        Assert.Contains("cannot take", (string?)error["payload"]!["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeLogLines_AreOutputMessages()
    {
        await using var rt = new NetworkTestRuntime();
        var graph = new Graph("talk");
        graph.AddNode("S", NetworkTestRuntime.LoggingComponent);
        graph.AddInitial("S", "in", JsonValueOf("\"hi\""));
        rt.State.Graphs["talk"] = graph;

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "talk" });
        List<JsonObject> run = await rt.UntilStoppedAsync();
        JsonObject output = run.First(m => Is(m, "network", "output"));
        AssertPayload("""{"message":"said hi","type":"message"}""", output["payload"]!);
    }

    [Fact]
    public async Task GraphWithProblems_IsRefusedNamingThemAndNothingStarts()
    {
        await using var rt = new NetworkTestRuntime();
        var graph = new Graph("broken");
        graph.AddNode("X", "nope/Missing");
        rt.State.Graphs["broken"] = graph;

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "broken" });
        JsonObject error = await rt.Client.NextAsync();
        Assert.True(Is(error, "network", "error"), error.ToJsonString());
        string message = (string)error["payload"]!["message"]!;
        Assert.Contains("broken", message, StringComparison.Ordinal);
        Assert.Contains("nope/Missing", message, StringComparison.Ordinal);

        await rt.SendAsync("network", "getstatus", new JsonObject { ["graph"] = "broken" });
        AssertPayload("""{"graph":"broken","running":false,"started":false}""", (await rt.Client.NextAsync("network", "status"))["payload"]!);
    }

    [Fact]
    public async Task Refusals_NameWhatIsWrong()
    {
        await using var rt = new NetworkTestRuntime();
        rt.AddHelloWorld();

        await rt.SendAsync("network", "stop", new JsonObject { ["graph"] = "bar" });
        Assert.Contains("never started", (string?)(await rt.Client.NextAsync("network", "error"))["payload"]!["message"], StringComparison.Ordinal);

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "nope" });
        Assert.Contains("bar", (string?)(await rt.Client.NextAsync("network", "error"))["payload"]!["message"], StringComparison.Ordinal);

        await rt.SendAsync("network", "getstatus", new JsonObject());
        Assert.Contains("\"graph\"", (string?)(await rt.Client.NextAsync("network", "error"))["payload"]!["message"], StringComparison.Ordinal);

        await rt.SendAsync("network", "edges", new JsonObject { ["graph"] = "bar", ["edges"] = new JsonArray(new JsonObject { ["src"] = "Hello" }) });
        Assert.Contains("src", (string?)(await rt.Client.NextAsync("network", "error"))["payload"]!["message"], StringComparison.Ordinal);

        await rt.SendAsync("network", "persist", new JsonObject());
        Assert.Contains("start, stop, getstatus", (string?)(await rt.Client.NextAsync("network", "error"))["payload"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStalledClient_DoesNotHoldNetworkStopForever()
    {
        await using var rt = new NetworkTestRuntime();
        var stalled = new StalledClient();
        rt.State.AddClient(stalled);
        try
        {
            rt.AddHelloWorld();
            await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
            await rt.Client.NextAsync("network", "started");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await rt.SendAsync("network", "stop", new JsonObject { ["graph"] = "bar" }).WaitAsync(TimeSpan.FromSeconds(15));
            JsonObject stopped = await rt.NextReplyAsync("network", "stopped");
            AssertPayload("""{"graph":"bar","running":false,"started":false}""", Without(stopped, "time", "uptime"));
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(9));
        }
        finally
        {
            stalled.Release();
        }
    }

    [Fact]
    public async Task EveryClientHearsTheEvents()
    {
        await using var rt = new NetworkTestRuntime();
        var other = new RecordingClient("two");
        rt.State.AddClient(other);
        rt.AddHelloWorld();
        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        JsonObject started = await other.NextAsync();
        Assert.True(Is(started, "network", "started"));
        Assert.Null(started["responseTo"]); // only the requester's copy answers its request
        List<JsonObject> run = await rt.UntilStoppedAsync(other);
        Assert.Equal(2, run.Count(m => Is(m, "network", "data")));
    }

    [Fact]
    public async Task A_nodes_env_vars_are_read_only_through_the_networks_grant()
    {
        await using var rt = new NetworkTestRuntime();
        Graph graph = rt.AddHelloWorld();
        graph.UpdateNodeMetadata("World", GraphMetadata.Parse("""{"env_vars": {"PATH": "required"}}"""));

        await rt.SendAsync("network", "start", new JsonObject { ["graph"] = "bar" });
        JsonObject error = await rt.Client.NextAsync("network", "error");
        Assert.Contains("--allow-env=PATH", (string?)error["payload"]!["message"], StringComparison.Ordinal);
        Assert.False(rt.State.Networks["bar"].IsRunning);
    }
}
