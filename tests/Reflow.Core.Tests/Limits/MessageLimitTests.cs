using Reflow.Messages;

namespace Reflow.Tests.Limits;

/// <summary>Message nesting (Message.MaxDepth) in every form, and the frame size (MessageFrameCodecOptions.MaxFrameLength).</summary>
public sealed class MessageLimitTests
{
    private static Message Nested(int depth)
    {
        Message message = Message.Integer(1);
        for (int i = 0; i < depth; i++)
        {
            message = i % 2 == 0 ? Message.Array(message) : Message.Object(KeyValuePair.Create("k", message));
        }

        return message;
    }

    [Fact]
    public void A_message_nested_MaxDepth_deep_goes_through_every_form_and_one_level_more_is_refused_by_each()
    {
        Message atLimit = Nested(Message.MaxDepth);
        var codec = new MessageFrameCodec();
        Assert.Equal(atLimit, MessageBinary.Deserialize(MessageBinary.Serialize(atLimit)));
        Assert.Equal(atLimit, codec.Decode(codec.Encode(atLimit)));
        Assert.Equal(atLimit, MessageJson.ParseTagged(MessageJson.ToTaggedJson(atLimit)));
        Assert.Equal(atLimit, MessageJson.Parse(MessageJson.ToJson(atLimit)));

        Message past = Nested(Message.MaxDepth + 1);
        foreach (Action write in new Action[] { () => MessageBinary.Serialize(past), () => codec.Encode(past), () => MessageJson.ToTaggedJson(past), () => MessageJson.ToJson(past) })
        {
            Assert.Contains($"nested deeper than {Message.MaxDepth}", Assert.Throws<MessageFormatException>(write).Message, StringComparison.Ordinal);
        }

        string deepJson = new string('[', Message.MaxDepth + 1) + new string(']', Message.MaxDepth + 1);
        Assert.Contains($"maximum of {Message.MaxDepth}", Assert.Throws<MessageFormatException>(() => MessageJson.Parse(deepJson)).Message, StringComparison.Ordinal);
        Assert.Equal(Message.MaxDepth, Depth(MessageJson.Parse(deepJson[1..^1])));
    }

    [Fact]
    public void A_payload_of_MaxFrameLength_bytes_is_framed_and_one_byte_more_is_refused_on_both_sides()
    {
        Message message = Message.Bytes(new byte[1000]);
        int payload = MessageBinary.Serialize(message).Length;
        var atLimit = new MessageFrameCodec(new MessageFrameCodecOptions { MaxFrameLength = payload, CompressionThreshold = int.MaxValue });
        byte[] frame = atLimit.Encode(message);
        Assert.Equal(message, atLimit.Decode(frame));

        var below = new MessageFrameCodec(new MessageFrameCodecOptions { MaxFrameLength = payload - 1, CompressionThreshold = int.MaxValue });
        Assert.Contains("MaxFrameLength", Assert.Throws<ArgumentException>(() => below.Encode(message)).Message, StringComparison.Ordinal);
        MessageFormatException refused = Assert.Throws<MessageFormatException>(() => below.Decode(frame));
        Assert.Contains($"{payload - 1}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, refused.ByteOffset); // the stored length field: refused before the payload is read or allocated
        Assert.Equal(MessageFrameCodecOptions.DefaultMaxFrameLength, new MessageFrameCodecOptions().MaxFrameLength);
    }

    private static int Depth(Message message) => message.Kind switch
    {
        MessageKind.Array => 1 + message.AsArray().Select(Depth).DefaultIfEmpty(0).Max(),
        MessageKind.Object => 1 + message.AsObject().Values.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
