using System.Text.Json.Nodes;
using Reflow.Server.Protocol;

namespace Reflow.Fuzz.Targets;

/// <summary>
/// The fuzzed runtime's connected client: writes each as the wire's JSON text (so a reply
/// that cannot be written is a finding too), keeping none of them.
/// </summary>
internal sealed class ReplyCollectingClient : IFbpClient
{
    public string Id => "fuzz";

    public ValueTask SendAsync(string protocol, string command, JsonNode? payload, string? responseTo, CancellationToken cancellationToken)
    {
        FbpMessage.Serialize(protocol, command, payload, responseTo);
        return ValueTask.CompletedTask;
    }
}
