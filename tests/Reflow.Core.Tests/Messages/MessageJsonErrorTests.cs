using System.Text;
using System.Text.Json;
using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageJsonErrorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1,2")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{a:1}")]
    [InlineData("{'a':1}")]
    [InlineData("1 2")]
    [InlineData("[1] x")]
    [InlineData("tru")]
    [InlineData("nul")]
    [InlineData("\"unterminated")]
    [InlineData("01")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("/* comment */ 1")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\x41\"")]
    [InlineData("\"tab\tinside\"")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("]")]
    [InlineData("}")]
    [InlineData(":")]
    public void Malformed_json_throws_message_format_exception(string json)
    {
        Assert.Throws<MessageFormatException>(() => MessageJson.Parse(json));
        Assert.Throws<MessageFormatException>(() => MessageJson.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData(new byte[] { 0x22, 0xC3, 0x28, 0x22 })]           // invalid continuation inside a string
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 })]     // encoded surrogate
    [InlineData(new byte[] { 0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22 })]
    [InlineData(new byte[] { 0x5B, 0xFF, 0x5D })]                 // invalid byte outside a string
    [InlineData(new byte[] { 0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x3A, 0x31, 0x7D })] // overlong key
    public void Invalid_utf8_throws_message_format_exception(byte[] utf8)
    {
        Assert.Throws<MessageFormatException>(() => MessageJson.Parse(utf8));
        Assert.Throws<MessageFormatException>(() => MessageJson.ParseTagged(utf8));
    }

    [Fact]
    public void Unpaired_surrogate_in_json_text_throws()
    {
        Assert.Throws<MessageFormatException>(() => MessageJson.Parse("\"a\ud800\""));
    }

    [Fact]
    public void Duplicate_key_names_the_key_and_path()
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(
            () => MessageJson.Parse("{\"a\":[0,{\"b\":1,\"c\":2,\"b\":3}]}"));
        Assert.Contains("\"b\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("$.a[1].b", error.Path);
        Assert.Contains("$.a[1].b", error.Message, StringComparison.Ordinal);
        Assert.Equal(8, error.ByteOffset); // where the object with the duplicate starts
    }

    [Fact]
    public void Duplicate_key_in_a_large_object_is_found()
    {
        string json = "{" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"k{i}\":{i}")) + ",\"k7\":0}";
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.Parse(json));
        Assert.Equal("$.k7", error.Path);
    }

    [Fact]
    public void Syntax_error_reports_path_line_and_inner_exception()
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(
            () => MessageJson.Parse("{\n  \"a\": {\n    \"b\": [1, 2, x]\n  }\n}"));
        Assert.Equal("$.a.b[2]", error.Path);
        Assert.Equal(2, error.LineNumber);
        Assert.NotNull(error.BytePositionInLine);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_number_names_its_path()
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.Parse("{\"x\":[1,1e999]}"));
        Assert.Equal("$.x[1]", error.Path);
        Assert.Equal(8, error.ByteOffset);
    }

    [Fact]
    public void Invalid_utf8_names_its_path()
    {
        byte[] json = [.. "{\"k\":[\"ok\",\""u8, 0xC3, 0x28, .. "\"]}"u8];
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.Parse(json));
        Assert.Equal("$.k[1]", error.Path);
    }

    [Fact]
    public void Odd_property_names_are_quoted_in_paths()
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageJson.Parse("{\"a b\":{\"it's\":[1e999]}}"));
        Assert.Equal("$['a b']['it\\'s'][0]", error.Path);
    }

    [Fact]
    public void Every_truncation_of_a_document_is_rejected()
    {
        byte[] json = MessageJson.ToUtf8Json(MessageSamples.NestedJsonNative());
        for (int length = 0; length < json.Length; length++)
        {
            byte[] prefix = json[..length];
            Assert.Throws<MessageFormatException>(() => MessageJson.Parse(prefix));
        }

        byte[] tagged = MessageJson.ToUtf8TaggedJson(MessageSamples.NestedJsonNative());
        for (int length = 0; length < tagged.Length; length++)
        {
            byte[] prefix = tagged[..length];
            Assert.Throws<MessageFormatException>(() => MessageJson.ParseTagged(prefix));
        }
    }

    [Fact]
    public void Incomplete_non_final_reader_is_rejected()
    {
        var reader = new Utf8JsonReader("[1,2"u8, isFinalBlock: false, state: default);
        Assert.IsType<MessageFormatException>(CatchRead(ref reader, tagged: false));

        var tagged = new Utf8JsonReader("{\"data\":[1,2"u8, isFinalBlock: false, state: default);
        Assert.IsType<MessageFormatException>(CatchRead(ref tagged, tagged: true));
    }

    [Fact]
    public void Reader_depth_limit_is_reported_as_format_error()
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(new string('[', 10) + new string(']', 10)), new JsonReaderOptions { MaxDepth = 5 });
        Assert.IsType<MessageFormatException>(CatchRead(ref reader, tagged: false));
    }

    // Utf8JsonReader is a ref struct, so it cannot be used inside an Assert.Throws lambda.
    private static Exception? CatchRead(ref Utf8JsonReader reader, bool tagged)
    {
        try
        {
            _ = tagged ? MessageJson.ReadTagged(ref reader) : MessageJson.Read(ref reader);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [Fact]
    public void Random_corruptions_never_throw_anything_else()
    {
        byte[] original = MessageJson.ToUtf8TaggedJson(MessageSamples.NestedJsonNative());
        var random = new Random(12345);
        for (int round = 0; round < 3000; round++)
        {
            byte[] corrupt = (byte[])original.Clone();
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            AssertParsesOrFormatError(() => MessageJson.Parse(corrupt));
            AssertParsesOrFormatError(() => MessageJson.ParseTagged(corrupt));
        }
    }

    private static void AssertParsesOrFormatError(Func<Message> parse)
    {
        try
        {
            _ = parse();
        }
        catch (MessageFormatException)
        {
        }
    }
}
