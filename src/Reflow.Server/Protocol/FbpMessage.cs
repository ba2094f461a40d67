using System.Text.Json;
using System.Text.Json.Nodes;

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
    /// <exception cref="FbpProtocolException">Not JSON (or a string in it is not text: invalid UTF-8, a lone surrogate escape; or an object has a key twice), not an object, or <c>protocol</c>/<c>command</c> missing or not strings; the text says which.</exception>
    public static FbpMessage Parse(ReadOnlySpan<byte> utf8)
    {
        JsonNode? root;
        try
        {
            // Strings first: the parser's check of duplicate keys would throw InvalidOperationException on a bad one.
            CheckStrings(utf8);

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

    /// <summary>
    /// Refuses text that parses as JSON but whose strings cannot be read: invalid UTF-8, or a <c>\u</c> escape of a lone
    /// UTF-16 surrogate (<c>"\ud800"</c>). The parser accepts both and reading such a value later throws
    /// <see cref="InvalidOperationException"/> from inside a handler; checked here, the sender gets an error reply.
    /// </summary>
    private static void CheckStrings(ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new FbpProtocolException("The message is not valid UTF-8 text.");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    string what = reader.TokenType == JsonTokenType.PropertyName ? "a key" : "a string";
                    throw new FbpProtocolException($"The message has {what} with a \\u escape of a lone UTF-16 surrogate (at byte {reader.TokenStartIndex}), which is not text.");
                }
            }
        }
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
