using System.Buffers;
using System.Text;
using System.Text.Json;
using MemoryPack;
using Reflow.Messages;

namespace Reflow.Tests.Messages;

/// <summary>Brackets through every codec, and the end-of-edge marker refused by every writer.</summary>
public class MessageBracketCodecTests
{
    private readonly MessageFrameCodec _codec = new();

    public static TheoryData<string> Brackets() => new(
        "open-bracket",
        "close-bracket",
        "open-bracket-string",
        "close-bracket-integer",
        "open-bracket-flow",
        "close-bracket-bytes",
        "open-bracket-object",
        "close-bracket-float");

    [Theory]
    [MemberData(nameof(Brackets))]
    public void Brackets_round_trip_through_every_codec(string name)
    {
        Message bracket = MessageSamples.Get(name);
        MessageSamples.AssertIdentical(bracket, MessageJson.ParseTagged(MessageJson.ToTaggedJson(bracket)));
        MessageSamples.AssertIdentical(bracket, MessageJson.ParseTagged(MessageJson.ToUtf8TaggedJson(bracket)));
        MessageSamples.AssertIdentical(bracket, MessageBinary.Deserialize(MessageBinary.Serialize(bracket)));
        MessageSamples.AssertIdentical(bracket, MessageBinary.Deserialize(MemoryPackSerializer.Serialize(bracket, MemoryPackSerializerOptions.Utf16)));
        MessageSamples.AssertIdentical(bracket, _codec.Decode(_codec.Encode(bracket)));
    }

    [Fact]
    public void Tagged_json_of_brackets_has_the_documented_form()
    {
        Assert.Equal("{\"type\":\"OpenBracket\"}", MessageJson.ToTaggedJson(Message.OpenBracket()));
        Assert.Equal("{\"type\":\"CloseBracket\"}", MessageJson.ToTaggedJson(Message.CloseBracket()));
        Assert.Equal(
            "{\"type\":\"OpenBracket\",\"data\":{\"type\":\"String\",\"data\":\"g1\"}}",
            MessageJson.ToTaggedJson(Message.OpenBracket(Message.String("g1"))));
        Assert.Equal(
            "{\"type\":\"CloseBracket\",\"data\":{\"type\":\"Flow\"}}",
            MessageJson.ToTaggedJson(Message.CloseBracket(Message.Flow)));
        Assert.Equal(
            "{\"type\":\"CloseBracket\",\"data\":{\"type\":\"Bytes\",\"data\":\"AQI=\"}}",
            MessageJson.ToTaggedJson(Message.CloseBracket(Message.Bytes([1, 2]))));
    }

    [Fact]
    public void Tagged_reading_accepts_null_data_and_either_property_order()
    {
        Assert.Equal(Message.OpenBracket(), MessageJson.ParseTagged("{\"type\":\"OpenBracket\",\"data\":null}"));
        Assert.Equal(Message.CloseBracket(), MessageJson.ParseTagged("{\"data\":null,\"type\":\"CloseBracket\"}"));
        Assert.Equal(
            Message.CloseBracket(Message.Integer(3)),
            MessageJson.ParseTagged("{\"data\":{\"data\":3,\"type\":\"Integer\"},\"type\":\"CloseBracket\"}"));
        Assert.Equal(
            Message.OpenBracket(Message.Null),
            MessageJson.ParseTagged("{\"type\":\"OpenBracket\",\"data\":{\"type\":\"Null\"}}"));
    }

