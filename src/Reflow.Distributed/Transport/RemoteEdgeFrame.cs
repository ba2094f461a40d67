using System.Buffers.Binary;

namespace Reflow.Distributed.Transport;

/// <summary>
/// The remote edge wire format: one NATS message per frame, little-endian. Bytes 0-2: magic 0xFC, version 1, kind.
/// </summary>
/// <remarks>
/// <code>
/// Batch  (1): u64 first sequence @3, u32 count @11, u8 flags @15 (bit 0 = LZ4), u32 uncompressed length @16,
///             u32 CRC-32 of the uncompressed payload @20, payload @24 (the messages in MessageFormatter form)
/// End    (2): u64 total sent @3            Probe (3): u64 next sequence @3
/// Credit(10): u64 delivered or lost @3     EndAck(11): u64 received @3, u64 lost @11
/// </code>
/// 0xFC differs from the per-message frame's 0xFB (MessageFrameCodec), so the two are never confused.
/// </remarks>
internal static class RemoteEdgeFrame
{
    public const byte Magic = 0xFC;
    public const byte Version = 1;
    public const byte CompressedFlag = 0x01;
    public const int BatchHeaderLength = 24;
    public const int SmallFrameLength = 11;
    public const int EndAckLength = 19;

    /// <summary>The largest frame accepted (and the largest uncompressed payload): refused before anything is allocated for it.</summary>
    public const int MaxFrameLength = 64 * 1024 * 1024;

    /// <summary>The most messages one batch may declare.</summary>
    public const int MaxBatchCount = 65536;

    /// <summary>Writes an End, Probe or Credit frame (11 bytes).</summary>
    public static void WriteSmall(Span<byte> destination, RemoteEdgeFrameKind kind, long value)
    {
        destination[0] = Magic;
        destination[1] = Version;
        destination[2] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(destination[3..], value);
    }

    /// <summary>Writes an EndAck frame (19 bytes).</summary>
    public static void WriteEndAck(Span<byte> destination, long received, long lost)
    {
        WriteSmall(destination, RemoteEdgeFrameKind.EndAck, received);
        BinaryPrimitives.WriteInt64LittleEndian(destination[11..], lost);
    }

