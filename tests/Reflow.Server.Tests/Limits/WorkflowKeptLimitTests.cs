using System.Text.Json.Nodes;
using Reflow.Server.Tests.Workflows;

namespace Reflow.Server.Tests.Limits;

/// <summary>
/// What one execution keeps for status queries and late subscribers (WorkflowSettings: 1000 outputs per exported
/// out-port, 1000 events): past it the rest are counted in the statistics (<c>outputs_not_kept</c>,
/// <c>events_not_kept</c>) and not kept; the totals still count everything.
/// </summary>
public sealed class WorkflowKeptLimitTests
{
    private const int Limit = 1000;

    [Theory]
    [InlineData(Limit)]
    [InlineData(Limit + 1)]
    [InlineData(Limit + 250)]
    public async Task Outputs_up_to_1000_per_port_are_kept_and_the_rest_counted_as_not_kept(int count)
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        var items = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode?)i)]);

        string id = await server.SubmitAsync(WorkflowTestServer.Request(Splitter(), new JsonObject { ["items"] = items }));
        JsonObject state = await server.FinishedAsync(id);

        Assert.Equal("Completed", (string?)state["status"]);
        JsonArray kept = state["result"]!["results"]!["values"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, Math.Min(count, Limit)), kept.Select(v => (int)v!)); // the first ones, in order
        Assert.Equal(count, (long?)state["statistics"]!["outputs"]!["values"]);
        JsonNode? notKept = state["statistics"]!["outputs_not_kept"];
        if (count <= Limit)
        {
            Assert.Null(notKept);
        }
        else
        {
            Assert.Equal(count - Limit, (long?)notKept?["values"]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    public async Task Events_up_to_1000_are_kept_and_the_rest_counted_as_not_kept_while_a_late_subscriber_still_hears_the_end(int past)
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        // Each node ends with one ActorCompleted; the run adds Started and Completed.
        int nodes = Limit - 2 + past;

        string id = await server.SubmitAsync(WorkflowTestServer.Request(Repeaters(nodes)));
        JsonObject state = await server.FinishedAsync(id);
        await using WorkflowSocketClient client = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);
        await client.SendAsync(new JsonObject { ["type"] = "subscribe_workflow", ["execution_id"] = id });
        Assert.Equal("subscription_ack", (string?)(await client.ReceiveAsync())["type"]);
        List<JsonObject> replayed = await client.UntilAsync(e => (string?)e["event_type"] is "Completed" or "Cancelled" || ((string?)e["event_type"])!.StartsWith("Failed", StringComparison.Ordinal));

        Assert.Equal("Completed", (string?)state["status"]);
        JsonObject statistics = state["statistics"]!.AsObject();
        Assert.True((long?)statistics["events"] == Limit + past, statistics.ToJsonString());
        if (past == 0)
        {
            Assert.Null(statistics["events_not_kept"]);
            Assert.Equal(Limit, replayed.Count);
        }
        else
        {
            Assert.Equal(past, (long?)statistics["events_not_kept"]);
            Assert.Equal(Limit + 1, replayed.Count); // the kept ones, then the end, which is told even past the limit
        }

        Assert.Equal("Started", (string?)replayed[0]["event_type"]);
        Assert.Equal("Completed", (string?)replayed[^1]["event_type"]);
    }

    /// <summary>Exported in-port <c>items</c> → flow/Split → exported out-port <c>values</c>: one output per element.</summary>
    private static JsonObject Splitter() => JsonNode.Parse("""
        {
          "processes": { "split": { "id": "split", "component": "flow/Split" } },
          "connections": [],
          "inports": { "items": { "portName": "in", "portId": "items", "nodeId": "split", "expose": true, "metadata": {} } },
          "outports": { "values": { "portName": "out", "portId": "values", "nodeId": "split", "expose": true, "metadata": {} } },
          "groups": []
        }
        """)!.AsObject();

    /// <summary><paramref name="count"/> unconnected core/Repeat nodes: each starts and ends at once.</summary>
    private static JsonObject Repeaters(int count) => new()
    {
        ["processes"] = new JsonObject([.. Enumerable.Range(0, count).Select(i =>
            KeyValuePair.Create($"r{i}", (JsonNode?)new JsonObject { ["id"] = $"r{i}", ["component"] = "core/Repeat" }))]),
        ["connections"] = new JsonArray(),
        ["inports"] = new JsonObject(),
        ["outports"] = new JsonObject(),
        ["groups"] = new JsonArray(),
    };
}
