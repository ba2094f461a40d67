using System.Text.Json.Nodes;
using Reflow.Graphs;

namespace Reflow.Server.Tests.Runtime;

/// <summary>The graph commands fbp-test does not send, the broadcast to other clients, and the refusals.</summary>
public sealed class GraphProtocolTests
{
    private static async Task<ProtocolHarness> WithGraphAsync()
    {
        var h = new ProtocolHarness();
        await h.SendAsync("graph", "clear", """{"id":"g","name":"G","library":"demo","main":true,"icon":"cog","description":"a test"}""");
        await h.ExpectAsync("graph", "clear", """{"id":"g","name":"G","library":"demo","main":true,"icon":"cog","description":"a test"}""");
        await h.SendAsync("graph", "addnode", """{"id":"A","component":"core/Repeat","graph":"g"}""");
        await h.ExpectAsync("graph", "addnode", """{"id":"A","component":"core/Repeat","metadata":{},"graph":"g"}""");
        await h.SendAsync("graph", "addnode", """{"id":"B","component":"core/Drop","metadata":{"x":10,"y":20},"graph":"g"}""");
        await h.ExpectAsync("graph", "addnode", """{"id":"B","component":"core/Drop","metadata":{"x":10,"y":20},"graph":"g"}""");
        return h;
    }

