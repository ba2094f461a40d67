using System.Text;
using Reflow.Messages;

namespace Reflow.Fuzz.Targets;

/// <summary>
/// Messages as JSON: <see cref="MessageJson.ParseTagged(ReadOnlySpan{byte})"/> and
/// <see cref="MessageJson.Parse(ReadOnlySpan{byte})"/> on the bytes, and both string overloads on the text when the
/// bytes are valid UTF-8, may only throw <see cref="MessageFormatException"/>.
/// </summary>
internal sealed class TaggedJsonTarget : FuzzTarget
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override string Name => "tagged-json";

    public override void Check(ReadOnlySpan<byte> input)
    {
        Expect(input, static bytes => MessageJson.ParseTagged(bytes));
        Expect(input, static bytes => MessageJson.Parse(bytes));

        string text;
        try
        {
            text = StrictUtf8.GetString(input);
        }
        catch (DecoderFallbackException)
        {
            return; // the span overloads have seen these bytes; a string cannot hold them
        }

        Expect(text, static json => MessageJson.ParseTagged(json));
        Expect(text, static json => MessageJson.Parse(json));
    }

    private static void Expect(ReadOnlySpan<byte> input, ParseSpan parse)
    {
        try
        {
            parse(input);
        }
        catch (MessageFormatException)
        {
        }
    }

    private static void Expect(string input, Func<string, Message> parse)
    {
        try
        {
            parse(input);
        }
        catch (MessageFormatException)
        {
        }
    }

    private delegate Message ParseSpan(ReadOnlySpan<byte> input);
}
