using Reflow.Graphs;

namespace Reflow.Server.Tests.Runtime;

/// <summary>
/// The graph protocol sequences fbp-test sends (fbp-protocol's src/WebSocket.js), in its order and with its
/// expectations: each answer matched by protocol and command, its payload compared deeply, no unexpected error.
/// </summary>
public sealed class GraphProtocolFbpTestTests
{
    [Fact]
    public async Task The_graph_protocol_suite_of_fbp_test_passes_in_order()
    {
        var h = new ProtocolHarness();

        // adding a graph and nodes (baseDir is sent but output/clear does not allow it back)
        await h.SendAsync("graph", "clear", """{"baseDir":"/tmp/fbp-protocol","id":"foo","main":true,"name":"Foo graph"}""");
        await h.ExpectAsync("graph", "clear", """{"id":"foo","main":true,"name":"Foo graph"}""");
        await h.SendAsync("graph", "addnode", """{"id":"Repeat1","component":"core/Repeat","metadata":{"hello":"World"},"graph":"foo"}""");
        await h.SendAsync("graph", "addnode", """{"id":"Drop1","component":"core/Drop","metadata":{},"graph":"foo"}""");
        await h.ExpectAsync("graph", "addnode", """{"id":"Repeat1","component":"core/Repeat","metadata":{"hello":"World"},"graph":"foo"}""");
        await h.ExpectAsync("graph", "addnode", """{"id":"Drop1","component":"core/Drop","metadata":{},"graph":"foo"}""");

        // adding an edge
        await h.SendAsync("graph", "addedge", """{"src":{"node":"Repeat1","port":"out"},"tgt":{"node":"Drop1","port":"in"},"metadata":{"route":5},"graph":"foo"}""");
        await h.ExpectAsync("graph", "addedge", """{"src":{"node":"Repeat1","port":"out"},"tgt":{"node":"Drop1","port":"in"},"metadata":{"route":5},"graph":"foo"}""");

        // adding metadata: to a node with none, merged into existing, no keys, null removes
        await h.SendAsync("graph", "changenode", """{"id":"Drop1","metadata":{"sort":1},"graph":"foo"}""");
        await h.ExpectAsync("graph", "changenode", """{"id":"Drop1","metadata":{"sort":1},"graph":"foo"}""");
        await h.SendAsync("graph", "changenode", """{"id":"Drop1","metadata":{"tag":"awesome"},"graph":"foo"}""");
        await h.ExpectAsync("graph", "changenode", """{"id":"Drop1","metadata":{"sort":1,"tag":"awesome"},"graph":"foo"}""");
        await h.SendAsync("graph", "changenode", """{"id":"Drop1","metadata":{},"graph":"foo"}""");
        await h.ExpectAsync("graph", "changenode", """{"id":"Drop1","metadata":{"sort":1,"tag":"awesome"},"graph":"foo"}""");
        await h.SendAsync("graph", "changenode", """{"id":"Drop1","metadata":{"sort":null,"tag":null},"graph":"foo"}""");
        await h.ExpectAsync("graph", "changenode", """{"id":"Drop1","metadata":{},"graph":"foo"}""");

        // adding an IIP
        await h.SendAsync("graph", "addinitial", """{"src":{"data":"Hello, world!"},"tgt":{"node":"Repeat1","port":"in"},"metadata":{},"graph":"foo"}""");
        await h.ExpectAsync("graph", "addinitial", """{"src":{"data":"Hello, world!"},"tgt":{"node":"Repeat1","port":"in"},"metadata":{},"graph":"foo"}""");

        // removing a node removes its edges first
        await h.SendAsync("graph", "removenode", """{"id":"Drop1","graph":"foo"}""");
        await h.ExpectAsync("graph", "removeedge", """{"src":{"node":"Repeat1","port":"out"},"tgt":{"node":"Drop1","port":"in"},"graph":"foo"}""");
        await h.ExpectAsync("graph", "removenode", """{"id":"Drop1","graph":"foo"}""");

        // removing an IIP (the request names only the target; the answer carries the data)
        await h.SendAsync("graph", "removeinitial", """{"tgt":{"node":"Repeat1","port":"in"},"graph":"foo"}""");
        await h.ExpectAsync("graph", "removeinitial", """{"src":{"data":"Hello, world!"},"tgt":{"node":"Repeat1","port":"in"},"graph":"foo"}""");

        // renaming a node
        await h.SendAsync("graph", "renamenode", """{"from":"Repeat1","to":"RepeatRenamed","graph":"foo"}""");
        await h.ExpectAsync("graph", "renamenode", """{"from":"Repeat1","to":"RepeatRenamed","graph":"foo"}""");

        // a node for a graph that does not exist, and one without a graph: word for word
        await h.SendAsync("graph", "addnode", """{"id":"Repeat1","component":"core/Repeat","graph":"another-graph"}""");
        await h.ExpectAsync("graph", "error", """{"message":"Requested graph not found"}""");
        await h.SendAsync("graph", "addnode", """{"id":"Repeat1","component":"core/Repeat"}""");
        await h.ExpectAsync("graph", "error", """{"message":"No graph specified"}""");

        // exported ports: no metadata sent, none echoed
        await h.SendAsync("graph", "addinport", """{"public":"in","node":"RepeatRenamed","port":"in","graph":"foo"}""");
        await h.ExpectAsync("graph", "addinport", """{"node":"RepeatRenamed","graph":"foo","public":"in","port":"in"}""");
        await h.SendAsync("graph", "addoutport", """{"public":"out","node":"RepeatRenamed","port":"out","graph":"foo"}""");
        await h.ExpectAsync("graph", "addoutport", """{"graph":"foo","node":"RepeatRenamed","port":"out","public":"out"}""");
        await h.SendAsync("graph", "removeoutport", """{"public":"out","graph":"foo"}""");
        await h.ExpectAsync("graph", "removeoutport", """{"graph":"foo","public":"out"}""");

        Graph foo = h.State.Graphs["foo"];
        Assert.Equal(["RepeatRenamed"], foo.Nodes.Select(n => n.Id));
        Assert.Empty(foo.Connections);
        Assert.Empty(foo.Initials);
        Assert.Equal(["in"], foo.InPorts.Select(p => p.Name));
        Assert.Empty(foo.OutPorts);
        Assert.Equal("foo", h.State.MainGraph);
    }

