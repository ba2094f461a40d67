using System.Buffers;
using System.Text;
using System.Text.Json;
using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageJsonTests
{
    [Theory]
    [MemberData(nameof(MessageSamples.JsonNativeKinds), MemberType = typeof(MessageSamples))]
    public void Json_native_kinds_round_trip(string name)
    {
        Message message = MessageSamples.Get(name);
        MessageSamples.AssertIdentical(message, MessageJson.Parse(MessageJson.ToJson(message)));
        MessageSamples.AssertIdentical(message, MessageJson.Parse(MessageJson.ToUtf8Json(message)));
    }

    [Theory]
    [InlineData("null", MessageKind.Null)]
    [InlineData("true", MessageKind.Boolean)]
    [InlineData("false", MessageKind.Boolean)]
    [InlineData("0", MessageKind.Integer)]
    [InlineData("-0", MessageKind.Integer)]
    [InlineData("42", MessageKind.Integer)]
    [InlineData("9223372036854775807", MessageKind.Integer)]
    [InlineData("-9223372036854775808", MessageKind.Integer)]
    [InlineData("9223372036854775808", MessageKind.Float)]
    [InlineData("1180591620717411303424", MessageKind.Float)] // 2^70
    [InlineData("1.0", MessageKind.Float)]
    [InlineData("1e3", MessageKind.Float)]
    [InlineData("1E-3", MessageKind.Float)]
    [InlineData("-0.0", MessageKind.Float)]
    [InlineData("\"text\"", MessageKind.String)]
    [InlineData("[]", MessageKind.Array)]
    [InlineData("{}", MessageKind.Object)]
    [InlineData("  \n\t 7 \r\n ", MessageKind.Integer)]
    public void Plain_json_maps_to_kinds(string json, MessageKind kind)
    {
        Assert.Equal(kind, MessageJson.Parse(json).Kind);
    }

    [Fact]
    public void Plain_json_values_are_read_exactly()
    {
        Assert.Equal(Message.Integer(long.MaxValue), MessageJson.Parse("9223372036854775807"));
        Assert.Equal(Message.Integer(long.MinValue), MessageJson.Parse("-9223372036854775808"));
        Assert.Equal(Message.Float(1e3), MessageJson.Parse("1e3"));
        Assert.Equal(Message.Float(Math.Pow(2, 70)), MessageJson.Parse("1180591620717411303424"));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(MessageJson.Parse("-0.0").AsFloat()));
        Assert.Equal(Message.Float(0.1), MessageJson.Parse("0.1"));
        Assert.Equal(Message.String("a\"b\\c/\u00e9\U0001F600\0"), MessageJson.Parse("\"a\\\"b\\\\c\\/\\u00e9\\ud83d\\ude00\\u0000\""));
    }

    [Fact]
    public void Objects_keep_insertion_order()
    {
        Message message = MessageJson.Parse("{\"z\":1,\"a\":2,\"m\":{\"y\":true,\"b\":false}}");
        Assert.Equal(["z", "a", "m"], message.AsObject().Keys.ToArray());
        Assert.Equal(["y", "b"], message.AsObject()["m"].AsObject().Keys.ToArray());
        Assert.Equal("{\"z\":1,\"a\":2,\"m\":{\"y\":true,\"b\":false}}", MessageJson.ToJson(message));
    }

    [Fact]
    public void Output_is_compact_and_keeps_non_ascii_text()
    {
        Assert.Equal(
            "{\"id\":42,\"name\":\"sensor-7\",\"value\":21.5,\"tags\":[\"a\",\"b\"]}",
            MessageJson.ToJson(MessageSamples.SmallObject()));
        Assert.Equal("\"héllo 日本\"", MessageJson.ToJson(Message.String("héllo 日本")));
        Assert.Equal("\"tab\\t\\u0000\\\"\"", MessageJson.ToJson(Message.String("tab\t\0\"")));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(2.0, "2.0")]
    [InlineData(21.5, "21.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e20, "1E+20")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    public void Floats_are_written_so_they_read_back_as_floats(double value, string expected)
    {
        string json = MessageJson.ToJson(Message.Float(value));
        Assert.Equal(expected, json);
        Message read = MessageJson.Parse(json);
        Assert.Equal(MessageKind.Float, read.Kind);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read.AsFloat()));
    }

    [Fact]
    public void Integers_are_written_as_integers()
    {
        Assert.Equal("42", MessageJson.ToJson(Message.Integer(42)));
        Assert.Equal("-9223372036854775808", MessageJson.ToJson(Message.Integer(long.MinValue)));
    }

    [Fact]
    public void Lossy_kinds_follow_the_documented_plain_mapping()
    {
        Assert.Equal("null", MessageJson.ToJson(Message.Flow));
        Assert.Equal(Message.Null, MessageJson.Parse(MessageJson.ToJson(Message.Flow)));

        Assert.Equal("\"AQID\"", MessageJson.ToJson(Message.Bytes([1, 2, 3])));
        Assert.Equal(Message.String("AQID"), MessageJson.Parse(MessageJson.ToJson(Message.Bytes([1, 2, 3]))));
        Assert.Equal("\"\"", MessageJson.ToJson(Message.Bytes([])));

        Assert.Equal("{\"error\":\"boom\"}", MessageJson.ToJson(Message.Error("boom")));
        Assert.Equal(
            Message.Object(new KeyValuePair<string, Message>("error", Message.String("boom"))),
            MessageJson.Parse(MessageJson.ToJson(Message.Error("boom"))));

        Assert.Equal("\"NaN\"", MessageJson.ToJson(Message.Float(double.NaN)));
        Assert.Equal("\"Infinity\"", MessageJson.ToJson(Message.Float(double.PositiveInfinity)));
        Assert.Equal("\"-Infinity\"", MessageJson.ToJson(Message.Float(double.NegativeInfinity)));
        Assert.Equal(Message.String("NaN"), MessageJson.Parse(MessageJson.ToJson(Message.Float(double.NaN))));

        Assert.Equal(
            "[null,\"AQ==\",{\"error\":\"e\"},\"Infinity\"]",
            MessageJson.ToJson(Message.Array(Message.Flow, Message.Bytes([1]), Message.Error("e"), Message.Float(double.PositiveInfinity))));
    }

    [Fact]
    public void Lone_surrogates_are_replaced_when_written()
    {
        Assert.Equal(Message.String("a\uFFFDb"), MessageJson.Parse(MessageJson.ToJson(Message.String("a\ud800b"))));
    }

    [Fact]
    public void Unicode_round_trips()
    {
        string[] samples =
        [
            "😀👍🏽🇯🇵", "日本語 中文 한국어", "e\u0301 a\u0308 \u0915\u094D\u0937", "nul\0inside", "\u0001\u001F\u007F\u0080\u2028\u2029\uFEFF",
            "\U0010FFFF", MessageSamples.Unicode,
        ];
        foreach (string text in samples)
        {
            Assert.Equal(text, MessageJson.Parse(MessageJson.ToJson(Message.String(text))).AsString());
            Assert.Equal(text, MessageJson.Parse(MessageJson.ToUtf8Json(Message.String(text))).AsString());
        }

        Message keyed = Message.Object(new KeyValuePair<string, Message>("ключ 😀", Message.Null));
        Assert.Equal(keyed, MessageJson.Parse(MessageJson.ToJson(keyed)));
    }

    [Fact]
    public void Write_and_read_work_inside_a_larger_document()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("first");
            MessageJson.Write(writer, MessageSamples.SmallObject());
            writer.WritePropertyName("second");
            MessageJson.WriteTagged(writer, Message.Bytes([9]));
            writer.WriteNumber("after", 7);
            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        reader.Read(); // {
        reader.Read(); // "first"
        Assert.Equal(MessageSamples.SmallObject(), MessageJson.Read(ref reader)); // from the property name
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        reader.Read(); // "second"
        reader.Read(); // {
        Assert.Equal(Message.Bytes([9]), MessageJson.ReadTagged(ref reader));
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        reader.Read();
        Assert.True(reader.ValueTextEquals("after"u8));
    }

    [Fact]
    public void Read_starts_a_fresh_reader()
    {
        var reader = new Utf8JsonReader("[1,2]"u8);
        Assert.Equal(Message.Array(Message.Integer(1), Message.Integer(2)), MessageJson.Read(ref reader));
        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Comments_surfaced_by_a_callers_reader_are_skipped()
    {
        var reader = new Utf8JsonReader("/*a*/ [1, /*b*/ 2] // c"u8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow });
        Assert.Equal(Message.Array(Message.Integer(1), Message.Integer(2)), MessageJson.Read(ref reader));

        var tagged = new Utf8JsonReader("{/*a*/\"type\":/*b*/\"Integer\",\"data\":/*c*/1}"u8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow });
        Assert.Equal(Message.Integer(1), MessageJson.ReadTagged(ref tagged));
    }

    [Fact]
    public void Byte_order_mark_is_skipped()
    {
        Assert.Equal(Message.Integer(1), MessageJson.Parse("\uFEFF1"u8));
    }

    [Fact]
    public void Writer_arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => MessageJson.Write(null!, Message.Null));
        Assert.Throws<ArgumentNullException>(() => MessageJson.WriteTagged(null!, Message.Null));
        Assert.Throws<ArgumentNullException>(() => MessageJson.Parse((string)null!));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nesting_up_to_max_depth_round_trips_and_deeper_is_rejected(bool objects)
    {
        Func<int, Message> nest = objects ? MessageSamples.NestedObjects : MessageSamples.NestedArrays;
        Message deepest = nest(Message.MaxDepth);
        Assert.Equal(deepest, MessageJson.Parse(MessageJson.ToJson(deepest)));
        Assert.Equal(deepest, MessageJson.ParseTagged(MessageJson.ToTaggedJson(deepest)));

        Message tooDeep = nest(Message.MaxDepth + 1);
        Assert.Throws<MessageFormatException>(() => MessageJson.ToJson(tooDeep));
        Assert.Throws<MessageFormatException>(() => MessageJson.ToTaggedJson(tooDeep));

        string tooDeepJson = objects
            ? string.Concat(Enumerable.Repeat("{\"a\":", Message.MaxDepth + 1)) + "1" + new string('}', Message.MaxDepth + 1)
            : new string('[', Message.MaxDepth + 1) + "1" + new string(']', Message.MaxDepth + 1);
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.Parse(tooDeepJson));
        Assert.Contains(Message.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Throws<MessageFormatException>(() => MessageJson.ParseTagged($"{{\"type\":\"Any\",\"data\":{tooDeepJson}}}"));

        // Hostile input far past the limit fails cleanly too.
        Assert.Throws<MessageFormatException>(() => MessageJson.Parse(new string('[', 100_000)));
    }

    [Fact]
    public void Huge_string_round_trips()
    {
        string text = string.Create(5_000_000, 0, (span, _) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });
        Message message = Message.String(text);
        Assert.Equal(message, MessageJson.Parse(MessageJson.ToUtf8Json(message)));
        Assert.Equal(message, MessageJson.Parse(MessageJson.ToJson(message)));
    }

    [Fact]
    public void Million_element_array_round_trips()
    {
        Message message = Message.Array(Enumerable.Range(0, 1_000_000).Select(i => Message.Integer(i)));
        Message read = MessageJson.Parse(MessageJson.ToUtf8Json(message));
        Assert.Equal(1_000_000, read.AsArray().Length);
        Assert.Equal(message, read);
    }

    [Fact]
    public void Large_object_round_trips_in_order()
    {
        Message message = MessageSamples.LargeObject(1000);
        MessageSamples.AssertIdentical(message, MessageJson.Parse(MessageJson.ToJson(message)));
    }
}
