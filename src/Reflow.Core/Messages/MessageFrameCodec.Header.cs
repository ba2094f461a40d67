using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;

namespace Reflow.Messages;

// The frame header: its check, its validation, and the failures decoding can report.
public sealed partial class MessageFrameCodec
{
    /// <summary>The most an LZ4 block can expand: each byte of a match's length adds at most 255 bytes.</summary>
    private const int MaxLz4Expansion = 255;

    /// <summary>What a tiny block may add over <see cref="MaxLz4Expansion"/> times its length (its last literals).</summary>
    private const int MaxLz4ExpansionSlack = 16;

    /// <summary>The low 16 bits of the CRC-32 of the header with its check field zeroed.</summary>
    private static ushort ComputeHeaderCheck(ReadOnlySpan<byte> header)
    {
        // CRC-32 is several times faster on a whole 16-byte block than on 14 scattered bytes, so
        // hash a copy with the check field cleared rather than the two pieces around it.
        Span<byte> copy = stackalloc byte[HeaderLength];
        header[..HeaderLength].CopyTo(copy);
        copy[2] = 0;
        copy[3] = 0;
        return (ushort)Crc32.HashToUInt32(copy);
    }

    /// <summary>Rejects a partial header as soon as the bytes present show it cannot be a frame.</summary>
    private static void CheckPartialHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 1 && header[0] != Magic)
        {
            FailMagic(header[0]);
        }

        if (header.Length >= 2)
        {
            CheckVersionAndFlags(header[1]);
        }
    }

    private static void CheckVersionAndFlags(byte versionAndFlags)
    {
        if (versionAndFlags >> 4 != Version || (versionAndFlags & 0x0F & ~KnownFlags) != 0)
        {
            FailVersionOrFlags(versionAndFlags);
        }
    }

    private FrameHeader ReadHeader(ReadOnlySpan<byte> frame)
    {
        if (frame[0] != Magic)
        {
            FailMagic(frame[0]);
        }

        CheckVersionAndFlags(frame[1]);
        if (BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]) != ComputeHeaderCheck(frame))
        {
            Fail(2, "the frame header is corrupt (its header check does not match)");
        }

        int stored = BinaryPrimitives.ReadInt32LittleEndian(frame[4..]);
        int uncompressed = BinaryPrimitives.ReadInt32LittleEndian(frame[8..]);
        int max = Options.MaxFrameLength;

        // Every message takes at least its kind byte, so 0 is as invalid as a negative length.
        if ((uint)(stored - 1) >= (uint)max)
        {
            FailLength(4, "stored", stored, max);
        }

        if ((uint)(uncompressed - 1) >= (uint)max)
        {
            FailLength(8, "uncompressed", uncompressed, max);
        }

        bool compressed = (frame[1] & CompressedFlag) != 0;
        if (!compressed && uncompressed != stored)
        {
            FailRawLengths(stored, uncompressed);
        }

        // LZ4 cannot expand a block more than 255-fold: a larger claim is a lie, refused before a buffer is rented for it
        // (a 20-byte frame could otherwise make the decoder rent MaxFrameLength bytes).
        if (compressed && uncompressed > ((long)stored * MaxLz4Expansion) + MaxLz4ExpansionSlack)
        {
            Fail(8, $"uncompressed length {uncompressed} cannot come from {stored} LZ4-compressed bytes (at most {MaxLz4Expansion} times as many)");
        }

        return new FrameHeader(stored, uncompressed, BinaryPrimitives.ReadUInt32LittleEndian(frame[12..]), compressed);
    }

    // The failure messages are built here, out of line, so the decoding methods stay small.
    [DoesNotReturn]
    [StackTraceHidden]
    private static void ThrowPayloadTooLarge(int length, int max) =>
        throw new ArgumentException(
            $"The message serializes to {length} bytes, more than the maximum frame payload of {max} bytes (MessageFrameCodecOptions.MaxFrameLength).",
            "message");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailVersionOrFlags(byte versionAndFlags)
    {
        if (versionAndFlags >> 4 != Version)
        {
            Fail(1, $"unsupported frame version {versionAndFlags >> 4} (this codec reads version {Version})");
        }

        Fail(1, $"unknown frame flags 0x{versionAndFlags & 0x0F:X}");
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailTruncated(int length, int needed) =>
        Fail(length, needed == HeaderLength
            ? $"the frame is truncated: {length} bytes, shorter than the {HeaderLength}-byte header"
            : $"the frame is truncated: its header declares {needed} bytes but only {length} are present");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailLengthMismatch(int length, int total)
    {
        if (length < total)
        {
            FailTruncated(length, total);
        }

        Fail(total, $"{length - total} unexpected bytes after the frame");
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailLength(int offset, string which, int length, int max) =>
        Fail(offset, $"{which} payload length {length} is outside 1..{max} (MessageFrameCodecOptions.MaxFrameLength)");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailRawLengths(int stored, int uncompressed) =>
        Fail(8, $"uncompressed length {uncompressed} differs from stored length {stored} in an uncompressed frame");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailChecksum(uint actual, uint expected) =>
        Fail(12, $"the payload checksum 0x{actual:X8} does not match the header's 0x{expected:X8}");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailMagic(byte actual) =>
        Fail(0, $"not a message frame: the first byte is 0x{actual:X2}, expected 0x{Magic:X2}");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void Fail(long offset, string reason) =>
        throw new MessageFormatException($"Invalid frame at byte offset {offset}: {reason}.", null, offset);

    private readonly record struct FrameHeader(int StoredLength, int UncompressedLength, uint Checksum, bool Compressed);
}
