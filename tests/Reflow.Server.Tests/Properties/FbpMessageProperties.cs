using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Reflow.Server.Protocol;
using Reflow.Tests.Properties;

namespace Reflow.Server.Tests.Properties;

/// <summary>FBP protocol messages: any message written reads back; any damaged one is an FbpProtocolException, never another.</summary>
public sealed class FbpMessageProperties
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly Gen<string> Name = Generators.Text(10).Where(s => s.Length > 0);

    /// <summary>A payload object of any JSON (a "secret" key among them sometimes, which reading takes out).</summary>
    private static readonly Gen<JsonObject> Payload = Gen.Select(Gen.OneOf(Generators.Text(6), Gen.Const("secret")), Generators.JsonText(3)).Array[0, 6]
        .Select(entries => JsonNode.Parse(Generators.ObjectText(entries))!.AsObject());

    private static readonly Gen<byte[]> Valid = Gen.Select(Name, Name, Payload, Gen.OneOf(Gen.Const((string?)null), Name.Select(s => (string?)s)))
        .Select((protocol, command, payload, id) => Encoding.UTF8.GetBytes(FbpMessage.Serialize(protocol, command, payload, id)));

    [Fact]
    public void Any_message_written_reads_back_with_its_protocol_command_and_payload_without_a_secret() =>
        Gen.Select(Name, Name, Payload, Gen.OneOf(Gen.Const((string?)null), Name.Select(s => (string?)s))).Sample((protocol, command, payload, responseTo) =>
        {
            string text = FbpMessage.Serialize(protocol, command, payload, responseTo);
            FbpMessage message = FbpMessage.Parse(Encoding.UTF8.GetBytes(text));
            Assert.Equal((protocol, command), (message.Protocol, message.Command));
            JsonObject expected = payload.DeepClone().AsObject();
            string? secret = expected["secret"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            expected.Remove("secret");
            Assert.True(JsonNode.DeepEquals(expected, message.Payload), $"{expected.ToJsonString()}\n{message.Payload.ToJsonString()}");
            Assert.Equal(secret, message.Secret);
            // Written again, it is the same text: nothing was added or reordered.
            Assert.Equal(FbpMessage.Serialize(protocol, command, expected, responseTo), FbpMessage.Serialize(message.Protocol, message.Command, message.Payload, responseTo));
        }, iter: 2_000, seed: Seed);

    [Fact]
    public void Any_damaged_message_is_an_FbpProtocolException_never_another() =>
        Mutations.Damaged(Valid, "{", "}", "[", "\"", ":", ",", "\\u", "\\uD800", "\"protocol\":", "\"payload\":", "\"secret\":", "null", "1e400").Sample(bytes =>
            Mutations.OnlyThrows<FbpProtocolException>(() =>
            {
                FbpMessage message = FbpMessage.Parse(bytes);
                // What a handler does first with a message: read its payload through.
                _ = message.Payload.ToJsonString();
            }, () => Encoding.UTF8.GetString(bytes)), iter: 6_000, seed: Seed);
}
