using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace Reflow.Messages;

/// <summary>
/// Encodes a message as a self-delimiting, checksummed frame for leaving the process (sockets, files,
/// other machines), LZ4-compressing large payloads, and decodes such frames.
/// </summary>
/// <remarks>
/// <para>A frame is a 16-byte little-endian header followed by the payload:</para>
/// <code>
/// offset size field
///      0    1 magic, 0xFB (never a valid first byte of UTF-8 text, so frames and JSON cannot be confused)
///      1    1 version (high nibble, currently 1) | flags (low nibble; bit 0 = payload is LZ4-compressed;
///             other bits must be 0)
///      2    2 header check: the low 16 bits of the CRC-32 of the 16 header bytes with this field set to 0
///      4    4 stored payload length, in bytes (the bytes that follow the header)
///      8    4 uncompressed payload length (equal to the stored length when not compressed)
///     12    4 CRC-32 (System.IO.Hashing.Crc32) of the uncompressed payload
///     16    … payload: the message in the <see cref="MessageFormatter"/> binary form, LZ4 block
///             compressed (<see cref="LZ4Codec"/>) when the compressed flag is set
/// </code>
/// <para>The payload is compressed when it is at least <see cref="MessageFrameCodecOptions.CompressionThreshold"/>
/// bytes and compression makes it smaller; otherwise it is stored as is. The header check lets a
/// stream reader reject a corrupt length at once instead of waiting for bytes that will never come;
/// the payload CRC makes sure a corrupt frame never decodes to a wrong message. Both lengths are
/// checked against <see cref="MessageFrameCodecOptions.MaxFrameLength"/> before anything is allocated, and a compressed
/// frame's uncompressed length against the most LZ4 can expand its stored bytes (255-fold).</para>
/// <para>Every failure to decode throws <see cref="MessageFormatException"/> with the byte offset of
/// the bad field. A codec is immutable and thread-safe: scratch buffers are per thread and pooled,
/// so encoding allocates only what the caller asks for.</para>
/// </remarks>
public sealed partial class MessageFrameCodec
{
    /// <summary>The size of the frame header in bytes.</summary>
    public const int HeaderLength = 16;

    internal const byte Magic = 0xFB;
    internal const int Version = 1;
    internal const byte CompressedFlag = 0x01;
    private const byte KnownFlags = CompressedFlag;

    /// <summary>Creates a codec with <see cref="MessageFrameCodecOptions.Default"/> options.</summary>
    public MessageFrameCodec()
        : this(MessageFrameCodecOptions.Default)
    {
    }

    /// <summary>Creates a codec with the given options.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public MessageFrameCodec(MessageFrameCodecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>Gets the options this codec was created with.</summary>
    public MessageFrameCodecOptions Options { get; }

    /// <summary>Appends the frame for <paramref name="message"/> to <paramref name="destination"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="destination">The buffer to append to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The serialized message is larger than <see cref="MessageFrameCodecOptions.MaxFrameLength"/>.</exception>
    /// <exception cref="MessageFormatException">The message is nested deeper than <see cref="Message.MaxDepth"/>.</exception>
    public void Encode(in Message message, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        PooledBufferWriter scratch = PooledBufferWriter.Rent();
        try
        {
            MessageBinary.Serialize(scratch, message);
            ReadOnlySpan<byte> payload = scratch.WrittenSpan;
            CheckPayloadLength(payload.Length);
            int written = WriteFrame(payload, destination.GetSpan(HeaderLength + payload.Length));
            destination.Advance(written);
        }
        finally
        {
            PooledBufferWriter.Return(scratch);
        }
    }

    /// <summary>Returns the frame for <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    /// <returns>A new array holding exactly one frame.</returns>
    /// <exception cref="ArgumentException">The serialized message is larger than <see cref="MessageFrameCodecOptions.MaxFrameLength"/>.</exception>
    /// <exception cref="MessageFormatException">The message is nested deeper than <see cref="Message.MaxDepth"/>.</exception>
    public byte[] Encode(in Message message)
    {
        PooledBufferWriter scratch = PooledBufferWriter.Rent();
        byte[]? frame = null;
        try
        {
            MessageBinary.Serialize(scratch, message);
            ReadOnlySpan<byte> payload = scratch.WrittenSpan;
            CheckPayloadLength(payload.Length);
            frame = ArrayPool<byte>.Shared.Rent(HeaderLength + payload.Length);
            int written = WriteFrame(payload, frame);
            return frame.AsSpan(0, written).ToArray();
        }
        finally
        {
            if (frame is not null)
            {
                ArrayPool<byte>.Shared.Return(frame);
            }

            PooledBufferWriter.Return(scratch);
        }
    }

