using System.Text.Json.Nodes;
using Reflow.Server.Runtime;

namespace Reflow.Server.Tests.Runtime;

public sealed class RuntimeProtocolTests
{
    private const string Capabilities =
        "\"protocol:runtime\",\"protocol:graph\",\"protocol:component\",\"protocol:network\",\"protocol:trace\",\"network:status\",\"network:data\",\"network:control\",\"component:getsource\"";

    [Fact]
    public async Task Getruntime_without_a_graph_says_what_the_runtime_is_and_can_do()
    {
        var h = new ProtocolHarness(new RuntimeSettings { RuntimeId = "f18a4924-9d4f-414d-a37c-cd24b39bba10", Label = "test runtime" });
        await h.SendAsync("runtime", "getruntime");
        await h.ExpectAsync("runtime", "runtime",
            $$"""{"type":"reflow","version":"0.9","capabilities":[{{Capabilities}}],"allCapabilities":[{{Capabilities}}],"id":"f18a4924-9d4f-414d-a37c-cd24b39bba10","label":"test runtime"}""");
        ProtocolHarness.ExpectNothing(h.Client);
    }

    [Fact]
    public async Task Getruntime_names_the_main_graph_and_follows_up_with_its_ports()
    {
        var h = new ProtocolHarness(new RuntimeSettings { RuntimeId = "r", AllowComponentSource = true });
        await h.SendAsync("graph", "clear", """{"id":"main","main":true}""");
        await h.SendAsync("graph", "addnode", """{"id":"R","component":"core/Repeat","graph":"main"}""");
        await h.SendAsync("graph", "addinport", """{"public":"IN","node":"R","port":"in","graph":"main"}""");
        await h.SendAsync("graph", "addoutport", """{"public":"OUT","node":"R","port":"out","graph":"main"}""");
        h.Client.Drain();

        await h.SendAsync("runtime", "getruntime", requestId: "q");
        JsonObject runtime = await h.Client.NextAsync();
        Assert.Equal("runtime", (string?)runtime["command"]);
        Assert.Equal("q", (string?)runtime["responseTo"]);
        Assert.Equal("main", (string?)runtime["payload"]!["graph"]);
        Assert.Contains("component:setsource", runtime["payload"]!["capabilities"]!.AsArray().Select(c => (string?)c));
        Assert.DoesNotContain("graph:readonly", runtime["payload"]!["capabilities"]!.AsArray().Select(c => (string?)c));
        await h.ExpectAsync("runtime", "ports",
            """{"graph":"main","inPorts":[{"id":"IN","type":"any","required":false,"addressable":false,"description":"Any message."}],"outPorts":[{"id":"OUT","type":"any","required":false,"addressable":false,"description":"The same message."}]}""");
        ProtocolHarness.ExpectNothing(h.Client);
    }

    [Fact]
    public async Task Packet_goes_to_the_running_network_and_is_acknowledged()
    {
        var h = new ProtocolHarness();
        await h.SendAsync("graph", "clear", """{"id":"main","main":true}""");
        await h.SendAsync("graph", "addnode", """{"id":"R","component":"core/Repeat","graph":"main"}""");
        await h.SendAsync("graph", "addinport", """{"public":"in","node":"R","port":"in","graph":"main"}""");
        h.Client.Drain();

        await h.SendAsync("runtime", "packet", """{"port":"in","event":"data","payload":{"n":1},"graph":"main"}""");
        Assert.Equal("Graph \"main\" has no running network to send the packet into: network:start starts it.", await h.ExpectErrorAsync("runtime"));

        var network = new RecordingLiveNetwork("main", running: true);
        h.State.Networks["main"] = network;
        await h.SendAsync("runtime", "packet", """{"port":"in","event":"data","type":"object","payload":{"n":1},"graph":"main"}""");
        await h.ExpectAsync("runtime", "packetsent", """{"port":"in","event":"data","type":"object","payload":{"n":1},"graph":"main"}""");
        await h.SendAsync("runtime", "packet", """{"port":"in","event":"disconnect","graph":"main"}""");
        await h.ExpectAsync("runtime", "packetsent", """{"port":"in","event":"disconnect","graph":"main"}""");
        Assert.Equal([("in", "data", (string?)"""{"n":1}"""), ("in", "disconnect", null)], network.Packets);

        await h.SendAsync("runtime", "packet", """{"port":"nope","event":"data","payload":1,"graph":"main"}""");
        Assert.Equal("Graph \"main\" exports no in-port \"nope\"; its exported in-ports are: in.", await h.ExpectErrorAsync("runtime"));
        await h.SendAsync("runtime", "packet", """{"port":"in","event":"shout","graph":"main"}""");
        Assert.Equal("runtime:packet: \"event\" must be one of connect, begingroup, data, endgroup, disconnect, not \"shout\".", await h.ExpectErrorAsync("runtime"));
        await h.SendAsync("runtime", "packet", """{"port":"in","event":"data","graph":"other"}""");
        Assert.Equal("There is no graph \"other\"; the graphs are: main.", await h.ExpectErrorAsync("runtime"));
        await h.SendAsync("runtime", "packet", """{"event":"data","graph":"main"}""");
        Assert.Equal("runtime:packet needs a \"port\" string in its payload.", await h.ExpectErrorAsync("runtime"));
        Assert.Equal(2, network.Packets.Count);
    }

    [Fact]
    public async Task An_unknown_runtime_command_is_refused()
    {
        var h = new ProtocolHarness();
        await h.SendAsync("runtime", "reboot");
        Assert.Equal("Unknown command runtime:reboot; the runtime protocol's commands are getruntime and packet.", await h.ExpectErrorAsync("runtime"));
    }
}
