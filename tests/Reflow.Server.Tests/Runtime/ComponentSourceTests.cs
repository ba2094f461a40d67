using System.Text.Json.Nodes;
using Reflow.Components;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Scripting;
using Reflow.Scripting.JavaScript;
using Reflow.Server.Runtime;

namespace Reflow.Server.Tests.Runtime;

/// <summary>component:source when the server allows it: a JavaScript component from a client, with no grants.</summary>
public sealed class ComponentSourceTests
{
    // Tries to read a file: what the component may reach shows in what it sends.
    private const string Reader = """
        export const actorMetadata = { description: 'reads a file', inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
        export function process(inputs) {
          try { return { out: 'read:' + Deno.readTextFileSync(inputs.in).length }; }
          catch (e) { return { out: 'denied:' + e.name }; }
        }
        """;

    private static ProtocolHarness Allowed()
    {
        // The JavaScript runtime is configured with every grant: a component from a client must still get none.
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents()
            .AddJavaScript(new ScriptingOptions { Permissions = PermissionSet.All });
        return new ProtocolHarness(new RuntimeSettings { AllowComponentSource = true }, registry);
    }

    [Fact]
    public async Task A_javascript_component_is_registered_under_its_library_announced_and_its_source_returned()
    {
        ProtocolHarness h = Allowed();
        var other = h.Connect("other");
        await h.SendAsync("component", "source", JsonSerializerText(new JsonObject { ["name"] = "Reader", ["library"] = "demo", ["language"] = "javascript", ["code"] = Reader }));

        const string Announced = """{"name":"demo/Reader","description":"reads a file","subgraph":false,"inPorts":[{"id":"in","type":"any","required":false,"addressable":false}],"outPorts":[{"id":"out","type":"any","required":false,"addressable":false}]}""";
        await h.ExpectAsync("component", "component", Announced);
        await ProtocolHarness.ExpectAsync(other, "component", "component", Announced);
        Assert.True(h.State.Components.Contains("demo/Reader"));

        await h.SendAsync("component", "getsource", """{"name":"demo/Reader"}""");
        JsonNode source = (await h.Client.NextAsync("component", "source"))["payload"]!;
        Assert.Equal("Reader", (string?)source["name"]);
        Assert.Equal("demo", (string?)source["library"]);
        Assert.Equal("javascript", (string?)source["language"]);
        Assert.Equal(Reader, (string?)source["code"]);

        // Graphs may use it now.
        await h.SendAsync("graph", "clear", """{"id":"g"}""");
        await h.SendAsync("graph", "addnode", """{"id":"R","component":"demo/Reader","graph":"g"}""");
        await h.ExpectAsync("graph", "addnode", """{"id":"R","component":"demo/Reader","metadata":{},"graph":"g"}""");
    }

    [Fact]
    public async Task A_component_from_source_reaches_nothing_even_when_its_runtime_and_network_grant_everything()
    {
        ProtocolHarness h = Allowed();
        await h.SendAsync("component", "source", JsonSerializerText(new JsonObject { ["name"] = "Reader", ["library"] = "demo", ["language"] = "javascript", ["code"] = Reader }));
        await h.ExpectAsync("component", "component", """{"name":"demo/Reader","description":"reads a file","subgraph":false,"inPorts":[{"id":"in","type":"any","required":false,"addressable":false}],"outPorts":[{"id":"out","type":"any","required":false,"addressable":false}]}""");

        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "secret");
            Assert.Equal("denied:NotCapable", await RunAsync(h.State.Components, "demo/Reader", file));

            // The same code as a script node of the configured runtime does get that runtime's grant: the check is real.
            Assert.Equal("read:6", await RunAsync(h.State.Components, "script/javascript", file, Reader));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Sending_it_again_replaces_the_code_but_not_the_ports()
    {
        ProtocolHarness h = Allowed();
        string v1 = "export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };\nexport function process(i) { return { out: 1 }; }";
        string v2 = v1.Replace("out: 1", "out: 2", StringComparison.Ordinal);
        string v3 = "export const actorMetadata = { inports: [{ name: 'x' }], outports: [{ name: 'out' }] };\nexport function process(i) { return { out: 3 }; }";
        await h.SendAsync("component", "source", JsonSerializerText(new JsonObject { ["name"] = "V", ["library"] = "demo", ["language"] = "javascript", ["code"] = v1 }));
        await h.SendAsync("component", "source", JsonSerializerText(new JsonObject { ["name"] = "V", ["library"] = "demo", ["language"] = "javascript", ["code"] = v2 }));
        h.Client.Drain();
        Assert.Equal("Integer 2", await RunAsync(h.State.Components, "demo/V", "x"));

        await h.SendAsync("component", "source", JsonSerializerText(new JsonObject { ["name"] = "V", ["library"] = "demo", ["language"] = "javascript", ["code"] = v3 }));
        Assert.Equal("component:source: \"demo/V\" was already added with other ports (in: in Any; out: out Any; now in: x Any; out: out Any); a component's ports cannot change while the runtime runs: send it under a new name or restart the runtime.",
            await h.ExpectErrorAsync("component"));
    }