    [Fact]
    public async Task The_network_suites_setup_gets_five_answers_and_builds_the_graph()
    {
        var h = new ProtocolHarness();
        await h.SendAsync("graph", "clear", """{"baseDir":"/tmp","id":"bar","main":true}""");
        await h.SendAsync("graph", "addnode", """{"id":"Hello","component":"core/Repeat","metadata":{},"graph":"bar"}""");
        await h.SendAsync("graph", "addnode", """{"id":"World","component":"core/Drop","metadata":{},"graph":"bar"}""");
        await h.SendAsync("graph", "addedge", """{"src":{"node":"Hello","port":"out"},"tgt":{"node":"World","port":"in"},"graph":"bar"}""");
        await h.SendAsync("graph", "addinitial", """{"src":{"data":"Hello, world!"},"tgt":{"node":"Hello","port":"in"},"graph":"bar"}""");

        // fbp-test counts five messages of any kind before it starts the network: they must all be answers, no error.
        var messages = h.Client.Drain();
        Assert.Equal(["clear", "addnode", "addnode", "addedge", "addinitial"], messages.Select(m => (string?)m["command"]));
        Assert.All(messages, m => Assert.Equal("graph", (string?)m["protocol"]));
        Assert.Equal("""{"id":"bar","main":true}""", messages[0]["payload"]!.ToJsonString());
        Assert.Equal("""{"src":{"node":"Hello","port":"out"},"tgt":{"node":"World","port":"in"},"metadata":{},"graph":"bar"}""", messages[3]["payload"]!.ToJsonString());
        Assert.Equal("""{"src":{"data":"Hello, world!"},"tgt":{"node":"Hello","port":"in"},"metadata":{},"graph":"bar"}""", messages[4]["payload"]!.ToJsonString());

        Graph bar = h.State.Graphs["bar"];
        Assert.Equal("bar", h.State.MainGraph);
        Assert.Equal("Hello.out -> World.in", Assert.Single(bar.Connections).ToString());
        Assert.Equal("\"Hello, world!\" -> Hello.in", Assert.Single(bar.Initials).ToString());
    }
}
