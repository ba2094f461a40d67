using System.Text.Json.Nodes;

namespace Reflow.Server.Protocol;

/// <summary>
/// One connected protocol client (a WebSocket connection, or a test's recording client). Sending never throws for a
/// client that has gone: the message is dropped for that client only (a closed client hears nothing more).
/// </summary>
internal interface IFbpClient
{
    /// <summary>A name for logs: the connection's number and remote address.</summary>
    string Id { get; }

    /// <summary>
    /// Queues one message to this client; messages reach it in the order they were queued. The payload is serialized
    /// before this returns: the caller may send the same node to other clients, or change it, afterwards.
    /// </summary>
    /// <param name="protocol">The sub-protocol (<c>runtime</c>, <c>graph</c>, …).</param>
    /// <param name="command">The command or event name.</param>
    /// <param name="payload">The payload object (null: an empty one).</param>
    /// <param name="responseTo">The <c>requestId</c> of the request this answers, or null (events, broadcasts).</param>
    /// <param name="cancellationToken">Stops waiting for room in a full send queue.</param>
    ValueTask SendAsync(string protocol, string command, JsonNode? payload, string? responseTo, CancellationToken cancellationToken);
}
