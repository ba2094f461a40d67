using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reflow.Server.Hosting;
using Reflow.Server.Runtime;

namespace Reflow.Server.Workflows;

/// <summary>
/// The original's workflow API on the protocol server: <c>POST /workflows</c>, <c>GET /workflows/{id}</c>,
/// <c>POST /workflows/{id}/cancel</c>, the <c>/ws</c> event stream and <c>GET /health</c>. Behind the same origin
/// check as the rest of the server; every route but <c>/health</c> needs the server's secret when it has one.
/// </summary>
internal static class WorkflowEndpoints
{
    /// <summary>Refuses limits that cannot work, naming the option.</summary>
    /// <exception cref="ReflowServerException">A limit is below 1 (kept finished executions: below 0).</exception>
    public static void Validate(ReflowServerOptions options)
    {
        if (options.MaxRunningWorkflows < 1 || options.MaxQueuedWorkflows < 0 || options.MaxKeptWorkflows < 0)
        {
            throw new ReflowServerException(
                $"MaxRunningWorkflows ({options.MaxRunningWorkflows}) must be at least 1, MaxQueuedWorkflows ({options.MaxQueuedWorkflows}) and MaxKeptWorkflows ({options.MaxKeptWorkflows}) at least 0.");
        }
    }

    /// <summary>
    /// Maps the routes (matched before the protocol's terminal handler) and stops every workflow run when the
    /// application stops.
    /// </summary>
    public static WorkflowService Map(WebApplication app, RuntimeState state, ReflowServerOptions options, Action<string> log, WorkflowSettings? settings = null)
    {
        settings ??= new WorkflowSettings
        {
            MaxRunning = options.MaxRunningWorkflows,
            MaxQueued = options.MaxQueuedWorkflows,
            MaxKeptFinished = options.MaxKeptWorkflows,
        };
        var service = new WorkflowService(state, settings, log);
        CancellationToken stopping = app.Lifetime.ApplicationStopping;
        stopping.Register(service.Dispose);
        int maxBytes = options.MaxMessageBytes;

        app.UseRouting();
        app.MapGet("/health", context => WorkflowHttp.SuccessAsync(context, "Server is healthy"));
        app.MapPost("/workflows", context => Guarded(context, service, () => SubmitAsync(context, service, maxBytes)));
        app.MapGet("/workflows/{id}", context => Guarded(context, service, () => StatusAsync(context, service)));
        app.MapPost("/workflows/{id}/cancel", context => Guarded(context, service, () => CancelAsync(context, service)));
        app.MapGet("/ws", context => SocketAsync(context, service, maxBytes, log, stopping));
        app.UseEndpoints(_ => { });
        return service;
    }

    private static async Task Guarded(HttpContext context, WorkflowService service, Func<Task> handle)
    {
        if (!WorkflowHttp.HasSecret(context, service.Secret, queryAllowed: false))
        {
            await WorkflowHttp.RefuseSecretAsync(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (WorkflowRequestException ex)
        {
            await WorkflowHttp.ErrorAsync(context, ex.Status, ex.Message).ConfigureAwait(false);
        }
    }

    private static async Task SubmitAsync(HttpContext context, WorkflowService service, int maxBytes)
    {
        JsonNode? body = await WorkflowHttp.ReadJsonAsync(context, maxBytes).ConfigureAwait(false);
        WorkflowRequest request = await service.ParseAsync(body, "body", context.RequestAborted).ConfigureAwait(false);
        WorkflowExecution execution = service.Submit(request);
        await WorkflowHttp.SuccessAsync(context, Accepted(execution, "Workflow started in background - subscribe for events")).ConfigureAwait(false);
    }

    /// <summary>
    /// The original's answer to a start (<c>status: "started"</c>, which its clients may test), with this server's
    /// <c>execution_status</c> (Queued: the run starts in the background).
    /// </summary>
    public static JsonObject Accepted(WorkflowExecution execution, string message) => new()
    {
        ["execution_id"] = execution.Id,
        ["status"] = "started",
        ["execution_status"] = WorkflowStatus.Queued.ToString(),
        ["message"] = message,
    };

    private static Task StatusAsync(HttpContext context, WorkflowService service)
    {
        WorkflowExecution execution = Require(context, service);
        return WorkflowHttp.SuccessAsync(context, execution.ToStatusJson());
    }

    private static Task CancelAsync(HttpContext context, WorkflowService service)
    {
        WorkflowExecution execution = Require(context, service);
        (bool cancelled, WorkflowStatus was) = service.Cancel(execution);
        if (!cancelled)
        {
            throw new WorkflowRequestException(
                $"Execution \"{execution.Id}\" has already finished ({was}): only a Queued or Running execution can be cancelled.", StatusCodes.Status409Conflict);
        }

        return WorkflowHttp.SuccessAsync(context, new JsonObject { ["execution_id"] = execution.Id, ["status"] = "cancelled" });
    }

    private static WorkflowExecution Require(HttpContext context, WorkflowService service)
    {
        string id = context.Request.RouteValues["id"] as string ?? "";
        return service.Find(id) ?? throw new WorkflowRequestException(NotFound(id, service), StatusCodes.Status404NotFound);
    }

    /// <summary>The text of an unknown execution id.</summary>
    public static string NotFound(string id, WorkflowService service) =>
        $"Execution \"{id}\" not found: this server has no such execution (it keeps the last {service.Settings.MaxKeptFinished} finished ones).";

    private static async Task SocketAsync(HttpContext context, WorkflowService service, int maxBytes, Action<string> log, CancellationToken stopping)
    {
        if (!WorkflowHttp.HasSecret(context, service.Secret, queryAllowed: true))
        {
            await WorkflowHttp.RefuseSecretAsync(context).ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await WorkflowHttp.ErrorAsync(context, StatusCodes.Status426UpgradeRequired, "/ws is the workflow event stream: connect with a WebSocket.").ConfigureAwait(false);
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        string id = $"ws {context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        await new WorkflowSocket(socket, service, maxBytes, id, log).RunAsync(ending.Token).ConfigureAwait(false);
    }
}