    /// <summary>Writes a Batch header in front of a payload that is already in place at byte 24.</summary>
    public static void WriteBatchHeader(Span<byte> destination, long firstSequence, int count, bool compressed, int uncompressedLength, uint checksum)
    {
        WriteSmall(destination, RemoteEdgeFrameKind.Batch, firstSequence);
        BinaryPrimitives.WriteInt32LittleEndian(destination[11..], count);
        destination[15] = compressed ? CompressedFlag : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], uncompressedLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], checksum);
    }

    /// <summary>Checks and reads a frame's fixed fields (a Batch's payload is checked by <see cref="RemoteEdgeBatchDecoder"/>).</summary>
    /// <param name="frame">The whole NATS message payload.</param>
    /// <param name="edge">The edge, for the exception's text.</param>
    /// <exception cref="RemoteEdgeProtocolException">Anything is wrong with the fields.</exception>
    public static RemoteEdgeFrameHeader Read(ReadOnlySpan<byte> frame, string edge)
    {
        if (frame.Length > MaxFrameLength)
        {
            throw Fail(edge, "frame length", 0, $"{frame.Length} bytes is over the {MaxFrameLength}-byte limit");
        }

        if (frame.Length < 3)
        {
            throw Fail(edge, "frame header", frame.Length, $"the frame ends after {frame.Length} bytes, before its 3-byte header");
        }

        if (frame[0] != Magic)
        {
            throw Fail(edge, "magic", 0, $"0x{frame[0]:X2} is not 0x{Magic:X2}");
        }

        if (frame[1] != Version)
        {
            throw Fail(edge, "version", 1, $"{frame[1]} is not a known version (1)");
        }

        var kind = (RemoteEdgeFrameKind)frame[2];
        switch (kind)
        {
            case RemoteEdgeFrameKind.Batch:
                return ReadBatch(frame, edge);
            case RemoteEdgeFrameKind.End:
            case RemoteEdgeFrameKind.Probe:
            case RemoteEdgeFrameKind.Credit:
                CheckLength(frame, SmallFrameLength, kind, edge);
                return new RemoteEdgeFrameHeader(kind, ReadCount(frame, 3, "count", edge), 0, 0, false, 0, 0);
            case RemoteEdgeFrameKind.EndAck:
                CheckLength(frame, EndAckLength, kind, edge);
                return new RemoteEdgeFrameHeader(kind, ReadCount(frame, 3, "received count", edge), ReadCount(frame, 11, "lost count", edge), 0, false, 0, 0);
            default:
                throw Fail(edge, "kind", 2, $"{frame[2]} is not a frame kind (1 Batch, 2 End, 3 Probe, 10 Credit, 11 EndAck)");
        }
    }

    public static RemoteEdgeProtocolException Fail(string edge, string field, int offset, string problem, Exception? inner = null) =>
        new(edge, field, offset, problem, inner);

    private static RemoteEdgeFrameHeader ReadBatch(ReadOnlySpan<byte> frame, string edge)
    {
        if (frame.Length < BatchHeaderLength)
        {
            throw Fail(edge, "batch header", frame.Length, $"the frame ends after {frame.Length} bytes, before its {BatchHeaderLength}-byte header");
        }

        long first = ReadCount(frame, 3, "first sequence", edge);
        int count = BinaryPrimitives.ReadInt32LittleEndian(frame[11..]);
        if (count < 1 || count > MaxBatchCount)
        {
            throw Fail(edge, "message count", 11, $"{(uint)count} is not in 1..{MaxBatchCount}");
        }

        if (first > long.MaxValue - count)
        {
            throw Fail(edge, "first sequence", 3, $"{first} + {count} messages overflows");
        }

        byte flags = frame[15];
        if ((flags & ~CompressedFlag) != 0)
        {
            throw Fail(edge, "flags", 15, $"0x{flags:X2} has unknown bits (only bit 0, LZ4, is defined)");
        }

        int uncompressed = BinaryPrimitives.ReadInt32LittleEndian(frame[16..]);
        if (uncompressed < 0 || uncompressed > MaxFrameLength)
        {
            throw Fail(edge, "uncompressed length", 16, $"{(uint)uncompressed} is not in 0..{MaxFrameLength}");
        }

        // Every message takes at least its kind byte: a count the payload cannot hold is refused before any array is sized by it.
        if (count > uncompressed)
        {
            throw Fail(edge, "message count", 11, $"{count} messages cannot fit in {uncompressed} payload bytes");
        }

        bool compressed = (flags & CompressedFlag) != 0;
        int stored = frame.Length - BatchHeaderLength;
        if (!compressed && stored != uncompressed)
        {
            throw Fail(edge, "uncompressed length", 16, $"{uncompressed} differs from the {stored} payload bytes of an uncompressed batch");
        }

        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(frame[20..]);
        return new RemoteEdgeFrameHeader(RemoteEdgeFrameKind.Batch, first, 0, count, compressed, uncompressed, checksum);
    }

    private static long ReadCount(ReadOnlySpan<byte> frame, int offset, string field, string edge)
    {
        long value = BinaryPrimitives.ReadInt64LittleEndian(frame[offset..]);
        return value >= 0 ? value : throw Fail(edge, field, offset, $"{(ulong)value} is over the largest count ({long.MaxValue})");
    }

    private static void CheckLength(ReadOnlySpan<byte> frame, int expected, RemoteEdgeFrameKind kind, string edge)
    {
        if (frame.Length != expected)
        {
            throw Fail(edge, "frame length", 0, $"a {kind} frame is {expected} bytes, not {frame.Length}");
        }
    }
}
