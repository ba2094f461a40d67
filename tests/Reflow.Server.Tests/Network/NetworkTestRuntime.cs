using System.Text.Json;
using System.Text.Json.Nodes;
using Reflow.Actors;
using Reflow.Components;
using Reflow.Graphs;
using Reflow.Networks;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;
using Reflow.Server.Tests.Protocol;

namespace Reflow.Server.Tests.Network;

/// <summary>A runtime with the standard components (and one that always fails), its dispatcher and one connected client.</summary>
internal sealed class NetworkTestRuntime : IAsyncDisposable
{
    public const string FailingComponent = "test/Fail";

    public const string LoggingComponent = "test/Say";

    public NetworkTestRuntime(RuntimeSettings? settings = null)
    {
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents();
        registry.Add(Component.FromFunc(
            new ComponentDescription(FailingComponent, [new PortDefinition("in")], [new PortDefinition("out")]),
            context => throw new InvalidOperationException($"cannot take {context.Message}")));
        registry.Add(Component.FromFunc(
            new ComponentDescription(LoggingComponent, [new PortDefinition("in")]),
            context => context.Log($"said {context.Message.AsString()}")));
        State = new RuntimeState((settings ?? new RuntimeSettings()) with { RuntimeId = "runtime-under-test" }, registry);
        State.AddClient(Client);
        Dispatcher = FbpDispatcher.Create(State);
    }

    public RuntimeState State { get; }

    public FbpDispatcher Dispatcher { get; }

    public RecordingClient Client { get; } = new("one");

    /// <summary>fbp-test's network graph (src/WebSocket.js): Hello (core/Repeat) -> World (core/Drop), an IIP to Hello.</summary>
    public Graph AddHelloWorld(string id = "bar")
    {
        var graph = new Graph(id);
        graph.AddNode("Hello", "core/Repeat");
        graph.AddNode("World", "core/Drop");
        graph.Connect("Hello", "out", "World", "in");
        graph.AddInitial("Hello", "in", JsonValueOf("\"Hello, world!\""));
        State.Graphs[id] = graph;
        return graph;
    }

    public Task SendAsync(string protocol, string command, JsonObject payload, IFbpClient? from = null) =>
        Dispatcher.DispatchAsync(new FbpMessage(protocol, command, payload, RequestId: "r1"), from ?? Client, CancellationToken.None).AsTask();

    /// <summary>Every message up to and including the next <c>network:stopped</c>.</summary>
    public async Task<List<JsonObject>> UntilStoppedAsync(RecordingClient? client = null)
    {
        var seen = new List<JsonObject>();
        while (true)
        {
            JsonObject message = await (client ?? Client).NextAsync();
            seen.Add(message);
            if (Is(message, "network", "stopped"))
            {
                return seen;
            }
        }
    }

    /// <summary>The next answer to a request (<c>responseTo</c> set), skipping broadcasts.</summary>
    public async Task<JsonObject> NextReplyAsync(string protocol, string command)
    {
        while (true)
        {
            JsonObject message = await Client.NextAsync(protocol, command);
            if (message["responseTo"] is not null)
            {
                return message;
            }
        }
    }

    public static bool Is(JsonObject message, string protocol, string command) =>
        (string?)message["protocol"] == protocol && (string?)message["command"] == command;

    public static JsonElement JsonValueOf(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The payload without the fields fbp-test leaves out of its comparison.</summary>
    public static JsonObject Without(JsonObject message, params string[] fields)
    {
        var payload = message["payload"]!.AsObject().DeepClone().AsObject();
        foreach (string field in fields)
        {
            payload.Remove(field);
        }

        return payload;
    }

    public static void AssertPayload(string expectedJson, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), actual), $"expected {expectedJson}, got {actual.ToJsonString()}");

    public async ValueTask DisposeAsync()
    {
        foreach (ILiveNetwork network in State.Networks.Values)
        {
            await network.DisposeAsync();
        }
    }
}
