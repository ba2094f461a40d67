using Reflow.Messages;

namespace Reflow.Fuzz.Targets;

/// <summary>A message'\''s MemoryPack form: <see cref="MessageBinary.Deserialize"/> may only throw <see cref="MessageFormatException"/>.</summary>
internal sealed class MessageBinaryTarget : FuzzTarget
{
    public override string Name => "message-binary";

    /// <summary>UTF-8 strings become UTF-16 (twice the bytes) in objects with headers; 1 KiB arrays may be declared by a few bytes.</summary>
    public override long AllocationPerInputByte => 1024;

    public override void Check(ReadOnlySpan<byte> input)
    {
        try
        {
            MessageBinary.Deserialize(input);
        }
        catch (MessageFormatException)
        {
        }
    }
}
