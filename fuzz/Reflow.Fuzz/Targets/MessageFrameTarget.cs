using Reflow.Messages;

namespace Reflow.Fuzz.Targets;

/// <summary>
/// The checksummed, LZ4-compressed message frame: <see cref="MessageFrameCodec.Decode"/> of the whole input and
/// <see cref="MessageFrameCodec.TryDecode"/> over it as a stream of frames may only throw
/// <see cref="MessageFormatException"/>.
/// </summary>
internal sealed class MessageFrameTarget : FuzzTarget
{
    /// <summary>Enough for a stream of whole frames to be cut anywhere: each call of TryDecode sees the rest.</summary>
    private const int MaxFramesPerInput = 64;

    private static readonly MessageFrameCodec Codec = new();

    public override string Name => "message-frame";

    /// <summary>LZ4 expands up to 255 times; the message read from that may double its strings (UTF-16).</summary>
    public override long AllocationPerInputByte => 1024;

    public override void Check(ReadOnlySpan<byte> input)
    {
        try
        {
            Codec.Decode(input);
        }
        catch (MessageFormatException)
        {
        }

        try
        {
            ReadOnlySpan<byte> rest = input;
            for (int i = 0; i < MaxFramesPerInput && Codec.TryDecode(rest, out _, out int consumed); i++)
            {
                if (consumed <= 0 || consumed > rest.Length)
                {
                    throw new InvalidOperationException($"TryDecode returned true having consumed {consumed} of {rest.Length} bytes.");
                }

                rest = rest[consumed..];
            }
        }
        catch (MessageFormatException)
        {
        }
    }
}
