using System.Text.Json;
using System.Text.Json.Nodes;
using Reflow.Server.Hosting;

namespace Reflow.Server.Protocol;

/// <summary>
/// One FBP network protocol message: <c>{"protocol", "command", "payload", "requestId"?, "responseTo"?, "secret"?}</c>
/// as JSON text over WebSocket (sub-protocol <c>noflo</c>). Inbound messages carry the client's secret (in the envelope
/// or, from older clients, in the payload); outbound ones never carry one.
/// </summary>
internal sealed record FbpMessage(string Protocol, string Command, JsonObject Payload, string? RequestId = null, string? Secret = null)
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    /// <summary>Reads one inbound message.</summary>
    /// <exception cref="FbpProtocolException">Not UTF-8, not JSON (or a string escapes a lone surrogate, or an object has a key twice), not an object, or <c>protocol</c>/<c>command</c> missing or not strings; the text says which.</exception>
    public static FbpMessage Parse(ReadOnlySpan<byte> utf8)
    {
        if (JsonTextCheck.Problem(utf8) is string problem)
        {
            throw new FbpProtocolException($"The message is not JSON text a string can be read from: {problem}.");
        }

        JsonNode? root;
        try
        {
            // Duplicate keys are refused here: JsonObject would otherwise throw ArgumentException when a handler reads one.
            root = JsonNode.Parse(utf8, NodeOptions, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new FbpProtocolException($"The message is not JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject envelope)
        {
            throw new FbpProtocolException("The message is not a JSON object with protocol, command and payload.");
        }

        string protocol = RequiredString(envelope, "protocol");
        string command = RequiredString(envelope, "command");
        JsonObject payload = envelope["payload"] switch
        {
            null => [],
            JsonObject o => o,
            _ => throw new FbpProtocolException($"The payload of {protocol}:{command} is not a JSON object."),
        };
        envelope.Remove("payload"); // detached so handlers may keep or move its nodes
        string? secret = OptionalString(envelope, "secret") ?? OptionalString(payload, "secret");
        payload.Remove("secret");
        return new FbpMessage(protocol, command, payload, OptionalString(envelope, "requestId"), secret);
    }

    /// <summary>The JSON text of an outbound message (never with a secret).</summary>
    /// <remarks>
    /// Written rather than built as a <see cref="JsonObject"/> envelope: putting the payload into one would give it a
    /// parent, and the same payload could not be serialized again for the next client of a broadcast.
    /// </remarks>
    public static string Serialize(string protocol, string command, JsonNode? payload, string? responseTo)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("protocol", protocol);
            writer.WriteString("command", command);
            writer.WritePropertyName("payload");
            if (payload is null)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                payload.WriteTo(writer);
            }

            if (responseTo is not null)
            {
                writer.WriteString("responseTo", responseTo);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string RequiredString(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0
            ? s
            : throw new FbpProtocolException($"The message has no \"{name}\" string (every message needs protocol, command and payload).");

    private static string? OptionalString(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
