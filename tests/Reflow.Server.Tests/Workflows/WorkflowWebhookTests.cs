using System.Net;
using System.Text.Json.Nodes;
using Reflow.Permissions;

namespace Reflow.Server.Tests.Workflows;

/// <summary>Webhooks: posted with the original's headers and body, retried with backoff, and never to a host the net permission refuses.</summary>
public sealed class WorkflowWebhookTests
{
    [Fact]
    public async Task Events_reach_a_webhook_on_127_0_0_1_with_the_originals_headers_after_a_retry_of_a_500()
    {
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(permissions: PermissionSet.None.WithNet($"127.0.0.1:{receiver.Port}"));
        var metadata = new JsonObject
        {
            ["webhook_url"] = receiver.Url("hook").ToString(),
            ["webhook_headers"] = new JsonObject { ["X-Client-Token"] = "t0ken" },
        };

        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Greeting(), workflowId: "wf-hook", metadata: metadata));
        List<WebhookReceiver.Received> posts = await receiver.UntilAsync(r => r.AnsweredStatus == 200 && (string?)r.Body["event_type"] == "Completed");

        // Started answered 500, sent again and taken; then Completed (the original posted only the end; the start and
        // actor failures are sent too).
        Assert.Equal([500, 200, 200], posts.Select(p => p.AnsweredStatus));
        Assert.Equal(["Started", "Started", "Completed"], posts.Select(p => p.Headers["X-Reflow-Event-Type"]));
        Assert.All(posts, p =>
        {
            Assert.Equal("/hook", p.Path);
            Assert.Equal(id, p.Headers["X-Reflow-Execution-ID"]);
            Assert.Equal("wf-hook", p.Headers["X-Reflow-Workflow-ID"]);
            Assert.Equal("t0ken", p.Headers["X-Client-Token"]);
            Assert.StartsWith("application/json", p.Headers["Content-Type"], StringComparison.Ordinal);
            Assert.Equal(id, (string?)p.Body["execution_id"]);
            Assert.Equal("wf-hook", (string?)p.Body["workflow_id"]);
            Assert.True((long?)p.Body["timestamp"] > 0);
        });
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"greeting": ["HELLO, WORLD"]}"""), posts[^1].Body["data"]), posts[^1].Body.ToJsonString());
        JsonObject state = await server.PollAsync(id, s => (long?)s["statistics"]?["webhooks"]?["delivered"] == 2, "both webhooks delivered");
        JsonObject webhooks = state["statistics"]!["webhooks"]!.AsObject();
        Assert.Equal(1, (long?)webhooks["retries"]);
        Assert.Equal(0, (long?)webhooks["failed"]);
        Assert.Contains("answered 500", (string?)webhooks["last_error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_actor_is_posted_in_the_originals_serde_shape_and_every_event_goes_to_the_trace_webhook()
    {
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(permissions: PermissionSet.None.WithNet($"127.0.0.1:{receiver.Port}"));
        var metadata = new JsonObject
        {
            ["webhook_url"] = receiver.Url("hook").ToString(),
            ["trace_webhook_url"] = receiver.Url("trace").ToString(),
            ["enable_tracing"] = true,
        };

        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Failing(), metadata: metadata));
        // One sender posts in event order, each event to the webhook and then to the trace webhook: the trace's
        // Failed is the last POST.
        List<WebhookReceiver.Received> posts = await receiver.UntilAsync(
            p => p.Path == "/trace" && ((string?)p.Body["event_type"])?.StartsWith("Failed", StringComparison.Ordinal) == true);

        List<WebhookReceiver.Received> hook = [.. posts.Where(p => p.Path == "/hook")];
        List<WebhookReceiver.Received> trace = [.. posts.Where(p => p.Path == "/trace")];
        Assert.Equal(3, hook.Count);
        Assert.Equal("Started", (string?)hook[0].Body["event_type"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("\"boom\""), hook[1].Body["event_type"]?["ActorFailed"]?["actor_id"]), hook[1].Body.ToJsonString());
        Assert.StartsWith("cannot take", (string?)hook[1].Body["event_type"]?["ActorFailed"]?["error"], StringComparison.Ordinal);
        Assert.StartsWith("ActorFailed { actor_id: \"boom\"", hook[1].Headers["X-Reflow-Event-Type"], StringComparison.Ordinal);
        Assert.StartsWith("1 unhandled failure(s)", (string?)hook[2].Body["event_type"]?["Failed"]?["error"], StringComparison.Ordinal);
        // The trace webhook gets every event (Started, the actor's failure and completion, the end) in the trace form.
        Assert.True(trace.Count >= 4, $"{trace.Count} trace posts");
        Assert.All(trace, p => Assert.Equal("reflow_server", (string?)p.Body["source"]));
        Assert.Equal("Started", (string?)trace[0].Body["event_type"]);
        Assert.StartsWith("Failed { error:", (string?)trace[^1].Body["event_type"], StringComparison.Ordinal);
        Assert.Contains(trace, p => (string?)p.Body["event_type"] == "ActorCompleted { actor_id: \"boom\" }");
    }

    [Fact]
    public async Task A_webhook_to_a_host_the_net_permission_does_not_allow_is_refused_before_anything_runs()
    {
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        // Granted: only the receiver's port; by default (no permission) nothing at all.
        await using WorkflowTestServer granted = await WorkflowTestServer.StartAsync(permissions: PermissionSet.None.WithNet($"127.0.0.1:{receiver.Port}"));
        await using WorkflowTestServer none = await WorkflowTestServer.StartAsync();

        (HttpStatusCode otherPort, JsonObject otherAnswer) = await granted.PostAsync("workflows", WorkflowTestServer.Request(
            WorkflowGraphs.Greeting(), executionId: "refused", metadata: new JsonObject { ["webhook_url"] = $"http://127.0.0.1:{receiver.Port + 1}/hook" }));
        (HttpStatusCode trace, JsonObject traceAnswer) = await granted.PostAsync("workflows", WorkflowTestServer.Request(
            WorkflowGraphs.Greeting(), metadata: new JsonObject { ["trace_webhook_url"] = "http://example.com/trace" }));
        (HttpStatusCode nothing, JsonObject nothingAnswer) = await none.PostAsync("workflows", WorkflowTestServer.Request(
            WorkflowGraphs.Greeting(), metadata: new JsonObject { ["webhook_url"] = receiver.Url("hook").ToString() }));

        Assert.Equal(HttpStatusCode.BadRequest, otherPort);
        Assert.Contains($"body.metadata.webhook_url: http://127.0.0.1:{receiver.Port + 1} is not a host this server may send to", (string?)otherAnswer["error"], StringComparison.Ordinal);
        Assert.Contains("--allow-net", (string?)otherAnswer["error"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, trace);
        Assert.Contains("body.metadata.trace_webhook_url: http://example.com is not a host", (string?)traceAnswer["error"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nothing);
        Assert.Contains("net access to '127.0.0.1:", (string?)nothingAnswer["error"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await granted.GetAsync("workflows/refused")).Status);
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await receiverNext(receiver, wait.Token));

        static async Task receiverNext(WebhookReceiver r, CancellationToken token) => await r.NextAsync().WaitAsync(token);
    }
}
