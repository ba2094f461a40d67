using System.Net;
using System.Text.Json.Nodes;

namespace Reflow.Server.Tests.Workflows;

/// <summary>The workflow API over HTTP, driven as a client of the original drives it: submit, poll, cancel.</summary>
public sealed class WorkflowApiTests
{
    [Fact]
    public async Task An_example_graph_in_the_originals_format_runs_to_Completed_with_its_outputs_and_statistics()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();

        (HttpStatusCode status, JsonObject answer) = await server.PostAsync("workflows", WorkflowTestServer.Request(WorkflowGraphs.Greeting(), executionId: "greeting-1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool?)answer["success"]);
        Assert.Null(answer["error"]);
        Assert.True((long?)answer["timestamp"] > 0);
        Assert.Equal("greeting-1", (string?)answer["data"]?["execution_id"]);
        Assert.Equal("started", (string?)answer["data"]?["status"]);
        Assert.Equal("Queued", (string?)answer["data"]?["execution_status"]);

        JsonObject state = await server.FinishedAsync("greeting-1");
        Assert.Equal("Completed", (string?)state["status"]);
        Assert.Equal("greeting-1", (string?)state["id"]);
        Assert.Equal("wf-test", (string?)state["workflow_id"]);
        JsonObject result = state["result"]!.AsObject();
        Assert.True((bool?)result["success"]);
        Assert.Equal("greeting-1", (string?)result["execution_id"]);
        Assert.Null(result["errors"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"greeting": ["HELLO, WORLD"]}"""), result["results"]), result["results"]?.ToJsonString());

        JsonObject statistics = state["statistics"]!.AsObject();
        Assert.Equal(2, (long?)statistics["messages"]); // join -> shout and shout -> the exported out-port; IIPs are not edge messages
        Assert.Equal(0, (long?)statistics["errors"]);
        Assert.Equal(0, (long?)statistics["dead_letters"]);
        Assert.Equal(1, (long?)statistics["nodes"]?["shout"]?["invocations"]);
        Assert.Equal(2, (long?)statistics["nodes"]?["join"]?["invocations"]);
        Assert.Equal(1, (long?)statistics["outputs"]?["greeting"]);
        Assert.True((double?)statistics["duration_ms"] > 0);
    }

    [Fact]
    public async Task Input_goes_to_the_exported_in_ports_by_name()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();

        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Shout(), new JsonObject { ["text"] = "from the client" }));

        JsonObject state = await server.FinishedAsync(id);
        Assert.Equal("Completed", (string?)state["status"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"shouted": ["FROM THE CLIENT"]}"""), state["result"]?["results"]), state.ToJsonString());
        Assert.True(Guid.TryParse(id, out _), $"a made execution id is a GUID, got {id}");
    }

    [Fact]
    public async Task A_long_run_is_cancelled_its_network_stopped_and_a_second_cancel_is_a_conflict()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Ticker()));
        await server.PollAsync(id, s => (string?)s["status"] == "Running" && (long?)s["statistics"]?["outputs"]?["ticks"] >= 3, "three ticks");

        (HttpStatusCode status, JsonObject answer) = await server.PostAsync($"workflows/{id}/cancel", "");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["execution_id"] = id, ["status"] = "cancelled" }, answer["data"]), answer.ToJsonString());
        JsonObject state = await server.FinishedAsync(id);
        Assert.Equal("Cancelled", (string?)state["status"]);
        Assert.False((bool?)state["result"]?["success"]);
        Assert.Equal("Stopped", (string?)state["statistics"]?["nodes"]?["clock"]?["state"]);
        long ticks = (long)state["statistics"]!["outputs"]!["ticks"]!;
        await Task.Delay(100); // a stopped clock ticks no more
        Assert.Equal(ticks, (long?)(await server.StatusAsync(id))["statistics"]?["outputs"]?["ticks"]);

        (HttpStatusCode again, JsonObject refusal) = await server.PostAsync($"workflows/{id}/cancel", "");
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.False((bool?)refusal["success"]);
        Assert.Contains("already finished (Cancelled)", (string?)refusal["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_with_an_unhandled_failure_is_Failed_with_the_node_and_error_named()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();

        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Failing()));

        JsonObject state = await server.FinishedAsync(id);
        Assert.Equal("Failed", (string?)state["status"]);
        string errors = state["result"]?["errors"]?.ToJsonString() ?? "";
        Assert.Contains("boom: ", errors, StringComparison.Ordinal);
        Assert.Contains("cannot take", errors, StringComparison.Ordinal);
        Assert.Equal(1, (long?)state["statistics"]?["failures"]);
    }

    [Fact]
    public async Task An_unknown_execution_is_404_with_a_json_error()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();

        (HttpStatusCode status, JsonObject body) = await server.GetAsync("workflows/no-such-run");
        (HttpStatusCode cancel, JsonObject cancelBody) = await server.PostAsync("workflows/no-such-run/cancel", "");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.False((bool?)body["success"]);
        Assert.Null(body["data"]);
        Assert.Contains("Execution \"no-such-run\" not found", (string?)body["error"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, cancel);
        Assert.Contains("not found", (string?)cancelBody["error"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"graph_json\": {", "The body is not JSON")]
    [InlineData("[1, 2]", "body: expected a JSON object")]
    [InlineData("{\"graph_json\": {}, \"metadata\": {\"workflow_id\": \"\\uD800\"}}", "escapes a lone surrogate")]
    [InlineData("{\"graph_json\": {}, \"metadata\": {\"workflow_id\": \"a\", \"workflow_id\": \"b\"}}", "The body is not JSON")]
    [InlineData("{\"graph_json\": {}, \"input\": null}", "body.metadata: expected an object")]
    [InlineData("{\"graph_json\": {}, \"metadata\": {\"source\": \"x\"}}", "body.metadata.workflow_id: expected a non-empty string")]
    [InlineData("{\"graph_json\": \"nope\", \"metadata\": {\"workflow_id\": \"w\"}}", "body.graph_json: expected a graph object")]
    [InlineData("{\"graph_json\": {\"processes\": {\"a\": {\"component\": \"no/Such\"}}}, \"metadata\": {\"workflow_id\": \"w\"}}", "no/Such")]
    [InlineData("{\"graph_json\": {}, \"metadata\": {\"workflow_id\": \"w\", \"webhook_url\": \"ftp://x/\"}}", "body.metadata.webhook_url: \"ftp://x/\" is not an absolute http")]
    [InlineData("{\"graph_json\": {}, \"metadata\": {\"workflow_id\": \"w\", \"webhook_headers\": {\"X-Reflow-Event-Type\": \"x\"}}}", "body.metadata.webhook_headers.X-Reflow-Event-Type: set by the server")]
    public async Task A_malformed_body_is_400_with_a_message_saying_where(string body, string expected)
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();

        (HttpStatusCode status, JsonObject answer) = await server.PostAsync("workflows", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False((bool?)answer["success"]);
        Assert.Contains(expected, (string?)answer["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_to_a_port_the_graph_does_not_export_is_refused_naming_the_ports_it_has()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();

        (HttpStatusCode status, JsonObject answer) = await server.PostAsync("workflows", WorkflowTestServer.Request(WorkflowGraphs.Shout(), new JsonObject { ["txt"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("body.input.txt: the graph has no exported in-port \"txt\" (it exports: text)", (string?)answer["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_and_the_server_stays_up()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(maxMessageBytes: 4096);
        JsonObject request = WorkflowTestServer.Request(WorkflowGraphs.Shout(), new JsonObject { ["text"] = new string('x', 5000) });

        (HttpStatusCode status, JsonObject answer) = await server.PostAsync("workflows", request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than this server takes (4096 bytes", (string?)answer["error"], StringComparison.Ordinal);
        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Shout(), new JsonObject { ["text"] = "small" }));
        Assert.Equal("Completed", (string?)(await server.FinishedAsync(id))["status"]);
    }

    [Fact]
    public async Task An_execution_id_in_use_is_a_conflict()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Ticker(), executionId: "same"));

        (HttpStatusCode status, JsonObject answer) = await server.PostAsync("workflows", WorkflowTestServer.Request(WorkflowGraphs.Greeting(), executionId: "same"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("metadata.execution_id \"same\" is in use", (string?)answer["error"], StringComparison.Ordinal);
        await server.PostAsync($"workflows/{id}/cancel", "");
    }

    [Fact]
    public async Task Past_the_running_limit_executions_wait_as_Queued_and_only_the_newest_finished_are_kept()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(maxRunning: 1, maxQueued: 1, maxKept: 1);
        string ticker = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Ticker()));
        await server.PollAsync(ticker, s => (string?)s["status"] == "Running", "the ticker running");
        string waiting = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Greeting()));

        (HttpStatusCode full, JsonObject refusal) = await server.PostAsync("workflows", WorkflowTestServer.Request(WorkflowGraphs.Greeting()));

        Assert.Equal("Queued", (string?)(await server.StatusAsync(waiting))["status"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full);
        Assert.Contains("1 executions run and 1 wait already", (string?)refusal["error"], StringComparison.Ordinal);
        await server.PostAsync($"workflows/{ticker}/cancel", "");
        Assert.Equal("Completed", (string?)(await server.FinishedAsync(waiting))["status"]);
        // Two finished, one kept: the ticker (finished first) is forgotten.
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync($"workflows/{ticker}")).Status);
    }
}
