using System.Buffers.Binary;
using System.IO.Hashing;
using Reflow.Distributed.Transport;

namespace Reflow.Fuzz.Targets;

/// <summary>
/// A remote edge's NATS message as its receiver reads it: <see cref="RemoteEdgeFrame.Read"/>, then for a Batch
/// <see cref="RemoteEdgeBatchDecoder.Decode"/>; both may only throw <see cref="RemoteEdgeProtocolException"/>.
/// </summary>
/// <remarks>
/// Random bytes almost never pass a batch's CRC-32, so each batch is also decoded once more with its CRC made right when
/// its payload is stored raw (a compressed payload's CRC is of its decompressed bytes), which lets the fuzzer explore
/// the messages behind it.
/// </remarks>
internal sealed class RemoteEdgeFrameTarget : FuzzTarget
{
    private const string Edge = "fuzz.OUT -> IN fuzz2";

    [ThreadStatic]
    private static byte[]? _repaired;

    public override string Name => "remote-edge-frame";

    /// <summary>LZ4 expands up to 255 times; the messages read from that may double their strings (UTF-16).</summary>
    public override long AllocationPerInputByte => 1024;

    public override void Check(ReadOnlySpan<byte> input)
    {
        Read(input);
        if (input.Length >= RemoteEdgeFrame.BatchHeaderLength && (input[15] & RemoteEdgeFrame.CompressedFlag) == 0)
        {
            Read(Repair(input));
        }
    }

    private static void Read(ReadOnlySpan<byte> input)
    {
        try
        {
            RemoteEdgeFrameHeader header = RemoteEdgeFrame.Read(input, Edge);
            if (header.Kind == RemoteEdgeFrameKind.Batch)
            {
                using var decoder = new RemoteEdgeBatchDecoder(Edge);
                decoder.Decode(input, header);
                if (decoder.Count != header.Count)
                {
                    throw new InvalidOperationException($"The batch declared {header.Count} messages and decoded {decoder.Count}.");
                }
            }
        }
        catch (RemoteEdgeProtocolException)
        {
        }
    }

    /// <summary>A copy of <paramref name="input"/> whose raw batch payload's CRC-32 (at byte 20) is right.</summary>
    private static ReadOnlySpan<byte> Repair(ReadOnlySpan<byte> input)
    {
        byte[] buffer = _repaired is { } b && b.Length >= input.Length ? b : _repaired = new byte[Math.Max(input.Length, 64 * 1024)];
        Span<byte> frame = buffer.AsSpan(0, input.Length);
        input.CopyTo(frame);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[20..], Crc32.HashToUInt32(frame[RemoteEdgeFrame.BatchHeaderLength..]));
        return frame;
    }
}
