using System.Text.Json.Nodes;

namespace Reflow.Server.Tests.Workflows;

/// <summary>The <c>/ws</c> stream as the original's clients use it: start_workflow, subscribe_workflow, cancel_workflow.</summary>
public sealed class WorkflowSocketTests
{
    private static JsonObject Start(JsonObject request) => new() { ["type"] = "start_workflow", ["data"] = request };

    private static JsonObject Subscribe(string id) => new() { ["type"] = "subscribe_workflow", ["execution_id"] = id };

    private static bool IsEnd(JsonObject m) =>
        (string?)m["type"] == "workflow_event" && (string?)m["event_type"] is "Completed" or "Cancelled" || ((string?)m["event_type"])?.StartsWith("Failed", StringComparison.Ordinal) == true;

    [Fact]
    public async Task Start_then_subscribe_streams_the_events_in_order_from_Started_to_Completed()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        await using WorkflowSocketClient client = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);

        await client.SendAsync(Start(WorkflowTestServer.Request(WorkflowGraphs.Greeting(), workflowId: "wf-ws")));
        JsonObject started = await client.ReceiveAsync();
        Assert.Equal("workflow_started", (string?)started["type"]);
        Assert.True((bool?)started["success"]);
        string id = (string)started["execution_id"]!;
        await client.SendAsync(Subscribe(id));
        JsonObject ack = await client.ReceiveAsync();
        List<JsonObject> events = await client.UntilAsync(IsEnd);

        Assert.Equal("subscription_ack", (string?)ack["type"]);
        Assert.Equal(id, (string?)ack["execution_id"]);
        Assert.All(events, e => Assert.Equal("workflow_event", (string?)e["type"]));
        Assert.All(events, e => Assert.Equal(id, (string?)e["execution_id"]));
        Assert.All(events, e => Assert.Equal("wf-ws", (string?)e["workflow_id"]));
        List<string> types = [.. events.Select(e => (string)e["event_type"]!)];
        Assert.Equal("Started", types[0]);
        Assert.Equal("Completed", types[^1]);
        Assert.Equal(1, types.Count(t => t == "Completed"));
        // Each node's actor completes once, named as the original's Debug text and its serde form.
        Assert.Contains("ActorCompleted { actor_id: \"join\" }", types);
        Assert.Contains("ActorCompleted { actor_id: \"shout\" }", types);
        Assert.Contains(events, e => JsonNode.DeepEquals(JsonNode.Parse("""{"ActorCompleted": {"actor_id": "shout"}}"""), e["event"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"greeting": ["HELLO, WORLD"]}"""), events[^1]["data"]), events[^1].ToJsonString());
        Assert.Equal(JsonNode.Parse("""{"input": null}""")!.ToJsonString(), events[0]["data"]?.ToJsonString());
        long[] times = [.. events.Select(e => (long)e["timestamp"]!)];
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task A_subscriber_after_the_end_still_gets_every_event_and_a_failure_is_told()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Failing()));
        await server.FinishedAsync(id);
        await using WorkflowSocketClient client = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);

        await client.SendAsync(Subscribe(id));
        Assert.Equal("subscription_ack", (string?)(await client.ReceiveAsync())["type"]);
        List<JsonObject> events = await client.UntilAsync(IsEnd);

        Assert.Equal("Started", (string?)events[0]["event_type"]);
        JsonObject failed = Assert.Single(events, e => e["event"] is JsonObject variant && (string?)variant["ActorFailed"]?["actor_id"] == "boom");
        Assert.StartsWith("ActorFailed { actor_id: \"boom\", error: \"cannot take", (string?)failed["event_type"], StringComparison.Ordinal);
        Assert.StartsWith("Failed { error: \"1 unhandled failure(s)", (string?)events[^1]["event_type"], StringComparison.Ordinal);
        Assert.Contains("boom: cannot take", (string?)events[^1]["event"]?["Failed"]?["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_workflow_stops_a_running_execution_and_its_subscribers_hear_Cancelled()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        await using WorkflowSocketClient client = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);
        await client.SendAsync(Start(WorkflowTestServer.Request(WorkflowGraphs.Ticker(), executionId: "ticker")));
        Assert.Equal("workflow_started", (string?)(await client.ReceiveAsync())["type"]);
        await client.SendAsync(Subscribe("ticker"));
        Assert.Equal("subscription_ack", (string?)(await client.ReceiveAsync())["type"]);
        Assert.Equal("Started", (string?)(await client.ReceiveAsync())["event_type"]);
        await server.PollAsync("ticker", s => (long?)s["statistics"]?["outputs"]?["ticks"] >= 2, "two ticks");

        await client.SendAsync(new JsonObject { ["type"] = "cancel_workflow", ["execution_id"] = "ticker" });
        // The answer and the end come from different tasks: either may be first.
        static bool Answer(JsonObject m) => (string?)m["type"] == "workflow_cancelled";
        var rest = new List<JsonObject>();
        for (int i = 0; i < 10_000 && !(rest.Any(IsEnd) && rest.Any(Answer)); i++)
        {
            rest.Add(await client.ReceiveAsync());
        }

        JsonObject answer = Assert.Single(rest, Answer);
        Assert.Equal("ticker", (string?)answer["execution_id"]);
        Assert.True((bool?)answer["success"]);
        Assert.Equal("Cancelled", (string?)Assert.Single(rest, IsEnd)["event_type"]);
        Assert.Equal("Cancelled", (string?)(await server.StatusAsync("ticker"))["status"]);
    }

    [Fact]
    public async Task Bad_messages_get_an_error_each_and_the_socket_stays_up()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        await using WorkflowSocketClient client = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);

        async Task<string> ErrorOf(string text)
        {
            await client.SendTextAsync(text);
            JsonObject answer = await client.ReceiveAsync();
            Assert.Equal("error", (string?)answer["type"]);
            Assert.False((bool?)answer["success"]);
            return (string)answer["error"]!;
        }

        Assert.StartsWith("Invalid JSON:", await ErrorOf("{not json"), StringComparison.Ordinal);
        Assert.StartsWith("Missing message type", await ErrorOf("{\"data\": 1}"), StringComparison.Ordinal);
        Assert.StartsWith("Unknown message type: stop_everything", await ErrorOf("{\"type\": \"stop_everything\"}"), StringComparison.Ordinal);
        Assert.StartsWith("Missing request data", await ErrorOf("{\"type\": \"start_workflow\"}"), StringComparison.Ordinal);
        Assert.StartsWith("Invalid request: data.metadata.workflow_id", await ErrorOf("{\"type\": \"start_workflow\", \"data\": {\"graph_json\": {}, \"metadata\": {}}}"), StringComparison.Ordinal);
        Assert.StartsWith("Missing execution_id", await ErrorOf("{\"type\": \"subscribe_workflow\"}"), StringComparison.Ordinal);
        Assert.StartsWith("Execution \"nope\" not found", await ErrorOf("{\"type\": \"subscribe_workflow\", \"execution_id\": \"nope\"}"), StringComparison.Ordinal);
        Assert.StartsWith("Execution \"nope\" not found", await ErrorOf("{\"type\": \"cancel_workflow\", \"execution_id\": \"nope\"}"), StringComparison.Ordinal);

        await client.SendAsync(Start(WorkflowTestServer.Request(WorkflowGraphs.Greeting())));
        Assert.Equal("workflow_started", (string?)(await client.ReceiveAsync())["type"]);
    }
}
