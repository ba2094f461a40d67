using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Reflow.Server.Tests.Hosting;

/// <summary>A real WebSocket client of a running server, as fbp-test is one: JSON text messages, sub-protocol noflo.</summary>
internal sealed class WebSocketTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;

    private WebSocketTestClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? SubProtocol => _socket.SubProtocol;

    /// <summary>Connects to <paramref name="url"/>; <paramref name="origin"/> is sent as a browser would; <paramref name="trusted"/> is the only server certificate accepted.</summary>
    public static async Task<WebSocketTestClient> ConnectAsync(Uri url, string? origin = null, X509Certificate2? trusted = null)
    {
        ClientWebSocket socket = Create(origin, trusted);
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(url, timeout.Token);
        return new WebSocketTestClient(socket);
    }

    /// <summary>Tries to connect and returns the HTTP status the server answered with (101 when it took the WebSocket).</summary>
    public static async Task<int> ConnectStatusAsync(Uri url, string? origin)
    {
        using ClientWebSocket socket = Create(origin, null);
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

    /// <summary>Sends <paramref name="text"/> as one message in frames of <paramref name="frameBytes"/> bytes (continuation frames).</summary>
    public async Task SendFragmentedAsync(string text, int frameBytes)
    {
        using var timeout = new CancellationTokenSource(Patience);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        for (int offset = 0; offset < utf8.Length; offset += frameBytes)
        {
            int length = Math.Min(frameBytes, utf8.Length - offset);
            await _socket.SendAsync(utf8.AsMemory(offset, length), WebSocketMessageType.Text, endOfMessage: offset + length == utf8.Length, timeout.Token);
        }
    }

    /// <summary>The next message; null when the server closed the connection instead.</summary>
    public async Task<JsonObject?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            WebSocketReceiveResult result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    /// <summary>Sends <paramref name="message"/> and returns the answer, which must be on <paramref name="protocol"/> with <paramref name="command"/>.</summary>
    public async Task<JsonObject> RequestAsync(JsonObject message, string protocol, string command)
    {
        await SendAsync(message);
        JsonObject answer = await ReceiveAsync() ?? throw new Xunit.Sdk.XunitException("The server closed the connection instead of answering.");
        Assert.Equal(protocol, (string?)answer["protocol"]);
        Assert.True(command == (string?)answer["command"], $"Expected {protocol}:{command}, got {answer.ToJsonString()}");
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived) // CloseReceived: answer the server's close
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

    private static ClientWebSocket Create(string? origin, X509Certificate2? trusted)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("noflo");
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (trusted is not null)
        {
            // Only the test's own certificate: the chain is self-made, so compare it exactly instead of trusting it widely.
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString()
                && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None;
        }

        return socket;
    }
}
