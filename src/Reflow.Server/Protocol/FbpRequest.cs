using System.Text.Json.Nodes;

namespace Reflow.Server.Protocol;

/// <summary>A message from one client, as a handler gets it: replies go to that client, answering its request id.</summary>
internal sealed record FbpRequest(FbpMessage Message, IFbpClient Client)
{
    /// <summary>Sends <paramref name="command"/> on the request's protocol to the requesting client.</summary>
    public ValueTask ReplyAsync(string command, JsonNode? payload, CancellationToken cancellationToken) =>
        Client.SendAsync(Message.Protocol, command, payload, Message.RequestId, cancellationToken);

    /// <summary>Sends <paramref name="command"/> on another protocol to the requesting client (e.g. graph:addnode answered by network:… is not usual; runtime:ports after a graph change is).</summary>
    public ValueTask ReplyAsync(string protocol, string command, JsonNode? payload, CancellationToken cancellationToken) =>
        Client.SendAsync(protocol, command, payload, Message.RequestId, cancellationToken);

    /// <summary>The payload's string <paramref name="name"/>.</summary>
    /// <exception cref="FbpProtocolException">Missing or not a string: the text names the command and the field.</exception>
    public string RequireString(string name) =>
        Message.Payload[name] is JsonValue v && v.TryGetValue(out string? s)
            ? s
            : throw new FbpProtocolException($"{Message.Protocol}:{Message.Command} needs a \"{name}\" string in its payload.");

    /// <summary>The payload's string <paramref name="name"/>, or null when absent.</summary>
    /// <exception cref="FbpProtocolException">Present but not a string.</exception>
    public string? OptionalString(string name) => Message.Payload[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => throw new FbpProtocolException($"{Message.Protocol}:{Message.Command}: \"{name}\" must be a string."),
    };
}
