using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Reflow.Actors;
using Reflow.Components;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Server.Hosting;

namespace Reflow.Server.Tests.Workflows;

/// <summary>A real server on 127.0.0.1 (a free port) with the standard components and one that always fails, and an HTTP client of its workflow API.</summary>
internal sealed class WorkflowTestServer : IAsyncDisposable
{
    public const string FailingComponent = "test/Fail";

    /// <summary>How long a poll waits for a state before the test fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string? _secret;

    private WorkflowTestServer(ReflowServer server, string? secret)
    {
        Server = server;
        _secret = secret;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Url.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        if (secret is not null)
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
    }

    public ReflowServer Server { get; }

    /// <summary>Sends the secret (when the server has one) on every request.</summary>
    public HttpClient Http { get; }

    public Uri SocketUrl => new($"ws://127.0.0.1:{Server.Url.Port}/ws");

    public static async Task<WorkflowTestServer> StartAsync(string? secret = null, PermissionSet? permissions = null, int maxMessageBytes = 1024 * 1024, int maxRunning = 4, int maxQueued = 64, int maxKept = 100)
    {
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents();
        registry.Add(Component.FromFunc(
            new ComponentDescription(FailingComponent, [new PortDefinition("in")], [new PortDefinition("out")]),
            context => throw new InvalidOperationException($"cannot take {context.Message}")));
        ReflowServer server = await ReflowServer.StartAsync(new ReflowServerOptions
        {
            Address = "127.0.0.1",
            Port = 0,
            Secret = secret,
            Components = registry,
            MaxMessageBytes = maxMessageBytes,
            MaxRunningWorkflows = maxRunning,
            MaxQueuedWorkflows = maxQueued,
            MaxKeptWorkflows = maxKept,
            NetworkOptions = new NetworkOptions { WorkerCount = 2, Permissions = permissions ?? PermissionSet.None },
        });
        return new WorkflowTestServer(server, secret);
    }

    /// <summary>The original's request body.</summary>
    public static JsonObject Request(JsonNode graph, JsonNode? input = null, string workflowId = "wf-test", string? executionId = null, JsonObject? metadata = null)
    {
        metadata ??= [];
        metadata["workflow_id"] = workflowId;
        metadata["source"] = "tests";
        if (executionId is not null)
        {
            metadata["execution_id"] = executionId;
        }

        return new JsonObject { ["graph_json"] = graph, ["input"] = input, ["metadata"] = metadata };
    }

    /// <summary>POSTs <paramref name="body"/> (text as is) and returns the status and the parsed answer.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Http.PostAsync(path, content);
        return (response.StatusCode, await BodyAsync(response));
    }

    public Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, JsonObject body) => PostAsync(path, body.ToJsonString());

    public async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string path)
    {
        using HttpResponseMessage response = await Http.GetAsync(path);
        return (response.StatusCode, await BodyAsync(response));
    }

    /// <summary>Submits and returns the execution id (the answer checked to be the original's).</summary>
    public async Task<string> SubmitAsync(JsonObject request)
    {
        (HttpStatusCode status, JsonObject body) = await PostAsync("workflows", request);
        Assert.True(status == HttpStatusCode.OK, $"POST /workflows answered {status}: {body.ToJsonString()}");
        Assert.True((bool?)body["success"]);
        Assert.Equal("started", (string?)body["data"]?["status"]);
        return (string?)body["data"]?["execution_id"] ?? throw new Xunit.Sdk.XunitException("no execution_id in " + body.ToJsonString());
    }

    /// <summary>The execution's state (<c>data</c> of <c>GET /workflows/{id}</c>).</summary>
    public async Task<JsonObject> StatusAsync(string id)
    {
        (HttpStatusCode status, JsonObject body) = await GetAsync($"workflows/{Uri.EscapeDataString(id)}");
        Assert.True(status == HttpStatusCode.OK, $"GET /workflows/{id} answered {status}: {body.ToJsonString()}");
        return body["data"]!.AsObject();
    }

    /// <summary>Polls until <paramref name="done"/> holds for the state (every 20 ms, at most <see cref="Patience"/>).</summary>
    public async Task<JsonObject> PollAsync(string id, Func<JsonObject, bool> done, string what)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        JsonObject state = await StatusAsync(id);
        while (!done(state))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"{what}: not within {Patience.TotalSeconds} s; last state {state.ToJsonString()}");
            }

            await Task.Delay(20);
            state = await StatusAsync(id);
        }

        return state;
    }

    /// <summary>Polls until the execution has finished (Completed, Failed or Cancelled).</summary>
    public Task<JsonObject> FinishedAsync(string id) =>
        PollAsync(id, s => (string?)s["status"] is "Completed" or "Failed" or "Cancelled", $"execution {id} finishing");

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} answered {response.Content.Headers.ContentType}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
