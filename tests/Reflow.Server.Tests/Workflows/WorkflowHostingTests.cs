using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Reflow.Server.Tests.Workflows;

/// <summary>The workflow routes under the server's hosting rules: origin check, message size, stopping with runs under way.</summary>
public sealed class WorkflowHostingTests
{
    [Fact]
    public async Task A_browser_page_from_another_origin_is_refused()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Http.BaseAddress!, "workflows"))
        {
            Content = new StringContent(WorkflowTestServer.Request(WorkflowGraphs.Greeting()).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");

        using HttpResponseMessage response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Origin \"https://evil.example\" is not allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_message_over_the_limit_is_answered_and_that_connection_closed_only()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(maxMessageBytes: 2048);
        await using WorkflowSocketClient big = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);
        await using WorkflowSocketClient other = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);

        await big.SendTextAsync("{\"type\": \"start_workflow\", \"data\": \"" + new string('x', 4000) + "\"}");
        JsonObject answer = await big.ReceiveAsync();

        Assert.Equal("error", (string?)answer["type"]);
        Assert.Contains("larger than this server takes (2048 bytes", (string?)answer["error"], StringComparison.Ordinal);
        await other.SendAsync(new JsonObject { ["type"] = "start_workflow", ["data"] = WorkflowTestServer.Request(WorkflowGraphs.Greeting()) });
        Assert.Equal("workflow_started", (string?)(await other.ReceiveAsync())["type"]);
        await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(big.ReceiveAsync); // the server closed it
    }

    [Fact]
    public async Task Stopping_the_server_ends_running_executions_and_open_streams()
    {
        WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Ticker()));
        await server.PollAsync(id, s => (long?)s["statistics"]?["outputs"]?["ticks"] >= 1, "a tick");
        await using WorkflowSocketClient client = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);
        await client.SendAsync(new JsonObject { ["type"] = "subscribe_workflow", ["execution_id"] = id });
        Assert.Equal("subscription_ack", (string?)(await client.ReceiveAsync())["type"]);

        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        // The stream ends (closed by the server) rather than staying open on a server that is gone.
        for (int i = 0; i < 1000 && client.State == WebSocketState.Open; i++)
        {
            try
            {
                await client.ReceiveAsync();
            }
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException or WebSocketException)
            {
                break;
            }
        }

        Assert.NotEqual(WebSocketState.Open, client.State);
    }
}
