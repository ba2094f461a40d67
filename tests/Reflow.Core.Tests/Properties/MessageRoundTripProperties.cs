using CsCheck;
using Reflow.Messages;

namespace Reflow.Tests.Properties;

/// <summary>Any message reads back as itself through the binary form, frames (stored and LZ4) and tagged and plain JSON.</summary>
public sealed class MessageRoundTripProperties
{
    private const string Seed = "0N0XIzNsQ0O2";

    [Fact]
    public void Any_message_reads_back_bit_for_bit_through_MessageBinary() =>
        MessageGen.Any.Sample(message =>
        {
            byte[] binary = MessageBinary.Serialize(message);
            Message again = MessageBinary.Deserialize(binary);
            Assert.Equal(message, again);
            // Equality treats -0 as 0 and every NaN as one; the bytes written again show the float bits survived too.
            Assert.Equal(binary, MessageBinary.Serialize(again));
        }, iter: 3_000, seed: Seed, print: Print);

    [Fact]
    public void Any_UTF16_string_even_with_lone_surrogates_reads_back_through_MessageBinary() =>
        Gen.Char.Array[0, 40].Select(c => new string(c)).Sample(text =>
        {
            Assert.Equal(text, MessageBinary.Deserialize(MessageBinary.Serialize(Message.String(text))).AsString());
            Assert.Equal(text, MessageBinary.Deserialize(MessageBinary.Serialize(Message.Error(text))).AsError());
        }, iter: 3_000, seed: Seed);

    [Fact]
    public void Any_message_reads_back_through_a_frame_stored_below_the_LZ4_threshold_and_compressed_above() =>
        Gen.OneOf(MessageGen.Any, MessageGen.Large).Sample(message =>
        {
            var codec = new MessageFrameCodec();
            byte[] frame = codec.Encode(message);
            int payload = MessageBinary.Serialize(message).Length;
            bool compressed = (frame[1] & 0x01) != 0;
            Assert.False(compressed && payload < MessageFrameCodecOptions.DefaultCompressionThreshold, $"a {payload}-byte payload was compressed");
            Assert.True(!compressed || frame.Length < MessageFrameCodec.HeaderLength + payload, "compressed to no smaller");
            Message again = codec.Decode(frame);
            Assert.Equal(message, again);
            Assert.Equal(MessageBinary.Serialize(message), MessageBinary.Serialize(again));

            // A stream of frames: each TryDecode takes exactly one, and a prefix of one is "not yet".
            byte[] two = [.. frame, .. frame];
            Assert.True(codec.TryDecode(two, out Message first, out int consumed));
            Assert.Equal((message, frame.Length), (first, consumed));
            Assert.False(codec.TryDecode(frame.AsSpan(0, frame.Length - 1), out _, out _));
        }, iter: 600, seed: Seed, print: Print);

    [Fact]
    public void Large_compressible_messages_are_framed_compressed() =>
        MessageGen.Large.Where(m => m.Kind == MessageKind.String).Sample(message =>
            Assert.Equal(0x01, new MessageFrameCodec().Encode(message)[1] & 0x01), iter: 50, seed: Seed);

    [Fact]
    public void Any_message_reads_back_through_tagged_JSON_exactly_where_the_form_is_exact() =>
        MessageGen.TaggedExact.Sample(message =>
        {
            string json = MessageJson.ToTaggedJson(message);
            Message again = MessageJson.ParseTagged(json);
            Assert.Equal(message, again);
            Assert.Equal(message, MessageJson.ParseTagged(MessageJson.ToUtf8TaggedJson(message)));
            if (message.TryGetFloat(out double value) && !double.IsNaN(value))
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(again.AsFloat()));
            }
        }, iter: 3_000, seed: Seed, print: Print);

    [Fact]
    public void Any_message_of_JSON_kinds_reads_back_through_plain_JSON() =>
        MessageGen.JsonNative.Sample(message =>
        {
            Assert.Equal(message, MessageJson.Parse(MessageJson.ToJson(message)));
            Assert.Equal(message, MessageJson.Parse(MessageJson.ToUtf8Json(message)));
        }, iter: 3_000, seed: Seed, print: Print);

    [Fact]
    public void Any_message_writes_to_tagged_JSON_that_reads_back_to_the_same_JSON() =>
        MessageGen.Writable.Sample(message =>
        {
            // Nested Flow, Bytes, Error and non-finite floats are lossy by design; what is read writes the same text again.
            string json = MessageJson.ToTaggedJson(message);
            Assert.Equal(json, MessageJson.ToTaggedJson(MessageJson.ParseTagged(json)));
        }, iter: 2_000, seed: Seed, print: Print);

    private static string Print(Message message)
    {
        string text = MessageJson.ToTaggedJson(message);
        return text.Length > 2000 ? text[..2000] + "…" : text;
    }
}
