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
    [InlineData("""{"protocol":"graph","command":"clear","payload":{"id":"m\ud800"}}""", 54)]
    [InlineData("""{"protocol":"graph","command":"clear","payload":{"i\udfff":"m"}}""", 49)]
    [InlineData("""{"protocol":"r\ud800","command":"x"}""", 12)]
    public void A_lone_surrogate_escape_is_refused(string json, int at)
    {
        var error = Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal($"The message is not JSON text a string can be read from: the string at byte {at} escapes a lone surrogate (half of a UTF-16 pair).", error.Message);
    }

    [Fact]
    public void Invalid_UTF8_is_refused()
    {
        byte[] json = [.. """{"protocol":"graph","command":"clear","payload":{"id":"m"""u8, 0xC3, 0x28, .. "\"}}"u8];
        var error = Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse(json));
        Assert.Equal("The message is not JSON text a string can be read from: it is not UTF-8 text.", error.Message);
    }

    // JsonObject threw ArgumentException on the first read of an object with a key twice, inside a handler.
    [Theory]
    [InlineData("""{"protocol":"graph","command":"clear","command":"addnode","payload":{}}""")]
    [InlineData("""{"protocol":"graph","command":"addnode","payload":{"graph":"g","id":"a","component":"core/Repeat","metadata":{"x":1,"x":2}}}""")]
    public void A_key_twice_in_an_object_is_refused_as_not_JSON(string json)
    {
        var error = Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith("The message is not JSON: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Duplicate", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_key_twice_with_a_lone_surrogate_escape_is_refused_for_the_escape()
    {
        var error = Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse("""{"protocol":"graph","command":"x","payload":{"\ud800":1,"\ud800":2}}"""u8));
        Assert.StartsWith("The message is not JSON text a string can be read from: the string at byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains("escapes a lone surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_surrogate_pair_escape_is_one_character()
    {
        FbpMessage message = FbpMessage.Parse("""{"protocol":"graph","command":"clear","payload":{"id":"m\ud83d\ude00"}}"""u8);
        Assert.Equal("m\U0001F600", (string?)message.Payload["id"]);
    }
}