    [Fact]
    public async Task Changeedge_merges_the_edges_metadata_and_removeedge_removes_it()
    {
        ProtocolHarness h = await WithGraphAsync();
        await h.SendAsync("graph", "addedge", """{"src":{"node":"A","port":"out"},"tgt":{"node":"B","port":"in"},"metadata":{"route":1},"graph":"g"}""");
        await h.ExpectAsync("graph", "addedge", """{"src":{"node":"A","port":"out"},"tgt":{"node":"B","port":"in"},"metadata":{"route":1},"graph":"g"}""");
        await h.SendAsync("graph", "changeedge", """{"src":{"node":"A","port":"out"},"tgt":{"node":"B","port":"in"},"metadata":{"route":null,"secure":true},"graph":"g"}""");
        await h.ExpectAsync("graph", "changeedge", """{"src":{"node":"A","port":"out"},"tgt":{"node":"B","port":"in"},"metadata":{"secure":true},"graph":"g"}""");
        Assert.Equal("""{"secure":true}""", Assert.Single(h.State.Graphs["g"].Connections).Metadata.ToString());

        await h.SendAsync("graph", "removeedge", """{"src":{"node":"A","port":"out"},"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        await h.ExpectAsync("graph", "removeedge", """{"src":{"node":"A","port":"out"},"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        Assert.Empty(h.State.Graphs["g"].Connections);

        await h.SendAsync("graph", "removeedge", """{"src":{"node":"A","port":"out"},"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        Assert.Equal("Graph \"g\" has no edge A.out -> B.in; it has no edges.", await h.ExpectErrorAsync("graph"));
    }

    [Fact]
    public async Task An_edge_index_goes_into_the_model_and_comes_back_as_a_number()
    {
        ProtocolHarness h = await WithGraphAsync();
        await h.SendAsync("graph", "addnode", """{"id":"S","component":"flow/Fork","graph":"g"}""");
        await h.SendAsync("graph", "addedge", """{"src":{"node":"S","port":"out","index":"1"},"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        await h.ExpectAsync("graph", "addedge", """{"src":{"node":"S","port":"out","index":1},"tgt":{"node":"B","port":"in"},"metadata":{},"graph":"g"}""");
        Assert.Equal(1, Assert.Single(h.State.Graphs["g"].Connections).From.Index);

        await h.SendAsync("graph", "addedge", """{"src":{"node":"S","port":"out","index":-2},"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        Assert.Contains("\"src.index\" must be a non-negative integer", await h.ExpectErrorAsync("graph"));
    }

    [Fact]
    public async Task Removeinitial_with_data_removes_only_that_iip()
    {
        ProtocolHarness h = await WithGraphAsync();
        await h.SendAsync("graph", "addinitial", """{"src":{"data":1},"tgt":{"node":"A","port":"in"},"graph":"g"}""");
        await h.SendAsync("graph", "addinitial", """{"src":{"data":{"k":[true,null]}},"tgt":{"node":"A","port":"in"},"metadata":{"route":2},"graph":"g"}""");
        await h.ExpectAsync("graph", "addinitial", """{"src":{"data":1},"tgt":{"node":"A","port":"in"},"metadata":{},"graph":"g"}""");
        await h.ExpectAsync("graph", "addinitial", """{"src":{"data":{"k":[true,null]}},"tgt":{"node":"A","port":"in"},"metadata":{"route":2},"graph":"g"}""");

        await h.SendAsync("graph", "removeinitial", """{"src":{"data":{"k":[true,null]}},"tgt":{"node":"A","port":"in"},"graph":"g"}""");
        await h.ExpectAsync("graph", "removeinitial", """{"src":{"data":{"k":[true,null]}},"tgt":{"node":"A","port":"in"},"graph":"g"}""");
        Assert.Equal("1 -> A.in", Assert.Single(h.State.Graphs["g"].Initials).ToString());

        await h.SendAsync("graph", "removeinitial", """{"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        Assert.Equal("Graph \"g\" has no IIP to B.in; its IIPs are: 1 -> A.in.", await h.ExpectErrorAsync("graph"));
    }

    [Fact]
    public async Task Removing_a_node_reports_its_iips_and_exported_ports_before_the_node()
    {
        ProtocolHarness h = await WithGraphAsync();
        await h.SendAsync("graph", "addinitial", """{"src":{"data":"x"},"tgt":{"node":"A","port":"in"},"graph":"g"}""");
        await h.SendAsync("graph", "addinport", """{"public":"input","node":"A","port":"in","metadata":{"x":1},"graph":"g"}""");
        await h.ExpectAsync("graph", "addinport", """{"public":"input","node":"A","port":"in","metadata":{"x":1},"graph":"g"}""");
        h.Client.Drain();

        await h.SendAsync("graph", "removenode", """{"id":"A","graph":"g"}""");
        List<string> order = [.. h.Client.Drain().Select(m => $"{m["protocol"]}:{m["command"]}")];
        Assert.Equal(["graph:removeinitial", "graph:removeinport", "graph:removenode", "runtime:ports"], order);
    }

    [Fact]
    public async Task Exported_ports_are_renamed_and_removed_and_the_main_graphs_ports_follow()
    {
        ProtocolHarness h = await WithGraphAsync();
        await h.SendAsync("graph", "addinport", """{"public":"in","node":"A","port":"in","graph":"g"}""");
        await h.ExpectAsync("graph", "addinport", """{"public":"in","node":"A","port":"in","graph":"g"}""");
        await h.ExpectAsync("runtime", "ports", """{"graph":"g","inPorts":[{"id":"in","type":"any","required":false,"addressable":false,"description":"Any message."}],"outPorts":[]}""");

        await h.SendAsync("graph", "renameinport", """{"from":"in","to":"input","graph":"g"}""");
        await h.ExpectAsync("graph", "renameinport", """{"from":"in","to":"input","graph":"g"}""");
        await h.ExpectAsync("runtime", "ports", """{"graph":"g","inPorts":[{"id":"input","type":"any","required":false,"addressable":false,"description":"Any message."}],"outPorts":[]}""");

        await h.SendAsync("graph", "addoutport", """{"public":"out","node":"A","port":"out","graph":"g"}""");
        await h.SendAsync("graph", "renameoutport", """{"from":"out","to":"result","graph":"g"}""");
        await h.ExpectAsync("graph", "renameoutport", """{"from":"out","to":"result","graph":"g"}""");
        await h.SendAsync("graph", "removeinport", """{"public":"input","graph":"g"}""");
        await h.ExpectAsync("graph", "removeinport", """{"public":"input","graph":"g"}""");
        await h.ExpectAsync("runtime", "ports", """{"graph":"g","inPorts":[],"outPorts":[{"id":"result","type":"any","required":false,"addressable":false,"description":"The same message."}]}""");

        await h.SendAsync("graph", "removeinport", """{"public":"input","graph":"g"}""");
        Assert.Equal("Graph \"g\" exports no in-port \"input\": it exports no in-ports.", await h.ExpectErrorAsync("graph"));
        await h.SendAsync("graph", "addoutport", """{"public":"result","node":"B","port":"in","graph":"g"}""");
        Assert.Equal("Graph \"g\" already exports an out-port \"result\" (A.out); remove it first or choose another name.", await h.ExpectErrorAsync("graph"));
    }

    [Fact]
    public async Task Groups_are_added_renamed_changed_and_removed()
    {
        ProtocolHarness h = await WithGraphAsync();
        await h.SendAsync("graph", "addgroup", """{"name":"grp","nodes":["A","B"],"metadata":{"description":"both"},"graph":"g"}""");
        await h.ExpectAsync("graph", "addgroup", """{"name":"grp","nodes":["A","B"],"metadata":{"description":"both"},"graph":"g"}""");
        await h.SendAsync("graph", "renamegroup", """{"from":"grp","to":"pair","graph":"g"}""");
        await h.ExpectAsync("graph", "renamegroup", """{"from":"grp","to":"pair","graph":"g"}""");
        await h.SendAsync("graph", "changegroup", """{"name":"pair","metadata":{"color":3},"graph":"g"}""");
        await h.ExpectAsync("graph", "changegroup", """{"name":"pair","metadata":{"description":"both","color":3},"graph":"g"}""");
        Assert.Equal(["A", "B"], h.State.Graphs["g"].GetGroup("pair")!.Nodes.ToArray());
        await h.SendAsync("graph", "removegroup", """{"name":"pair","graph":"g"}""");
        await h.ExpectAsync("graph", "removegroup", """{"name":"pair","graph":"g"}""");
        Assert.Empty(h.State.Graphs["g"].Groups);

        await h.SendAsync("graph", "addgroup", """{"name":"bad","nodes":["A","Nope"],"graph":"g"}""");
        Assert.Equal("Graph \"g\" has no node \"Nope\"; its nodes are: A, B.", await h.ExpectErrorAsync("graph"));
        await h.SendAsync("graph", "removegroup", """{"name":"pair","graph":"g"}""");
        Assert.Equal("Graph \"g\" has no group \"pair\": it has no groups.", await h.ExpectErrorAsync("graph"));
    }

    [Fact]
    public async Task Every_client_hears_a_change_and_only_the_requester_gets_the_response_id()
    {
        ProtocolHarness h = await WithGraphAsync();
        var other = h.Connect("other");
        await h.SendAsync("graph", "renamenode", """{"from":"B","to":"C","graph":"g"}""", requestId: "r1");

        JsonObject mine = await h.Client.NextAsync("graph", "renamenode");
        JsonObject theirs = await other.NextAsync("graph", "renamenode");
        Assert.Equal("r1", (string?)mine["responseTo"]);
        Assert.Null(theirs["responseTo"]);
        Assert.True(JsonNode.DeepEquals(mine["payload"], theirs["payload"]));
    }

    [Fact]
    public async Task Refusals_name_what_exists()
    {
        ProtocolHarness h = await WithGraphAsync();

        await h.SendAsync("graph", "addnode", """{"id":"X","component":"core/Nope","graph":"g"}""");
        string unknown = await h.ExpectErrorAsync("graph");
        Assert.StartsWith("Unknown component \"core/Nope\"; the core library has: ", unknown);
        Assert.Contains("core/Repeat", unknown);

        await h.SendAsync("graph", "addnode", """{"id":"A","component":"core/Drop","graph":"g"}""");
        Assert.Equal("Graph \"g\" already has a node \"A\" (core/Repeat): node ids are unique (graph:renamenode renames one).", await h.ExpectErrorAsync("graph"));

        await h.SendAsync("graph", "addedge", """{"src":{"node":"Q","port":"out"},"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        Assert.Equal("Graph \"g\" has no node \"Q\"; its nodes are: A, B.", await h.ExpectErrorAsync("graph"));

        await h.SendAsync("graph", "addedge", """{"src":{"node":"A","port":"nope"},"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        Assert.Equal("Node \"A\" (core/Repeat) in graph \"g\" has no out-port \"nope\"; its out-ports are: out.", await h.ExpectErrorAsync("graph"));

        await h.SendAsync("graph", "addinitial", """{"src":{"data":1},"tgt":{"node":"B","port":"out"},"graph":"g"}""");
        Assert.Equal("Node \"B\" (core/Drop) in graph \"g\" has no in-port \"out\"; its in-ports are: in.", await h.ExpectErrorAsync("graph"));

        await h.SendAsync("graph", "addinitial", """{"tgt":{"node":"B","port":"in"},"graph":"g"}""");
        Assert.Equal("graph:addinitial needs \"src\": an object with the IIP's \"data\" (any JSON value).", await h.ExpectErrorAsync("graph"));

        await h.SendAsync("graph", "changenode", """{"id":"A","metadata":"x","graph":"g"}""");
        Assert.Equal("graph:changenode: \"metadata\" must be a JSON object of key/value pairs.", await h.ExpectErrorAsync("graph"));

        await h.SendAsync("graph", "renamenode", """{"from":"A","to":"B","graph":"g"}""");
        Assert.Equal("Cannot rename \"A\" to \"B\": graph \"g\" already has a node \"B\".", await h.ExpectErrorAsync("graph"));

        await h.SendAsync("graph", "frobnicate", """{"graph":"g"}""");
        Assert.StartsWith("Unknown command graph:frobnicate; the graph protocol's commands are: clear, addnode", await h.ExpectErrorAsync("graph"));

        await h.SendAsync("graph", "clear", "{}");
        Assert.Equal("graph:clear needs a \"id\" string in its payload.", await h.ExpectErrorAsync("graph"));

        // Nothing refused changed the graph.
        Graph g = h.State.Graphs["g"];
        Assert.Equal(["A", "B"], g.Nodes.Select(n => n.Id));
        Assert.Empty(g.Connections);
        Assert.Empty(g.Initials);
    }

    [Fact]
    public async Task A_running_network_takes_each_edit_but_a_change_of_its_exported_ports_or_a_clear()
    {
        ProtocolHarness h = await WithGraphAsync();
        var network = new RecordingLiveNetwork("g", running: true);
        h.State.Networks["g"] = network;

        await h.SendAsync("graph", "addnode", """{"id":"C","component":"core/Drop","graph":"g"}""");
        await h.ExpectAsync("graph", "addnode", """{"id":"C","component":"core/Drop","metadata":{},"graph":"g"}""");
        Assert.Equal(1, network.Applied); // the running network was told once the graph had changed

        await h.SendAsync("graph", "clear", """{"id":"g"}""");
        Assert.Contains("stop the network first", await h.ExpectErrorAsync("graph"));
        await h.SendAsync("graph", "addinport", """{"public":"in","node":"C","port":"IN","graph":"g"}""");
        Assert.Equal(
            "graph:addinport: graph \"g\" has a running network, which keeps its exported ports and its graph while it runs: stop the network first (network:stop), then edit and start it again.",
            await h.ExpectErrorAsync("graph"));
        Assert.Equal(3, h.State.Graphs["g"].Nodes.Count);
        Assert.Empty(h.State.Graphs["g"].InPorts);
        Assert.Equal(1, network.Applied);

        network.IsRunning = false;
        await h.SendAsync("graph", "removenode", """{"id":"C","graph":"g"}""");
        await h.ExpectAsync("graph", "removenode", """{"id":"C","graph":"g"}""");
        Assert.Equal(1, network.Applied); // a network that is not running has nothing to take
    }

    [Fact]
    public async Task Clear_replaces_a_graph_and_main_chooses_the_runtimes_main_graph()
    {
        ProtocolHarness h = await WithGraphAsync();
        await h.SendAsync("graph", "clear", """{"id":"sub"}""");
        await h.ExpectAsync("graph", "clear", """{"id":"sub"}""");
        Assert.Equal("g", h.State.MainGraph);

        await h.SendAsync("graph", "clear", """{"id":"g","name":"Again"}""");
        await h.ExpectAsync("graph", "clear", """{"id":"g","name":"Again"}""");
        Assert.Empty(h.State.Graphs["g"].Nodes);
        Assert.Equal("Again", h.State.Graphs["g"].Name);

        await h.SendAsync("graph", "clear", """{"id":"sub","main":true}""");
        await h.ExpectAsync("graph", "clear", """{"id":"sub","main":true}""");
        Assert.Equal("sub", h.State.MainGraph);
    }

    [Fact]
    public async Task A_client_cannot_grant_a_node_permissions_through_its_metadata()
    {
        ProtocolHarness h = await WithGraphAsync();
        const string Refusal = "the metadata \"permissions\" is a grant, and this runtime grants nothing to what clients send; grants come from the graph file or configuration the server was started with.";

        await h.SendAsync("graph", "addnode", """{"id":"R","component":"io/ReadLines","metadata":{"permissions":{"all":true}},"graph":"g"}""");
        Assert.Equal("Node \"R\": " + Refusal, await h.ExpectErrorAsync("graph"));
        Assert.Null(h.State.Graphs["g"].GetNode("R"));

        await h.SendAsync("graph", "changenode", """{"id":"A","metadata":{"permissions":"--allow-read=/"},"graph":"g"}""");
        Assert.Equal("Node \"A\": " + Refusal, await h.ExpectErrorAsync("graph"));
        Assert.False(h.State.Graphs["g"].GetNode("A")!.Metadata.ContainsKey("permissions"));

        // Taking a grant away is fine (a graph the server was started with may carry one).
        h.State.Graphs["g"].UpdateNodeMetadata("B", Reflow.Graphs.GraphMetadata.Parse("""{"permissions":"--allow-read=/tmp"}"""));
        await h.SendAsync("graph", "changenode", """{"id":"B","metadata":{"permissions":null},"graph":"g"}""");
        await h.ExpectAsync("graph", "changenode", """{"id":"B","metadata":{"x":10,"y":20},"graph":"g"}""");
    }

    [Fact]
    public async Task Renaming_to_the_same_name_is_acknowledged_without_a_change()
    {
        ProtocolHarness h = await WithGraphAsync();
        await h.SendAsync("graph", "addinport", """{"public":"in","node":"A","port":"in","graph":"g"}""");
        await h.SendAsync("graph", "addgroup", """{"name":"grp","nodes":["A"],"graph":"g"}""");
        h.Client.Drain();

        await h.SendAsync("graph", "renamenode", """{"from":"A","to":"A","graph":"g"}""");
        await h.ExpectAsync("graph", "renamenode", """{"from":"A","to":"A","graph":"g"}""");
        await h.SendAsync("graph", "renameinport", """{"from":"in","to":"in","graph":"g"}""");
        await h.ExpectAsync("graph", "renameinport", """{"from":"in","to":"in","graph":"g"}""");
        await h.SendAsync("graph", "renamegroup", """{"from":"grp","to":"grp","graph":"g"}""");
        await h.ExpectAsync("graph", "renamegroup", """{"from":"grp","to":"grp","graph":"g"}""");
        ProtocolHarness.ExpectNothing(h.Client);
    }
}
