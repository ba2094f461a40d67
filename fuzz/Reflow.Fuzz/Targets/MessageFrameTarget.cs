using System.Buffers.Binary;
using System.IO.Hashing;
using Reflow.Messages;

namespace Reflow.Fuzz.Targets;

/// <summary>
/// The checksummed, LZ4-compressed message frame: <see cref="MessageFrameCodec.Decode"/> of the whole input and
/// <see cref="MessageFrameCodec.TryDecode"/> over it as a stream of frames may only throw
/// <see cref="MessageFormatException"/>.
/// </summary>
/// <remarks>
/// Random bytes almost never pass a frame's header check or payload CRC, so the fuzzer would rarely get past them. Each
/// input is therefore also decoded once more with those fields made right (the header check always, the CRC when the
/// payload is stored raw: a compressed payload's CRC is of its decompressed bytes), which lets it explore the lengths,
/// LZ4 and the message behind them.
/// </remarks>
internal sealed class MessageFrameTarget : FuzzTarget
{
    /// <summary>Enough for a stream of whole frames to be cut anywhere: each call of TryDecode sees the rest.</summary>
    private const int MaxFramesPerInput = 64;

    private static readonly MessageFrameCodec Codec = new();

    [ThreadStatic]
    private static byte[]? _repaired;

    public override string Name => "message-frame";

    /// <summary>LZ4 expands up to 255 times; the message read from that may double its strings (UTF-16).</summary>
    public override long AllocationPerInputByte => 1024;

    public override void Check(ReadOnlySpan<byte> input)
    {
        Decode(input);
        StreamDecode(input);
        if (input.Length >= MessageFrameCodec.HeaderLength)
        {
            Decode(Repair(input));
        }
    }

    private static void Decode(ReadOnlySpan<byte> input)
    {
        try
        {
            Codec.Decode(input);
        }
        catch (MessageFormatException)
        {
        }
    }

    private static void StreamDecode(ReadOnlySpan<byte> input)
    {
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

    /// <summary>A copy of <paramref name="input"/> whose header check (and raw payload's CRC-32) are right.</summary>
    private static ReadOnlySpan<byte> Repair(ReadOnlySpan<byte> input)
    {
        byte[] buffer = _repaired is { } b && b.Length >= input.Length ? b : _repaired = new byte[Math.Max(input.Length, 64 * 1024)];
        Span<byte> frame = buffer.AsSpan(0, input.Length);
        input.CopyTo(frame);
        bool compressed = (frame[1] & 0x01) != 0;
        if (!compressed)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(frame[12..], Crc32.HashToUInt32(frame[MessageFrameCodec.HeaderLength..]));
        }

        // The documented header check: the low 16 bits of the CRC-32 of the 16 header bytes with the check zeroed.
        frame[2] = 0;
        frame[3] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(frame[2..], (ushort)Crc32.HashToUInt32(frame[..MessageFrameCodec.HeaderLength]));
        return frame;
    }
}
