using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Server.Hosting;

namespace Reflow.Server.Workflows;

/// <summary>
/// One <c>/ws</c> connection, speaking the original's messages: <c>start_workflow</c> (answered
/// <c>workflow_started</c>), <c>subscribe_workflow</c> (<c>subscription_ack</c>, then every <c>workflow_event</c> of
/// the execution, from its <c>Started</c> to its end), <c>cancel_workflow</c> (<c>workflow_cancelled</c>). Anything
/// else is answered <c>{"type": "error", "success": false, "error": …}</c> and the connection goes on; a message over
/// the size limit is answered so and the connection closed (1009).
/// </summary>
/// <remarks>
/// One writer loop sends what a bounded queue holds, so answers and events go out in the order they were queued; a
/// client that takes nothing for <see cref="SlowClientPatience"/> while the queue is full is dropped, so a reader that
/// stopped cannot hold runs or other clients.
/// </remarks>
internal sealed class WorkflowSocket(WebSocket socket, WorkflowService service, int maxMessageBytes, string id, Action<string> log)
{
    private const int QueueCapacity = 4096;

    /// <summary>Subscriptions one connection may hold at once.</summary>
    private const int MaxSubscriptions = 64;

    private static readonly TimeSpan SlowClientPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClosePatience = TimeSpan.FromSeconds(5);

    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly Dictionary<string, Task> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Runs until the peer closes, the connection fails or <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closing.Token);
        CancellationToken token = linked.Token;
        Task writer = Task.Run(() => WriteLoopAsync(token), CancellationToken.None);
        log($"{id}: connected to the workflow stream");
        var buffer = new ArrayBufferWriter<byte>(4096);
        WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                buffer.ResetWrittenCount();
                (bool whole, WebSocketMessageType type) = await Hosting.WebSocketMessages.ReceiveAsync(socket, buffer, maxMessageBytes, token).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    break;
                }

                if (!whole)
                {
                    await SendAsync(Error($"The message is larger than this server takes ({maxMessageBytes} bytes; reflow serve --max-message-bytes): the connection is closed."), token).ConfigureAwait(false);
                    status = WebSocketCloseStatus.MessageTooBig;
                    break;
                }

                JsonObject? answer = type == WebSocketMessageType.Text
                    ? await HandleAsync(buffer.WrittenSpan.ToArray(), token).ConfigureAwait(false)
                    : Error("A binary message is not understood: send each message as JSON text.");
                if (answer is not null)
                {
                    await SendAsync(answer, token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            log($"{id}: workflow stream ended: {ex.Message}");
        }
        finally
        {
            _queue.Writer.TryComplete();
            await CloseAsync(writer, status).ConfigureAwait(false);
            await _closing.CancelAsync().ConfigureAwait(false); // subscriptions stop forwarding
            Task[] forwarding = [.. _subscriptions.Values];
            await Task.WhenAll(forwarding).WaitAsync(ClosePatience, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _closing.Dispose();
            log($"{id}: workflow stream disconnected");
        }
    }

    private async Task CloseAsync(Task writer, WebSocketCloseStatus status)
    {
        try
        {
            await writer.WaitAsync(ClosePatience).ConfigureAwait(false);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var patience = new CancellationTokenSource(ClosePatience);
                await socket.CloseAsync(status, "", patience.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or TimeoutException)
        {
            socket.Abort();
        }
    }

    /// <summary>One message; its answer (null when answered already, as a subscription's ack is).</summary>
    private async Task<JsonObject?> HandleAsync(byte[] utf8, CancellationToken token)
    {
        if (JsonTextCheck.Problem(utf8) is string problem)
        {
            return Error($"Invalid JSON text: {problem}.");
        }

        JsonObject message;
        try
        {
            message = JsonNode.Parse(utf8, documentOptions: JsonTextCheck.NoDuplicateKeys) as JsonObject ?? throw new JsonException("expected a JSON object {\"type\": …}");
        }
        catch (JsonException ex)
        {
            return Error($"Invalid JSON: {ex.Message}");
        }

        string? type = message["type"] is JsonValue v && v.TryGetValue(out string? t) ? t : null;
        return type switch
        {
            null => Error("Missing message type: expected \"type\": \"start_workflow\", \"subscribe_workflow\" or \"cancel_workflow\"."),
            "start_workflow" => await StartAsync(message, token).ConfigureAwait(false),
            "subscribe_workflow" => await SubscribeAsync(message, token).ConfigureAwait(false),
            "cancel_workflow" => Cancel(message),
            _ => Error($"Unknown message type: {type} (expected start_workflow, subscribe_workflow or cancel_workflow)."),
        };
    }

    private async Task<JsonObject> StartAsync(JsonObject message, CancellationToken token)
    {
        if (message["data"] is not JsonNode data)
        {
            return Error("Missing request data: start_workflow needs \"data\": {\"graph_json\": …, \"input\": …, \"metadata\": {\"workflow_id\": …}}.");
        }

        WorkflowRequest request;
        try
        {
            request = await service.ParseAsync(data, "data", token).ConfigureAwait(false);
        }
        catch (WorkflowRequestException ex)
        {
            return Error($"Invalid request: {ex.Message}");
        }

        try
        {
            WorkflowExecution execution = service.Submit(request);
            JsonObject answer = WorkflowEndpoints.Accepted(execution, "Workflow started in background");
            answer["type"] = "workflow_started";
            answer["success"] = true;
            return answer;
        }
        catch (WorkflowRequestException ex)
        {
            return new JsonObject { ["type"] = "workflow_error", ["success"] = false, ["error"] = ex.Message };
        }
    }

    private async Task<JsonObject?> SubscribeAsync(JsonObject message, CancellationToken token)
    {
        if (ExecutionId(message) is not string executionId)
        {
            return Error("Missing execution_id: subscribe_workflow needs \"execution_id\": a string.");
        }

        if (service.Find(executionId) is not WorkflowExecution execution)
        {
            return Error(WorkflowEndpoints.NotFound(executionId, service));
        }

        foreach (string done in _subscriptions.Where(s => s.Value.IsCompleted).Select(s => s.Key).ToList())
        {
            _subscriptions.Remove(done);
        }

        if (_subscriptions.ContainsKey(executionId))
        {
            return Error($"Already subscribed to execution \"{executionId}\" on this connection.");
        }

        if (_subscriptions.Count >= MaxSubscriptions)
        {
            return Error($"This connection follows {MaxSubscriptions} executions already (the limit): wait for one to end, or open another connection.");
        }

        // The ack is queued before the first event, so the client reads them in that order.
        await SendAsync(new JsonObject
        {
            ["type"] = "subscription_ack",
            ["success"] = true,
            ["execution_id"] = executionId,
            ["message"] = "Subscribed to workflow events",
        }, token).ConfigureAwait(false);
        ChannelReader<WorkflowEvent> events = execution.Subscribe();
        _subscriptions[executionId] = Task.Run(() => ForwardAsync(execution, events, token), CancellationToken.None);
        return null;
    }

    private async Task ForwardAsync(WorkflowExecution execution, ChannelReader<WorkflowEvent> events, CancellationToken token)
    {
        try
        {
            await foreach (WorkflowEvent e in events.ReadAllAsync(token).ConfigureAwait(false))
            {
                await SendAsync(e.ToSocketJson(), token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closes.
        }
        finally
        {
            execution.Unsubscribe(events);
        }
    }

    private JsonObject Cancel(JsonObject message)
    {
        if (ExecutionId(message) is not string executionId)
        {
            return Error("Missing execution_id: cancel_workflow needs \"execution_id\": a string.");
        }

        if (service.Find(executionId) is not WorkflowExecution execution)
        {
            return Error(WorkflowEndpoints.NotFound(executionId, service));
        }

        (bool cancelled, WorkflowStatus was) = service.Cancel(execution);
        return cancelled
            ? new JsonObject { ["type"] = "workflow_cancelled", ["success"] = true, ["execution_id"] = executionId }
            : Error($"Execution \"{executionId}\" has already finished ({was}): only a Queued or Running execution can be cancelled.");
    }

    private static string? ExecutionId(JsonObject message) =>
        message["execution_id"] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s : null;

    private static JsonObject Error(string error) => new() { ["type"] = "error", ["success"] = false, ["error"] = error };

    private async ValueTask SendAsync(JsonObject message, CancellationToken token)
    {
        string text = message.ToJsonString();
        if (_queue.Writer.TryWrite(text))
        {
            return;
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(token);
        patience.CancelAfter(SlowClientPatience);
        try
        {
            await _queue.Writer.WriteAsync(text, patience.Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Closing: nothing more is sent.
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            log($"{id}: took no message for {SlowClientPatience.TotalSeconds:0} s with {QueueCapacity} waiting; dropping the connection");
            await _closing.CancelAsync().ConfigureAwait(false);
            socket.Abort();
        }
    }

    private async Task WriteLoopAsync(CancellationToken token)
    {
        try
        {
            await foreach (string text in _queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            log($"{id}: sending stopped: {ex.Message}");
        }
    }
}
