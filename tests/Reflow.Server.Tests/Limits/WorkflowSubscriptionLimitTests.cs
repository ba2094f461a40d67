using System.Text.Json.Nodes;
using Reflow.Server.Tests.Workflows;

namespace Reflow.Server.Tests.Limits;

/// <summary>
/// Executions one <c>/ws</c> connection follows at once (WorkflowSocket.MaxSubscriptions: 64, not configurable): the
/// 65th subscribe_workflow is answered with an error naming the limit, the connection goes on, and once a followed
/// execution ends its place is free again.
/// </summary>
public sealed class WorkflowSubscriptionLimitTests
{
    private const int Limit = 64;

    [Fact]
    public async Task The_64th_subscription_is_acknowledged_the_65th_is_an_error_naming_the_limit_and_an_ended_one_frees_a_place()
    {
        // One runs, the others wait as Queued: none of them ends by itself (tickers), so all 65 stay followed.
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(maxRunning: 1, maxQueued: Limit + 1);
        var ids = new List<string>();
        for (int i = 0; i <= Limit; i++)
        {
            ids.Add(await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Ticker(), executionId: $"ticker-{i}")));
        }

        await using WorkflowSocketClient client = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);
        for (int i = 0; i < Limit; i++)
        {
            JsonObject ack = await AnswerAsync(client, Subscribe(ids[i]));
            Assert.True((string?)ack["type"] == "subscription_ack", $"subscription {i + 1}: {ack.ToJsonString()}");
            Assert.Equal(ids[i], (string?)ack["execution_id"]);
        }

        JsonObject refused = await AnswerAsync(client, Subscribe(ids[Limit]));

        Assert.Equal("error", (string?)refused["type"]);
        Assert.False((bool?)refused["success"]);
        Assert.Equal(
            "This connection follows 64 executions already (the limit): wait for one to end, or open another connection.",
            (string?)refused["error"]);

        // The connection goes on: a followed execution cancelled and ended leaves a place for the 65th.
        JsonObject cancelled = await AnswerAsync(client, new JsonObject { ["type"] = "cancel_workflow", ["execution_id"] = ids[1] });
        Assert.Equal("workflow_cancelled", (string?)cancelled["type"]);
        await server.FinishedAsync(ids[1]);
        JsonObject taken = await AnswerAsync(client, Subscribe(ids[Limit]));
        Assert.True((string?)taken["type"] == "subscription_ack", taken.ToJsonString());
    }

    [Fact]
    public async Task A_second_connection_has_its_own_64()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(maxRunning: 1, maxQueued: Limit);
        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Ticker(), executionId: "ticker"));
        await using WorkflowSocketClient first = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);
        await using WorkflowSocketClient second = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);

        Assert.Equal("subscription_ack", (string?)(await AnswerAsync(first, Subscribe(id)))["type"]);
        Assert.Equal("subscription_ack", (string?)(await AnswerAsync(second, Subscribe(id)))["type"]);
    }

    private static JsonObject Subscribe(string id) => new() { ["type"] = "subscribe_workflow", ["execution_id"] = id };

    /// <summary>Sends and returns the answer, passing over the events of executions already followed (at most 1000).</summary>
    private static async Task<JsonObject> AnswerAsync(WorkflowSocketClient client, JsonObject message)
    {
        await client.SendAsync(message);
        for (int i = 0; i < 1000; i++)
        {
            JsonObject next = await client.ReceiveAsync();
            if ((string?)next["type"] != "workflow_event")
            {
                return next;
            }
        }

        throw new Xunit.Sdk.XunitException("no answer among 1000 events");
    }
}
