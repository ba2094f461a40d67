using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageToStringTests
{
    [Fact]
    public void Scalars_show_kind_and_value()
    {
        Assert.Equal("Flow", Message.Flow.ToString());
        Assert.Equal("Null", Message.Null.ToString());
        Assert.Equal("Boolean true", Message.Boolean(true).ToString());
        Assert.Equal("Integer 42", Message.Integer(42).ToString());
        Assert.Equal("Integer -9223372036854775808", Message.Integer(long.MinValue).ToString());
        Assert.Equal("Float 1.0", Message.Float(1.0).ToString());
        Assert.Equal("Float 21.5", Message.Float(21.5).ToString());
        Assert.Equal("Float NaN", Message.Float(double.NaN).ToString());
        Assert.Equal("Float -Infinity", Message.Float(double.NegativeInfinity).ToString());
    }

    [Fact]
    public void Payloads_show_compact_json()
    {
        Assert.Equal("String \"héllo\"", Message.String("héllo").ToString());
        Assert.Equal("String \"a\\\"b\\\\c\\n\\u0001\"", Message.String("a\"b\\c\n\u0001").ToString());
        Assert.Equal("Error \"boom\"", Message.Error("boom").ToString());
        Assert.Equal("Array [1,2,3]", Message.Array(Message.Integer(1), Message.Integer(2), Message.Integer(3)).ToString());
        Assert.Equal("Object {\"a\":[true,null],\"b\":{}}", Message.Object(
            new("a", Message.Array(Message.Boolean(true), Message.Null)),
            new("b", Message.Object(MessageObject.Empty))).ToString());
        Assert.Equal("Bytes[3] 0A0B0C", Message.Bytes([0x0A, 0x0B, 0x0C]).ToString());
        Assert.Equal("Bytes[0]", Message.Bytes([]).ToString());
    }

    [Fact]
    public void Nested_non_json_kinds_keep_their_notation()
    {
        Message message = Message.Array(Message.Flow, Message.Bytes([1]), Message.Error("e"), Message.Float(2));
        Assert.Equal("Array [Flow,Bytes[1] 01,Error \"e\",2.0]", message.ToString());
    }

    [Fact]
    public void Long_bytes_are_cut_with_an_ellipsis()
    {
        byte[] bytes = Enumerable.Range(0, 1024).Select(i => (byte)(i + 10)).ToArray();
        string text = Message.FromOwnedBytes(bytes).ToString();
        Assert.StartsWith("Bytes[1024] 0A0B0C", text, StringComparison.Ordinal);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_messages_produce_bounded_text()
    {
        string longString = Message.String(new string('x', 5_000_000)).ToString();
        Assert.True(longString.Length <= 260, $"length {longString.Length}");
        Assert.EndsWith("…", longString, StringComparison.Ordinal);

        string longArray = Message.Array(Enumerable.Range(0, 1_000_000).Select(i => Message.Integer(i))).ToString();
        Assert.StartsWith("Array [0,1,2,", longArray, StringComparison.Ordinal);
        Assert.True(longArray.Length <= 260, $"length {longArray.Length}");
        Assert.EndsWith("…", longArray, StringComparison.Ordinal);

        string deep = MessageSamples.NestedArrays(10_000).ToString();
        Assert.True(deep.Length <= 260, $"length {deep.Length}");
    }
}
