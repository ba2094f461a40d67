using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Reflow.Server.Tests.Workflows;

/// <summary>A client of <c>/ws</c> as the original's clients were: JSON text messages, no sub-protocol.</summary>
internal sealed class WorkflowSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket;

    private WorkflowSocketClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<WorkflowSocketClient> ConnectAsync(Uri url, string? bearer = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(url, timeout.Token);
        return new WorkflowSocketClient(socket);
    }

    /// <summary>The HTTP status a connection attempt was answered with (101: taken).</summary>
    public static async Task<int> ConnectStatusAsync(Uri url)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await socket.ConnectAsync(url, timeout.Token);
        }
        catch (WebSocketException)
        {
            // The status says why.
        }

        return (int)socket.HttpStatusCode;
    }

    public Task SendAsync(JsonObject message) => SendTextAsync(message.ToJsonString());

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next message; fails the test when the server closed instead.</summary>
    public async Task<JsonObject> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            WebSocketReceiveResult result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new Xunit.Sdk.XunitException($"the server closed the connection ({result.CloseStatus}) instead of sending");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    /// <summary>Messages up to and including the first that satisfies <paramref name="last"/> (at most 10000).</summary>
    public async Task<List<JsonObject>> UntilAsync(Func<JsonObject, bool> last)
    {
        var seen = new List<JsonObject>();
        for (int i = 0; i < 10_000; i++)
        {
            JsonObject next = await ReceiveAsync();
            seen.Add(next);
            if (last(next))
            {
                return seen;
            }
        }

        throw new Xunit.Sdk.XunitException("no end among 10000 messages");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }

        _socket.Dispose();
    }
}
