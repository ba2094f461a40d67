using System.Text;
using Reflow.Server.Protocol;

namespace Reflow.Server.Tests.Protocol;

/// <summary>
/// Found by the FBP message property test: a string escaping a lone surrogate, or bytes that are not UTF-8, passed the
/// JSON parse and threw InvalidOperationException when read, as a key given twice threw ArgumentException,, which FbpConnection does not catch as a bad message.
/// </summary>
public sealed class FbpMessageEncodingTests
{
    [Theory]
    [InlineData("""{"protocol":"\uDEC4","command":"x","payload":{}}""", "lone surrogate")]
    [InlineData("""{"protocol":"graph","command":"x","payload":{"k":["\uD800"]}}""", "lone surrogate")]
    [InlineData("""{"protocol":"graph","command":"x","payload":{"\uDC00":1}}""", "lone surrogate")]
    public void A_string_escaping_a_lone_surrogate_is_an_FbpProtocolException(string json, string said)
    {
        FbpProtocolException error = Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_an_FbpProtocolException()
    {
        byte[] bytes = [.. """{"p"""u8, 0xFF, .. """rotocol":"graph","command":"x","payload":{}}"""u8];
        Assert.Contains("not UTF-8", Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_is_an_FbpProtocolException() =>
        Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse("""{"protocol":"graph","command":"a","command":"b","payload":{}}"""u8));

    [Fact]
    public void A_whole_escaped_pair_still_reads() =>
        Assert.Equal("👍", FbpMessage.Parse("""{"protocol":"\uD83D\uDC4D","command":"x","payload":{}}"""u8).Protocol);
}
