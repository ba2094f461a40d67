using System.Text;
using Reflow.Server.Protocol;

namespace Reflow.Server.Tests.Protocol;

/// <summary>
/// Found by fuzzing (fuzz/regressions/fbp-protocol): text that parses as JSON but whose strings cannot be read made a
/// handler throw InvalidOperationException, which the dispatcher does not answer; Parse now refuses it.
/// </summary>
public sealed class FbpMessageParseTests
{
    [Theory]
    [InlineData("""{"protocol":"graph","command":"clear","payload":{"id":"m\ud800"}}""", "a string")]
    [InlineData("""{"protocol":"graph","command":"clear","payload":{"i\udfff":"m"}}""", "a key")]
    [InlineData("""{"protocol":"r\ud800","command":"x"}""", "a string")]
    public void A_lone_surrogate_escape_is_refused(string json, string what)
    {
        var error = Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith($"The message has {what} with a \\u escape of a lone UTF-16 surrogate (at byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_is_refused()
    {
        byte[] json = [.. """{"protocol":"graph","command":"clear","payload":{"id":"m"""u8, 0xC3, 0x28, .. "\"}}"u8];
        var error = Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse(json));
        Assert.Equal("The message is not valid UTF-8 text.", error.Message);
    }

    [Fact]
    public void A_surrogate_pair_escape_is_one_character()
    {
        FbpMessage message = FbpMessage.Parse("""{"protocol":"graph","command":"clear","payload":{"id":"m\ud83d\ude00"}}"""u8);
        Assert.Equal("m\U0001F600", (string?)message.Payload["id"]);
    }
}