    [Fact]
    public async Task Bad_sources_are_refused_saying_why()
    {
        ProtocolHarness h = Allowed();
        await h.SendAsync("component", "source", """{"name":"Repeat","library":"core","language":"javascript","code":"export function process(){}"}""");
        Assert.StartsWith("component:source: \"core/Repeat\"", await h.ExpectErrorAsync("component"));
        Assert.NotNull(h.State.Components.FindComponent("core/Repeat"));

        await h.SendAsync("component", "source", """{"name":"X","language":"cobol","code":"x"}""");
        Assert.Equal("component:source: language \"cobol\" is not one this runtime makes components from; it takes javascript, typescript and python.", await h.ExpectErrorAsync("component"));

        await h.SendAsync("component", "source", """{"name":"X","language":"python","code":"x"}""");
        Assert.Equal("component:source: this runtime has no python script runtime enabled (script/python is not in its registry), so it cannot make \"X\".", await h.ExpectErrorAsync("component"));

        await h.SendAsync("component", "source", """{"name":"a/b","language":"javascript","code":"x"}""");
        Assert.StartsWith("component:source: \"name\" must be a component name without its library", await h.ExpectErrorAsync("component"));

        await h.SendAsync("component", "source", """{"name":"Broken","library":"demo","language":"javascript","code":"this is not javascript"}""");
        Assert.StartsWith("component:source: \"demo/Broken\" is not a javascript component: ", await h.ExpectErrorAsync("component"));
        Assert.False(h.State.Components.Contains("demo/Broken"));
    }

    private static string JsonSerializerText(JsonObject o) => o.ToJsonString();

    // Runs one node of the component with an IIP on "in" and returns what it sends on "out".
    private static async Task<string> RunAsync(ComponentRegistry registry, string component, string input, string? inlineSource = null)
    {
        var graph = new Graph("run");
        graph.AddNode("n", component, inlineSource is null ? null : GraphMetadata.Empty.With(ScriptComponentProvider.SourceKey, inlineSource));
        graph.AddInitial("n", "in", System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(input)).RootElement.Clone());
        graph.ExportOutPort("out", "n", "out");
        NetworkDefinition definition = GraphNetworkLoader.Load(graph, registry);
        await using Reflow.Networks.Network network = Reflow.Networks.Network.Create(definition, new NetworkOptions { Permissions = PermissionSet.All });
        Task<NetworkRunResult> run = network.RunAsync();
        var results = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (Message message in network.Output("out").ReadAllAsync(timeout.Token))
        {
            results.Add(message.Kind == MessageKind.String ? message.AsString() : message.ToString()!);
        }

        await run.WaitAsync(TimeSpan.FromSeconds(60));
        return Assert.Single(results);
    }

    [Fact]
    public async Task A_script_node_with_its_code_in_its_settings_is_refused_unless_the_server_takes_code_from_clients()
    {
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents().AddJavaScript();
        var refusing = new ProtocolHarness(new RuntimeSettings(), registry);
        await refusing.SendAsync("graph", "clear", """{"id":"g"}""");
        await refusing.SendAsync("graph", "addnode", """{"id":"S","component":"script/javascript","graph":"g","metadata":{"source":"export function process(i) { return { out: 1 }; }"}}""");
        JsonNode error = (await refusing.Client.NextAsync("graph", "error"))["payload"]!;
        Assert.Contains("--allow-component-source", (string?)error["message"], StringComparison.Ordinal);
        Assert.Null(refusing.State.Graphs["g"].GetNode("S"));

        var allowing = new ProtocolHarness(new RuntimeSettings { AllowComponentSource = true }, registry);
        await allowing.SendAsync("graph", "clear", """{"id":"g"}""");
        await allowing.SendAsync("graph", "addnode", """{"id":"S","component":"script/javascript","graph":"g"}""");
        await allowing.Client.NextAsync("graph", "addnode");
        Assert.NotNull(allowing.State.Graphs["g"].GetNode("S"));
    }

    [Fact]
    public async Task A_client_cannot_give_a_script_node_of_the_servers_graph_other_code_unless_the_server_takes_code_from_clients()
    {
        var h = new ProtocolHarness(new RuntimeSettings(), new ComponentRegistry().AddStandardComponents().AddJavaScript());
        var graph = new Graph("g");
        graph.AddNode("S", "script/javascript");
        h.State.Graphs["g"] = graph;

        await h.SendAsync("graph", "changenode", """{"id":"S","graph":"g","metadata":{"source":"export function process(i) { return { out: 2 }; }"}}""");
        JsonNode error = (await h.Client.NextAsync("graph", "error"))["payload"]!;
        Assert.Contains("--allow-component-source", (string?)error["message"], StringComparison.Ordinal);
        Assert.False(graph.GetNode("S")!.Metadata.ContainsKey("source"));

        await h.SendAsync("graph", "changenode", """{"id":"S","graph":"g","metadata":{"x":1}}""");
        await h.Client.NextAsync("graph", "changenode"); // other metadata is the client's to change
    }
}
