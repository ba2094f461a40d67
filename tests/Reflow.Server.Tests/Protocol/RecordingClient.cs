using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Server.Protocol;

namespace Reflow.Server.Tests.Protocol;

/// <summary>A protocol client for tests: every message sent to it, parsed back from its JSON text, in order.</summary>
internal sealed class RecordingClient(string id = "test") : IFbpClient
{
    private readonly Channel<JsonObject> _messages = Channel.CreateUnbounded<JsonObject>();

    public string Id { get; } = id;

    public ValueTask SendAsync(string protocol, string command, JsonNode? payload, string? responseTo, CancellationToken cancellationToken)
    {
        // Through the wire format, as a WebSocket client would see it.
        string text = FbpMessage.Serialize(protocol, command, payload, responseTo);
        _messages.Writer.TryWrite(JsonNode.Parse(text)!.AsObject());
        return ValueTask.CompletedTask;
    }

    /// <summary>The next message sent to this client; fails the test after <paramref name="timeout"/> (default 10 s).</summary>
    public async Task<JsonObject> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _messages.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException("No message reached the client in time.");
        }
    }

    /// <summary>The next message whose protocol and command are these, skipping others.</summary>
    public async Task<JsonObject> NextAsync(string protocol, string command, TimeSpan? timeout = null)
    {
        while (true)
        {
            JsonObject message = await NextAsync(timeout);
            if ((string?)message["protocol"] == protocol && (string?)message["command"] == command)
            {
                return message;
            }
        }
    }

    /// <summary>Messages already sent and not read yet.</summary>
    public IReadOnlyList<JsonObject> Drain()
    {
        var list = new List<JsonObject>();
        while (_messages.Reader.TryRead(out JsonObject? m))
        {
            list.Add(m);
        }

        return list;
    }
}