    /// <summary>Decodes a buffer that holds exactly one frame.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>The message; it does not reference <paramref name="frame"/>.</returns>
    /// <exception cref="MessageFormatException">
    /// The frame is truncated, has trailing bytes, has a bad header, fails its checksum, or does not
    /// hold a valid message.
    /// </exception>
    public Message Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < HeaderLength)
        {
            CheckPartialHeader(frame);
            FailTruncated(frame.Length, HeaderLength);
        }

        FrameHeader header = ReadHeader(frame);
        int total = HeaderLength + header.StoredLength; // no overflow: MaxFrameLength leaves room for the header
        if (frame.Length != total)
        {
            FailLengthMismatch(frame.Length, total);
        }

        return DecodePayload(header, frame.Slice(HeaderLength, header.StoredLength));
    }

    /// <summary>Decodes the frame at the start of <paramref name="buffer"/>, if it is all there.</summary>
    /// <param name="buffer">Received bytes, starting at a frame boundary; may hold less or more than one frame.</param>
    /// <param name="message">The decoded message, or <c>default</c> when this returns <see langword="false"/>.</param>
    /// <param name="consumed">The length of the decoded frame, or 0 when this returns <see langword="false"/>.</param>
    /// <returns>
    /// <see langword="true"/> if a whole frame was decoded; <see langword="false"/> if the buffer does
    /// not hold a whole frame yet (read more and call again with the longer buffer).
    /// </returns>
    /// <exception cref="MessageFormatException">
    /// The bytes received so far cannot be the start of a valid frame (bad magic, version, flags, header
    /// check or lengths), or the complete frame fails its checksum or does not hold a valid message.
    /// </exception>
    public bool TryDecode(ReadOnlySpan<byte> buffer, out Message message, out int consumed)
    {
        message = default;
        consumed = 0;
        if (buffer.Length < HeaderLength)
        {
            CheckPartialHeader(buffer);
            return false;
        }

        FrameHeader header = ReadHeader(buffer);
        int total = HeaderLength + header.StoredLength; // no overflow: MaxFrameLength leaves room for the header
        if (buffer.Length < total)
        {
            return false;
        }

        message = DecodePayload(header, buffer.Slice(HeaderLength, header.StoredLength));
        consumed = total;
        return true;
    }

    private void CheckPayloadLength(int length)
    {
        if (length > Options.MaxFrameLength)
        {
            ThrowPayloadTooLarge(length, Options.MaxFrameLength);
        }
    }

    /// <summary>Writes header and payload into <paramref name="frame"/> (at least header + payload long).</summary>
    private int WriteFrame(ReadOnlySpan<byte> payload, Span<byte> frame)
    {
        int length = payload.Length;
        int stored = length;
        byte flags = 0;
        if (length >= Options.CompressionThreshold)
        {
            // A target one byte short of the payload makes LZ4 give up (return <= 0) exactly when
            // compression would not shrink it, which then falls back to storing it raw.
            int compressed = LZ4Codec.Encode(payload, frame.Slice(HeaderLength, length - 1), Options.CompressionLevel);
            if (compressed > 0)
            {
                stored = compressed;
                flags = CompressedFlag;
            }
        }

        if (flags == 0)
        {
            payload.CopyTo(frame[HeaderLength..]);
        }

        frame[0] = Magic;
        frame[1] = (byte)((Version << 4) | flags);
        BinaryPrimitives.WriteInt32LittleEndian(frame[4..], stored);
        BinaryPrimitives.WriteInt32LittleEndian(frame[8..], length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[12..], Crc32.HashToUInt32(payload));
        BinaryPrimitives.WriteUInt16LittleEndian(frame[2..], ComputeHeaderCheck(frame));
        return HeaderLength + stored;
    }

    private static Message DecodePayload(FrameHeader header, ReadOnlySpan<byte> stored)
    {
        Debug.Assert(stored.Length == header.StoredLength, "The caller slices exactly the stored payload.");
        if (!header.Compressed)
        {
            return DeserializeVerified(header, stored);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(header.UncompressedLength);
        try
        {
            int decoded;
            try
            {
                decoded = LZ4Codec.Decode(stored, buffer.AsSpan(0, header.UncompressedLength));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new MessageFormatException($"Invalid frame at byte offset {HeaderLength}: the LZ4 payload is corrupt ({ex.Message}).", ex, HeaderLength);
            }

            if (decoded != header.UncompressedLength)
            {
                Fail(HeaderLength, decoded < 0
                    ? "the LZ4 payload is corrupt"
                    : $"the LZ4 payload decompresses to {decoded} bytes, not the {header.UncompressedLength} the header declares");
            }

            return DeserializeVerified(header, buffer.AsSpan(0, decoded));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Message DeserializeVerified(FrameHeader header, ReadOnlySpan<byte> payload)
    {
        uint actual = Crc32.HashToUInt32(payload);
        if (actual != header.Checksum)
        {
            FailChecksum(actual, header.Checksum);
        }

        try
        {
            return MessageBinary.Deserialize(payload);
        }
        catch (MessageFormatException ex)
        {
            // The checksum matched, so the sender wrote this: a different library version or a crafted frame.
            throw new MessageFormatException($"Invalid frame: the payload passed its checksum but is not a valid message. {ex.Message}", ex, ex.ByteOffset);
        }
    }
}
