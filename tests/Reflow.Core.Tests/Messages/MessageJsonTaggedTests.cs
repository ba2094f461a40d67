using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageJsonTaggedTests
{
    [Theory]
    [MemberData(nameof(MessageSamples.EveryKind), MemberType = typeof(MessageSamples))]
    public void Top_level_kinds_round_trip_exactly(string name)
    {
        Message message = MessageSamples.Get(name);
        if (name == "multi-kind")
        {
            return; // nests Bytes/Flow/Error, which the tagged form carries in the plain form
        }

        MessageSamples.AssertIdentical(message, MessageJson.ParseTagged(MessageJson.ToTaggedJson(message)));
        MessageSamples.AssertIdentical(message, MessageJson.ParseTagged(MessageJson.ToUtf8TaggedJson(message)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-0.0)]
    [InlineData(2.0)]
    public void Special_floats_round_trip(double value)
    {
        Message read = MessageJson.ParseTagged(MessageJson.ToTaggedJson(Message.Float(value)));
        Assert.Equal(MessageKind.Float, read.Kind);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read.AsFloat()));
    }

    [Fact]
    public void Written_form_matches_the_script_abi()
    {
        Assert.Equal("{\"type\":\"Flow\"}", MessageJson.ToTaggedJson(Message.Flow));
        Assert.Equal("{\"type\":\"Null\",\"data\":null}", MessageJson.ToTaggedJson(Message.Null));
        Assert.Equal("{\"type\":\"Boolean\",\"data\":true}", MessageJson.ToTaggedJson(Message.Boolean(true)));
        Assert.Equal("{\"type\":\"Integer\",\"data\":42}", MessageJson.ToTaggedJson(Message.Integer(42)));
        Assert.Equal("{\"type\":\"Float\",\"data\":2.0}", MessageJson.ToTaggedJson(Message.Float(2)));
        Assert.Equal("{\"type\":\"Float\",\"data\":\"NaN\"}", MessageJson.ToTaggedJson(Message.Float(double.NaN)));
        Assert.Equal("{\"type\":\"Float\",\"data\":\"-Infinity\"}", MessageJson.ToTaggedJson(Message.Float(double.NegativeInfinity)));
        Assert.Equal("{\"type\":\"String\",\"data\":\"héllo\"}", MessageJson.ToTaggedJson(Message.String("héllo")));
        Assert.Equal("{\"type\":\"Bytes\",\"data\":\"AQID\"}", MessageJson.ToTaggedJson(Message.Bytes([1, 2, 3])));
        Assert.Equal("{\"type\":\"Error\",\"data\":\"boom\"}", MessageJson.ToTaggedJson(Message.Error("boom")));
        Assert.Equal("{\"type\":\"Array\",\"data\":[1,\"x\",[]]}", MessageJson.ToTaggedJson(
            Message.Array(Message.Integer(1), Message.String("x"), Message.Array())));
        Assert.Equal("{\"type\":\"Object\",\"data\":{\"a\":{\"b\":null}}}", MessageJson.ToTaggedJson(
            Message.Object(new KeyValuePair<string, Message>("a", Message.Object(new KeyValuePair<string, Message>("b", Message.Null))))));
    }

    [Fact]
    public void Nested_elements_use_the_plain_form()
    {
        Message message = Message.Array(Message.Flow, Message.Bytes([1]), Message.Error("e"), Message.Float(1.0));
        Assert.Equal("{\"type\":\"Array\",\"data\":[null,\"AQ==\",{\"error\":\"e\"},1.0]}", MessageJson.ToTaggedJson(message));
        Assert.Equal(
            Message.Array(
                Message.Null,
                Message.String("AQ=="),
                Message.Object(new KeyValuePair<string, Message>("error", Message.String("e"))),
                Message.Float(1.0)),
            MessageJson.ParseTagged(MessageJson.ToTaggedJson(message)));
    }

    [Theory]
    [InlineData("{\"data\":42,\"type\":\"Integer\"}")]
    [InlineData("{\"type\":\"Integer\",\"data\":42}")]
    [InlineData(" { \"data\" : 42 , \"type\" : \"Integer\" } ")]
    [InlineData("{\"type\":\"Integer\",\"data\":42.0}")]
    [InlineData("{\"type\":\"Integer\",\"data\":4.2e1}")]
    [InlineData("{\"type\":\"Any\",\"data\":42}")]
    [InlineData("{\"type\":\"Event\",\"data\":42}")]
    [InlineData("{\"type\":\"Optional\",\"data\":42}")]
    [InlineData("{\"type\":\"\\u0049nteger\",\"data\":42}")]
    public void Integer_42_is_read_from_every_accepted_spelling(string json)
    {
        Assert.Equal(Message.Integer(42), MessageJson.ParseTagged(json));
    }

    [Fact]
    public void Data_before_type_works_for_nested_values()
    {
        Assert.Equal(
            MessageSamples.SmallObject(),
            MessageJson.ParseTagged("{\"data\":{\"id\":42,\"name\":\"sensor-7\",\"value\":21.5,\"tags\":[\"a\",\"b\"]},\"type\":\"Object\"}"));
        Assert.Equal(Message.Bytes([1, 2, 3]), MessageJson.ParseTagged("{\"data\":[1,2,3],\"type\":\"Stream\"}"));
        Assert.Equal(Message.Flow, MessageJson.ParseTagged("{\"data\":null,\"type\":\"Flow\"}"));
    }

    [Fact]
    public void Upstream_aliases_and_relaxed_forms_are_accepted()
    {
        Assert.Equal(Message.Null, MessageJson.ParseTagged("{\"type\":\"Optional\",\"data\":null}"));
        Assert.Equal(Message.Null, MessageJson.ParseTagged("{\"type\":\"Optional\"}"));
        Assert.Equal(Message.String("x"), MessageJson.ParseTagged("{\"type\":\"Optional\",\"data\":\"x\"}"));
        Assert.Equal(Message.Bytes([1, 2, 3]), MessageJson.ParseTagged("{\"type\":\"Stream\",\"data\":\"AQID\"}"));
        Assert.Equal(Message.Bytes([0, 255]), MessageJson.ParseTagged("{\"type\":\"Stream\",\"data\":[0,255]}"));
        Assert.Equal(Message.Bytes([7]), MessageJson.ParseTagged("{\"type\":\"Bytes\",\"data\":[7]}"));
        Assert.Equal(Message.Bytes([]), MessageJson.ParseTagged("{\"type\":\"Bytes\",\"data\":[]}"));
        Assert.Equal(
            Message.Object(new KeyValuePair<string, Message>("a", Message.Array(Message.Integer(1)))),
            MessageJson.ParseTagged("{\"type\":\"Any\",\"data\":{\"a\":[1]}}"));
        Assert.Equal(Message.Array(Message.Boolean(true)), MessageJson.ParseTagged("{\"type\":\"Event\",\"data\":[true]}"));
        Assert.Equal(Message.Null, MessageJson.ParseTagged("{\"type\":\"Any\",\"data\":null}"));
        Assert.Equal(Message.Flow, MessageJson.ParseTagged("{\"type\":\"Flow\",\"data\":null}"));
        Assert.Equal(Message.Null, MessageJson.ParseTagged("{\"type\":\"Null\"}"));
        Assert.Equal(Message.Integer(long.MaxValue), MessageJson.ParseTagged("{\"type\":\"Integer\",\"data\":9223372036854775807.0}"));
        Assert.Equal(Message.Integer(1000), MessageJson.ParseTagged("{\"type\":\"Integer\",\"data\":1e3}"));
        Assert.Equal(Message.Float(3), MessageJson.ParseTagged("{\"type\":\"Float\",\"data\":3}"));
        Assert.Equal(Message.Float(double.PositiveInfinity), MessageJson.ParseTagged("{\"type\":\"Float\",\"data\":\"Infinity\"}"));
    }

    [Theory]
    [InlineData("{\"type\":\"Integer\",\"data\":\"x\"}", "$.data")]
    [InlineData("{\"type\":\"Integer\",\"data\":3.5}", "$.data")]
    [InlineData("{\"type\":\"Integer\",\"data\":9223372036854775808}", "$.data")]
    [InlineData("{\"type\":\"Integer\",\"data\":true}", "$.data")]
    [InlineData("{\"type\":\"Boolean\",\"data\":1}", "$.data")]
    [InlineData("{\"type\":\"String\",\"data\":5}", "$.data")]
    [InlineData("{\"type\":\"Error\",\"data\":{\"error\":\"x\"}}", "$.data")]
    [InlineData("{\"type\":\"Float\",\"data\":\"nan\"}", "$.data")]
    [InlineData("{\"type\":\"Float\",\"data\":1e400}", "$.data")]
    [InlineData("{\"type\":\"Float\",\"data\":null}", "$.data")]
    [InlineData("{\"type\":\"Bytes\",\"data\":\"!!!\"}", "$.data")]
    [InlineData("{\"type\":\"Bytes\",\"data\":[1,256]}", "$.data[1]")]
    [InlineData("{\"type\":\"Bytes\",\"data\":[-1]}", "$.data[0]")]
    [InlineData("{\"type\":\"Bytes\",\"data\":[1.5]}", "$.data[0]")]
    [InlineData("{\"type\":\"Bytes\",\"data\":[\"a\"]}", "$.data[0]")]
    [InlineData("{\"type\":\"Bytes\",\"data\":7}", "$.data")]
    [InlineData("{\"type\":\"Array\",\"data\":{}}", "$.data")]
    [InlineData("{\"type\":\"Object\",\"data\":[]}", "$.data")]
    [InlineData("{\"type\":\"Object\",\"data\":{\"a\":{\"b\":1,\"b\":2}}}", "$.data.a.b")]
    [InlineData("{\"type\":\"Flow\",\"data\":1}", "$.data")]
    [InlineData("{\"type\":\"Null\",\"data\":0}", "$.data")]
    [InlineData("{\"data\":\"x\",\"type\":\"Integer\"}", "$.data")]
    [InlineData("{\"type\":\"Widget\",\"data\":1}", "$.type")]
    [InlineData("{\"type\":\"integer\",\"data\":1}", "$.type")]
    [InlineData("{\"type\":42,\"data\":1}", "$.type")]
    [InlineData("{\"type\":null}", "$.type")]
    [InlineData("{\"type\":\"Integer\",\"type\":\"Integer\",\"data\":1}", "$.type")]
    [InlineData("{\"type\":\"Integer\",\"data\":1,\"data\":2}", "$.data")]
    [InlineData("{\"type\":\"Integer\",\"data\":1,\"extra\":2}", "$.extra")]
    [InlineData("{\"type\":\"Integer\",\"data\":1,\"odd key\":2}", "$['odd key']")]
    [InlineData("{\"data\":1}", "$")]
    [InlineData("{}", "$")]
    [InlineData("{\"type\":\"Integer\"}", "$")]
    [InlineData("{\"type\":\"Array\"}", "$")]
    [InlineData("42", "$")]
    [InlineData("[{\"type\":\"Integer\",\"data\":1}]", "$")]
    [InlineData("{\"type\":\"Integer\",\"data\":1} x", "$")]
    [InlineData("{\"type\":\"Integer\",\"data\":1", "$")]
    public void Invalid_tagged_json_is_rejected_with_its_path(string json, string path)
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.ParseTagged(json));
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_type_message_names_the_type()
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.ParseTagged("{\"type\":\"Widget\",\"data\":1}"));
        Assert.Contains("\"Widget\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_property_message_names_the_property()
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.ParseTagged("{\"type\":\"Null\",\"payload\":1}"));
        Assert.Contains("\"payload\"", error.Message, StringComparison.Ordinal);
    }
}
