using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Reflow.Server.Tests.Workflows;

/// <summary>A server with a secret takes workflow requests only with it (header or, on /ws, the query), as the protocol does.</summary>
public sealed class WorkflowSecretTests
{
    private const string Secret = "s3cret-for-tests";

    private static async Task<HttpStatusCode> PostAsync(WorkflowTestServer server, string path, Action<HttpRequestHeaders> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Http.BaseAddress!, path))
        {
            Content = new StringContent(WorkflowTestServer.Request(WorkflowGraphs.Greeting()).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        headers(request.Headers);
        using var client = new HttpClient(); // without the server client's default Authorization
        using HttpResponseMessage response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            JsonObject body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.False((bool?)body["success"]);
            Assert.Contains("The secret is wrong or missing", (string?)body["error"], StringComparison.Ordinal);
        }

        return response.StatusCode;
    }

    [Fact]
    public async Task A_missing_or_wrong_secret_is_refused_and_the_right_one_taken_by_either_header()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(secret: Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(server, "workflows", _ => { }));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(server, "workflows", h => h.Authorization = new AuthenticationHeaderValue("Bearer", "wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(server, "workflows", h => h.Add("X-Reflow-Secret", Secret + "x")));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(server, "workflows/any/cancel", _ => { }));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(server, "workflows", h => h.Authorization = new AuthenticationHeaderValue("Bearer", Secret)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(server, "workflows", h => h.Add("X-Reflow-Secret", Secret)));
        using var anonymous = new HttpClient();
        using HttpResponseMessage status = await anonymous.GetAsync(new Uri(server.Http.BaseAddress!, "workflows/any"));
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal("Bearer", status.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_event_stream_needs_the_secret_too()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync(secret: Secret);

        Assert.Equal(401, await WorkflowSocketClient.ConnectStatusAsync(server.SocketUrl));
        Assert.Equal(401, await WorkflowSocketClient.ConnectStatusAsync(new Uri(server.SocketUrl + "?secret=wrong")));
        await using WorkflowSocketClient byQuery = await WorkflowSocketClient.ConnectAsync(new Uri(server.SocketUrl + "?secret=" + Secret));
        await using WorkflowSocketClient byHeader = await WorkflowSocketClient.ConnectAsync(server.SocketUrl, bearer: Secret);
        await byHeader.SendAsync(new JsonObject { ["type"] = "start_workflow", ["data"] = WorkflowTestServer.Request(WorkflowGraphs.Greeting()) });
        Assert.Equal("workflow_started", (string?)(await byHeader.ReceiveAsync())["type"]);
    }
}
