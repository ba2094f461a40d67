using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Server.Runtime;

namespace Reflow.Server.Tests.Runtime;

public sealed class ComponentProtocolTests
{
    [Fact]
    public async Task List_sends_every_registered_component_then_the_count()
    {
        var h = new ProtocolHarness();
        await h.SendAsync("component", "list");
        List<JsonObject> messages = [.. h.Client.Drain()];

        JsonObject ready = messages[^1];
        Assert.Equal("componentsready", (string?)ready["command"]);
        Assert.Equal(h.State.Components.Count, (int)ready["payload"]!);
        List<JsonObject> components = messages[..^1];
        Assert.Equal(h.State.Components.Count, components.Count);
        Assert.All(components, m => Assert.Equal("component:component", $"{m["protocol"]}:{m["command"]}"));
        Assert.Equal(h.State.Components.Names, components.Select(m => (string?)m["payload"]!["name"]));

        JsonNode repeat = components.Single(m => (string?)m["payload"]!["name"] == "core/Repeat")["payload"]!;
        Assert.Equal(
            """{"name":"core/Repeat","description":"Passes every message on unchanged, in order.","subgraph":false,"inPorts":[{"id":"in","type":"any","required":false,"addressable":false,"description":"Any message."}],"outPorts":[{"id":"out","type":"any","required":false,"addressable":false,"description":"The same message."}]}""",
            repeat.ToJsonString());
        JsonNode fork = components.Single(m => (string?)m["payload"]!["name"] == "flow/Fork")["payload"]!;
        Assert.True((bool)fork["outPorts"]![0]!["addressable"]!);
    }

    [Fact]
    public async Task A_registered_graph_is_listed_as_a_subgraph_with_its_exported_ports()
    {
        var h = new ProtocolHarness();
        var graph = new Graph("Pass");
        graph.AddNode("R", "core/Repeat");
        graph.ExportInPort("IN", "R", "in");
        graph.ExportOutPort("OUT", "R", "out");
        h.State.Components.AddGraph("demo/Pass", graph);

        await h.SendAsync("component", "list");
        JsonObject pass = h.Client.Drain().Single(m => (string?)m["command"] == "component" && (string?)m["payload"]!["name"] == "demo/Pass");
        Assert.Equal(
            """{"name":"demo/Pass","subgraph":true,"inPorts":[{"id":"IN","type":"any","required":false,"addressable":false}],"outPorts":[{"id":"OUT","type":"any","required":false,"addressable":false}]}""",
            pass["payload"]!.ToJsonString());

        await h.SendAsync("component", "getsource", """{"name":"demo/Pass"}""");
        JsonObject source = await h.Client.NextAsync("component", "source");
        Assert.Equal("Pass", (string?)source["payload"]!["name"]);
        Assert.Equal("demo", (string?)source["payload"]!["library"]);
        Assert.Equal("json", (string?)source["payload"]!["language"]);
        Graph read = GraphFile.Read((string)source["payload"]!["code"]!, GraphFormat.NoFloJson);
        Assert.Equal("core/Repeat", Assert.Single(read.Nodes).Component);
        Assert.Equal(["IN"], read.InPorts.Select(p => p.Name));
        Assert.Equal(["OUT"], read.OutPorts.Select(p => p.Name));
    }

    [Fact]
    public async Task Getsource_of_a_csharp_component_says_so_in_the_code_and_of_a_graph_gives_its_json()
    {
        var h = new ProtocolHarness();
        await h.SendAsync("component", "getsource", """{"name":"core/Repeat"}""");
        JsonObject source = await h.Client.NextAsync("component", "source");
        JsonNode payload = source["payload"]!;
        Assert.Equal(["name", "language", "library", "code"], payload.AsObject().Select(p => p.Key));
        Assert.Equal("Repeat", (string?)payload["name"]);
        Assert.Equal("core", (string?)payload["library"]);
        Assert.Equal("csharp", (string?)payload["language"]);
        Assert.StartsWith("// core/Repeat is a C# component compiled into this runtime", (string?)payload["code"]);

        await h.SendAsync("graph", "clear", """{"id":"main","main":true}""");
        await h.SendAsync("graph", "addnode", """{"id":"D","component":"core/Drop","graph":"main"}""");
        h.Client.Drain();
        await h.SendAsync("component", "getsource", """{"name":"main"}""");
        JsonNode main = (await h.Client.NextAsync("component", "source"))["payload"]!;
        Assert.Equal("main", (string?)main["name"]);
        Assert.Null(main["library"]);
        Assert.Equal("core/Drop", GraphFile.Read((string)main["code"]!, GraphFormat.NoFloJson).GetNode("D")!.Component);

        await h.SendAsync("component", "getsource", """{"name":"core/Nope"}""");
        Assert.Equal($"There is no component \"core/Nope\" (component:list lists the {h.State.Components.Count} there are).", await h.ExpectErrorAsync("component"));
    }

    [Fact]
    public async Task Source_is_refused_unless_the_server_allows_it()
    {
        var h = new ProtocolHarness();
        await h.SendAsync("component", "source", """{"name":"Hello","language":"javascript","library":"demo","code":"x"}""");
        Assert.Equal("component:source refused for \"Hello\": this runtime does not take components from source (start it with --allow-component-source to allow it).", await h.ExpectErrorAsync("component"));
        Assert.False(h.State.Components.Contains("demo/Hello"));
    }
}