    [Theory]
    [InlineData("{\"type\":\"OpenBracket\",\"data\":{\"type\":\"CloseBracket\"}}", "$.data", "cannot be a bracket")]
    [InlineData("{\"type\":\"OpenBracket\",\"data\":\"g1\"}", "$.data", "tagged message")]
    [InlineData("{\"type\":\"CloseBracket\",\"data\":[1]}", "$.data", "tagged message")]
    [InlineData("{\"type\":\"CloseBracket\",\"data\":{\"type\":\"Integer\",\"data\":\"x\"}}", "$.data.data", "Integer data")]
    [InlineData("{\"type\":\"CloseBracket\",\"data\":{\"data\":1}}", "$.data", "no \"type\"")]
    [InlineData("{\"type\":\"openBracket\"}", "$.type", "OpenBracket or CloseBracket")]
    public void Bad_tagged_brackets_are_rejected_with_path_and_reason(string json, string path, string reason)
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.ParseTagged(json));
        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Throws<MessageFormatException>(() => MessageJson.ParseTagged(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void The_deepest_value_round_trips_inside_a_tagged_bracket()
    {
        foreach (Message deepest in new[] { MessageSamples.NestedArrays(Message.MaxDepth), MessageSamples.NestedObjects(Message.MaxDepth) })
        {
            Message bracket = Message.OpenBracket(deepest);
            Assert.Equal(bracket, MessageJson.ParseTagged(MessageJson.ToTaggedJson(bracket)));
            Assert.Equal(bracket, MessageBinary.Deserialize(MessageBinary.Serialize(bracket)));
        }

        Assert.Throws<MessageFormatException>(() => MessageJson.ToTaggedJson(Message.OpenBracket(MessageSamples.NestedArrays(Message.MaxDepth + 1))));
        Assert.Throws<MessageFormatException>(() => MessageBinary.Serialize(Message.OpenBracket(MessageSamples.NestedArrays(Message.MaxDepth + 1))));
    }

    [Fact]
    public void Plain_json_refuses_brackets_at_the_top_and_nested()
    {
        Message[] holders =
        [
            Message.OpenBracket(),
            Message.CloseBracket(Message.String("g1")),
            Message.Array(Message.Integer(1), Message.OpenBracket()),
            Message.Object(new KeyValuePair<string, Message>("k", Message.CloseBracket())),
        ];

        foreach (Message message in holders)
        {
            MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.ToJson(message));
            Assert.Contains("has no plain JSON form", error.Message, StringComparison.Ordinal);
            Assert.Contains("tagged", error.Message, StringComparison.Ordinal);
            Assert.Throws<MessageFormatException>(() => MessageJson.ToUtf8Json(message));
            using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
            Assert.Throws<MessageFormatException>(() => MessageJson.Write(writer, message));
        }

        // Inside a tagged Array the elements are plain, so a nested bracket is refused there too.
        Assert.Throws<MessageFormatException>(() => MessageJson.ToTaggedJson(Message.Array(Message.OpenBracket())));
    }

    [Theory]
    [InlineData("{\"type\":\"OpenBracket\"}")]
    [InlineData("{\"type\":\"CloseBracket\",\"data\":{\"type\":\"String\",\"data\":\"g1\"}}")]
    [InlineData("[{\"type\":\"OpenBracket\"},1,{\"type\":\"CloseBracket\"}]")]
    public void Plain_json_never_reads_a_bracket(string json)
    {
        Message read = MessageJson.Parse(json);
        Assert.False(ContainsBracket(read), $"{read} holds a bracket");
        Assert.Equal(json, MessageJson.ToJson(read));
    }

    [Fact]
    public void Tagged_any_reads_its_data_plainly_so_it_never_makes_a_bracket()
    {
        Message read = MessageJson.ParseTagged("{\"type\":\"Any\",\"data\":{\"type\":\"OpenBracket\"}}");
        Assert.Equal(MessageKind.Object, read.Kind);
    }

    [Fact]
    public void Binary_layout_is_kind_byte_value_flag_then_value()
    {
        Assert.Equal([10, 0], MessageBinary.Serialize(Message.OpenBracket()));
        Assert.Equal([11, 0], MessageBinary.Serialize(Message.CloseBracket()));
        Assert.Equal([10, 1, 3, 5, 0, 0, 0, 0, 0, 0, 0], MessageBinary.Serialize(Message.OpenBracket(Message.Integer(5))));
        Assert.Equal([11, 1, 0], MessageBinary.Serialize(Message.CloseBracket(Message.Flow)));
        Assert.Equal([7, 2, 0, 0, 0, 10, 0, 11, 1, 1], MessageBinary.Serialize(Message.Array(Message.OpenBracket(), Message.CloseBracket(Message.Null))));
    }

    [Fact]
    public void Brackets_nested_in_containers_round_trip_in_binary()
    {
        Message message = Message.Object(
            new("open", Message.OpenBracket(Message.String("g"))),
            new("list", Message.Array(Message.CloseBracket(), Message.OpenBracket(Message.Array(Message.Integer(1))))));
        MessageSamples.AssertIdentical(message, MessageBinary.Deserialize(MessageBinary.Serialize(message)));
        MessageSamples.AssertIdentical(message, _codec.Decode(_codec.Encode(message)));
    }

    [Fact]
    public void A_compressed_frame_carries_a_bracket_with_a_large_value()
    {
        Message bracket = Message.CloseBracket(Message.String(new string('a', 64 * 1024)));
        byte[] frame = _codec.Encode(bracket);
        Assert.Equal(MessageFrameCodec.CompressedFlag, (byte)(frame[1] & 0x0F));
        Assert.True(frame.Length < 4096, $"frame of {frame.Length} bytes");
        MessageSamples.AssertIdentical(bracket, _codec.Decode(frame));
    }

    [Fact]
    public void Every_writer_refuses_the_end_of_edge_marker()
    {
        Message marker = Message.EndOfEdge;
        Message[] holders = [marker, Message.Array(marker), Message.Object(new KeyValuePair<string, Message>("k", marker))];
        foreach (Message message in holders)
        {
            AssertRefused(() => MessageBinary.Serialize(message));
            AssertRefused(() => MessageBinary.Serialize(new ArrayBufferWriter<byte>(), message));
            AssertRefused(() => _codec.Encode(message));
            AssertRefused(() => _codec.Encode(message, new ArrayBufferWriter<byte>()));
            AssertRefused(() => MessageJson.ToJson(message));
            AssertRefused(() => MessageJson.ToTaggedJson(message));
        }

        AssertRefused(() => MessageJson.ToUtf8TaggedJson(marker));
        using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
        AssertRefused(() => MessageJson.WriteTagged(writer, marker));

        // The per-thread JSON writer and frame scratch buffer are still usable afterwards.
        Assert.Equal("{\"type\":\"OpenBracket\"}", MessageJson.ToTaggedJson(Message.OpenBracket()));
        Assert.Equal(Message.CloseBracket(), _codec.Decode(_codec.Encode(Message.CloseBracket())));
    }

    private static void AssertRefused(Action write)
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(write);
        Assert.Contains("end-of-edge marker", error.Message, StringComparison.Ordinal);
    }

    private static bool ContainsBracket(Message message) => message.Kind switch
    {
        MessageKind.OpenBracket or MessageKind.CloseBracket => true,
        MessageKind.Array => message.AsArray().Any(ContainsBracket),
        MessageKind.Object => message.AsObject().Values.Any(ContainsBracket),
        _ => false,
    };
}
