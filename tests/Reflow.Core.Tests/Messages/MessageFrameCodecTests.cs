using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using K4os.Compression.LZ4;
using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageFrameCodecTests
{
    private readonly MessageFrameCodec _codec = new();

    [Theory]
    [MemberData(nameof(MessageSamples.EveryKind), MemberType = typeof(MessageSamples))]
    public void Every_kind_round_trips_exactly(string name)
    {
        Message message = MessageSamples.Get(name);
        byte[] frame = _codec.Encode(message);
        MessageSamples.AssertIdentical(message, _codec.Decode(frame));

        var buffer = new ArrayBufferWriter<byte>();
        _codec.Encode(message, buffer);
        Assert.Equal(frame, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Header_has_the_documented_layout()
    {
        Message message = MessageSamples.SmallObject();
        byte[] payload = MessageBinary.Serialize(message);
        byte[] frame = _codec.Encode(message);

        Assert.Equal(MessageFrameCodec.HeaderLength + payload.Length, frame.Length);
        Assert.Equal(0xFB, frame[0]);
        Assert.Equal(0x10, frame[1]); // version 1, not compressed
        Assert.Equal(payload.Length, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(4)));
        Assert.Equal(payload.Length, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(8)));
        Assert.Equal(Crc32.HashToUInt32(payload), BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(12)));
        Assert.Equal(HeaderCheck(frame), BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(2)));
        Assert.Equal(payload, frame[MessageFrameCodec.HeaderLength..]);
    }

    [Fact]
    public void Large_compressible_payload_is_compressed()
    {
        Message message = Message.String(string.Concat(Enumerable.Repeat("sensor reading ", 1000)));
        byte[] frame = _codec.Encode(message);
        int uncompressed = MessageBinary.Serialize(message).Length;

        Assert.Equal(0x11, frame[1]); // version 1, compressed
        Assert.True(frame.Length < uncompressed / 4, $"frame {frame.Length} bytes for {uncompressed}");
        Assert.Equal(uncompressed, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(8)));
        Assert.Equal(frame.Length - MessageFrameCodec.HeaderLength, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(4)));
        Assert.Equal(message, _codec.Decode(frame));
    }

    [Fact]
    public void Small_payload_is_not_compressed()
    {
        Message message = Message.String(new string('a', 500)); // compressible, but under the threshold
        byte[] frame = _codec.Encode(message);
        Assert.Equal(0x10, frame[1]);
        Assert.Equal(message, _codec.Decode(frame));
    }

    [Fact]
    public void Incompressible_payload_above_threshold_is_stored_raw()
    {
        Message message = Message.FromOwnedBytes(MessageSamples.DeterministicBytes(4096, 1));
        byte[] frame = _codec.Encode(message);
        Assert.Equal(0x10, frame[1]);
        Assert.Equal(MessageFrameCodec.HeaderLength + MessageBinary.Serialize(message).Length, frame.Length);
        Assert.Equal(message, _codec.Decode(frame));
    }

    [Fact]
    public void Threshold_is_inclusive_and_configurable()
    {
        Message message = Message.String(new string('a', 100));
        int payloadLength = MessageBinary.Serialize(message).Length;

        var atThreshold = new MessageFrameCodec(new MessageFrameCodecOptions { CompressionThreshold = payloadLength });
        Assert.Equal(0x11, atThreshold.Encode(message)[1]);
        var aboveThreshold = new MessageFrameCodec(new MessageFrameCodecOptions { CompressionThreshold = payloadLength + 1 });
        Assert.Equal(0x10, aboveThreshold.Encode(message)[1]);
        var never = new MessageFrameCodec(MessageFrameCodecOptions.Default with { CompressionThreshold = int.MaxValue });
        Assert.Equal(0x10, never.Encode(Message.String(new string('a', 100_000)))[1]);

        // Frames decode with any codec: the header says how the payload is stored.
        Assert.Equal(message, _codec.Decode(atThreshold.Encode(message)));
    }

    [Fact]
    public void High_compression_level_round_trips()
    {
        var codec = new MessageFrameCodec(new MessageFrameCodecOptions { CompressionLevel = LZ4Level.L09_HC });
        Message message = MessageSamples.LargeObject(500);
        byte[] frame = codec.Encode(message);
        Assert.Equal(0x11, frame[1]);
        Assert.Equal(message, codec.Decode(frame));
    }

    [Fact]
    public void Sixteen_megabytes_of_bytes_round_trip()
    {
        byte[] data = new byte[16 * 1024 * 1024];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 31 >> 8);
        }

        Message compressible = Message.FromOwnedBytes(data);
        byte[] frame = _codec.Encode(compressible);
        Assert.Equal(0x11, frame[1]);
        Assert.Equal(compressible, _codec.Decode(frame));

        Message random = Message.FromOwnedBytes(MessageSamples.DeterministicBytes(16 * 1024 * 1024, 3));
        var buffer = new ArrayBufferWriter<byte>();
        _codec.Encode(random, buffer);
        Assert.Equal(0x10, buffer.WrittenSpan[1]);
        Assert.Equal(random, _codec.Decode(buffer.WrittenSpan));
    }

    [Fact]
    public void Huge_string_and_array_round_trip()
    {
        Message text = Message.String(new string('x', 5_000_000));
        Assert.Equal(text, _codec.Decode(_codec.Encode(text)));

        Message array = Message.Array(Enumerable.Range(0, 1_000_000).Select(i => Message.Integer(i)));
        Assert.Equal(array, _codec.Decode(_codec.Encode(array)));
    }

    [Fact]
    public void Message_larger_than_max_frame_length_is_refused()
    {
        var codec = new MessageFrameCodec(new MessageFrameCodecOptions { MaxFrameLength = 100 });
        Assert.Throws<ArgumentException>(() => codec.Encode(Message.Bytes(new byte[200])));
        Assert.Throws<ArgumentException>(() => codec.Encode(Message.Bytes(new byte[200]), new ArrayBufferWriter<byte>()));

        // A frame within the sender's limit but beyond the receiver's is rejected by the receiver.
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => codec.Decode(_codec.Encode(Message.Bytes(new byte[200]))));
        Assert.Equal(4, error.ByteOffset);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageFrameCodecOptions { CompressionThreshold = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageFrameCodecOptions { MaxFrameLength = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageFrameCodecOptions { MaxFrameLength = int.MaxValue });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageFrameCodecOptions { CompressionLevel = (LZ4Level)99 });
        Assert.Throws<ArgumentNullException>(() => new MessageFrameCodec(null!));
        Assert.Throws<ArgumentNullException>(() => _codec.Encode(Message.Null, null!));

        MessageFrameCodecOptions defaults = MessageFrameCodecOptions.Default;
        Assert.Equal(1024, defaults.CompressionThreshold);
        Assert.Equal(64 * 1024 * 1024, defaults.MaxFrameLength);
        Assert.Equal(LZ4Level.L00_FAST, defaults.CompressionLevel);
        Assert.Same(defaults, new MessageFrameCodec().Options);
    }

    [Fact]
    public void Every_truncation_of_a_frame_is_rejected()
    {
        foreach (byte[] frame in new[] { _codec.Encode(MessageSamples.MultiKind()), CompressedFrame() })
        {
            for (int length = 0; length < frame.Length; length++)
            {
                byte[] prefix = frame[..length];
                Assert.Throws<MessageFormatException>(() => _codec.Decode(prefix));
                Assert.False(_codec.TryDecode(prefix, out Message message, out int consumed));
                Assert.True(message.IsFlow);
                Assert.Equal(0, consumed);
            }
        }
    }

    [Fact]
    public void Every_single_bit_flip_of_a_raw_frame_is_detected()
    {
        byte[] frame = _codec.Encode(MessageSamples.MultiKind());
        Assert.Equal(0x10, frame[1]);
        for (int bit = 0; bit < frame.Length * 8; bit++)
        {
            byte[] corrupt = (byte[])frame.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            Exception? error = Record.Exception(() => _codec.Decode(corrupt));
            Assert.True(error is MessageFormatException, $"bit {bit}: {error?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void No_single_bit_flip_of_a_compressed_frame_decodes_to_a_wrong_message()
    {
        // LZ4 can encode the same bytes in more than one way (a match may point at either of two
        // identical earlier runs), so a few flips in the compressed stream decompress to exactly the
        // original payload, pass the CRC and yield the original message. Any other flip must fail.
        byte[] frame = CompressedFrame();
        Message original = _codec.Decode(frame);
        int detected = 0;
        for (int bit = 0; bit < frame.Length * 8; bit++)
        {
            byte[] corrupt = (byte[])frame.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                Message decoded = _codec.Decode(corrupt);
                Assert.True(bit >= MessageFrameCodec.HeaderLength * 8, $"header bit {bit} went undetected");
                MessageSamples.AssertIdentical(original, decoded);
            }
            catch (MessageFormatException)
            {
                detected++;
            }
        }

        Assert.True(detected > frame.Length * 8 * 9 / 10, $"{detected} of {frame.Length * 8} flips detected");
    }

    [Fact]
    public void Header_bit_flips_are_detected_before_the_payload_arrives()
    {
        byte[] frame = _codec.Encode(MessageSamples.MultiKind());
        for (int bit = 0; bit < MessageFrameCodec.HeaderLength * 8; bit++)
        {
            byte[] header = frame[..MessageFrameCodec.HeaderLength];
            header[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<MessageFormatException>(() => _codec.TryDecode(header, out _, out _));
        }
    }

    [Fact]
    public void Trailing_bytes_are_rejected_by_decode()
    {
        byte[] frame = [.. _codec.Encode(Message.Integer(1)), 0];
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => _codec.Decode(frame));
        Assert.Equal(frame.Length - 1, error.ByteOffset);
    }

    [Theory]
    [InlineData(0, 0x7B)]  // JSON text is not a frame
    [InlineData(1, 0x20)]  // version 2
    [InlineData(1, 0x12)]  // unknown flag
    public void Bad_magic_version_or_flags_are_reported_at_their_offset(int offset, byte value)
    {
        byte[] frame = _codec.Encode(Message.Integer(1));
        frame[offset] = value;
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => _codec.Decode(frame));
        Assert.Equal(offset, error.ByteOffset);

        // Streaming sees it from the first bytes.
        Assert.Throws<MessageFormatException>(() => _codec.TryDecode(frame.AsSpan(0, offset + 1), out _, out _));
    }

    [Theory]
    [InlineData(int.MaxValue, 5)]
    [InlineData(-1, 5)]
    [InlineData(0, 0)]
    [InlineData(64 * 1024 * 1024 + 1, 64 * 1024 * 1024 + 1)]
    public void Bogus_lengths_with_a_valid_header_check_are_rejected_before_allocating(int stored, int uncompressed)
    {
        byte[] header = BuildHeader(0x11, stored, uncompressed, crc: 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<MessageFormatException>(() => _codec.TryDecode(header, out _, out _));
        Assert.Throws<MessageFormatException>(() => _codec.Decode(header));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
    }

    // Found by fuzzing (fuzz/regressions/message-frame/lz4-claims-64-mib.bin): 20 bytes made Decode rent 64 MiB.
    [Theory]
    [InlineData(4, 64 * 1024 * 1024 - 1)]
    [InlineData(1, 255 + 16 + 1)]
    [InlineData(1000, (1000 * 255) + 16 + 1)]
    public void Compressed_frame_claiming_more_than_lz4_can_expand_is_rejected_before_allocating(int stored, int uncompressed)
    {
        byte[] frame = [.. BuildHeader(0x11, stored, uncompressed, crc: 0), .. new byte[stored]];
        long before = GC.GetAllocatedBytesForCurrentThread();
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => _codec.Decode(frame));
        Assert.Equal(8, error.ByteOffset);
        Assert.Contains("cannot come from", error.Message, StringComparison.Ordinal);

        // A stream reader refuses it from the header alone instead of waiting for the payload.
        Assert.Throws<MessageFormatException>(() => _codec.TryDecode(frame.AsSpan(0, MessageFrameCodec.HeaderLength), out _, out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
    }

    [Fact]
    public void Compressed_frame_at_the_most_lz4_can_expand_is_read_past_the_header()
    {
        // 255 times the stored length plus the slack is possible: the header passes and the payload decides.
        byte[] frame = [.. BuildHeader(0x11, 1, 255 + 16, crc: 0), 0];
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => _codec.Decode(frame));
        Assert.Equal(MessageFrameCodec.HeaderLength, error.ByteOffset);
    }

    [Fact]
    public void Raw_frame_with_mismatched_lengths_is_rejected()
    {
        byte[] header = BuildHeader(0x10, 5, 6, crc: 0);
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => _codec.TryDecode(header, out _, out _));
        Assert.Equal(8, error.ByteOffset);
    }

    [Fact]
    public void Compressed_frame_with_wrong_uncompressed_length_is_rejected()
    {
        byte[] frame = CompressedFrame();
        int uncompressed = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(8));
        foreach (int wrong in new[] { uncompressed - 1, uncompressed + 1, 1 })
        {
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), wrong);
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), HeaderCheck(frame));
            Assert.Throws<MessageFormatException>(() => _codec.Decode(frame));
        }
    }

    [Fact]
    public void Valid_checksum_over_an_invalid_payload_is_rejected()
    {
        byte[] payload = [(byte)MessageKind.Boolean, 7];
        byte[] frame = [.. BuildHeader(0x10, payload.Length, payload.Length, Crc32.HashToUInt32(payload)), .. payload];
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => _codec.Decode(frame));
        Assert.IsType<MessageFormatException>(error.InnerException);
    }

    [Fact]
    public void Try_decode_reads_a_stream_of_frames_as_bytes_arrive()
    {
        Message[] messages = [Message.Integer(1), MessageSamples.MultiKind(), Message.String(new string('z', 5000)), Message.Flow];
        byte[] stream = messages.SelectMany(m => _codec.Encode(m)).ToArray();

        var decoded = new List<Message>();
        int start = 0;
        for (int received = 0; received <= stream.Length; received++)
        {
            while (_codec.TryDecode(stream.AsSpan(start, received - start), out Message message, out int consumed))
            {
                decoded.Add(message);
                start += consumed;
            }
        }

        Assert.Equal(messages, decoded);
        Assert.Equal(stream.Length, start);
    }

    [Fact]
    public void Try_decode_stops_after_one_frame()
    {
        byte[] first = _codec.Encode(Message.Integer(1));
        byte[] both = [.. first, .. _codec.Encode(Message.Integer(2))];
        Assert.True(_codec.TryDecode(both, out Message message, out int consumed));
        Assert.Equal(Message.Integer(1), message);
        Assert.Equal(first.Length, consumed);
    }

    [Fact]
    public void Codec_is_safe_to_share_between_threads()
    {
        Message[] samples = [MessageSamples.MultiKind(), Message.String(new string('q', 20_000)), MessageSamples.LargeObject(100), Message.Integer(7)];
        Parallel.For(0, 8, worker =>
        {
            for (int i = 0; i < 500; i++)
            {
                Message message = samples[(worker + i) % samples.Length];
                var buffer = new ArrayBufferWriter<byte>();
                _codec.Encode(message, buffer);
                if (!_codec.Decode(buffer.WrittenSpan).Equals(message) || !_codec.Decode(_codec.Encode(message)).Equals(message))
                {
                    throw new InvalidOperationException("Round trip mismatch under concurrency.");
                }
            }
        });
    }

    private byte[] CompressedFrame()
    {
        Message message = Message.Array(Enumerable.Range(0, 200).Select(i => Message.String($"item-{i % 10}")));
        byte[] frame = _codec.Encode(message);
        Assert.Equal(0x11, frame[1]);
        return frame;
    }

    private static byte[] BuildHeader(byte versionAndFlags, int stored, int uncompressed, uint crc)
    {
        var header = new byte[MessageFrameCodec.HeaderLength];
        header[0] = 0xFB;
        header[1] = versionAndFlags;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), stored);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), uncompressed);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), crc);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), HeaderCheck(header));
        return header;
    }

    // The documented header check: CRC-32 of the 16 header bytes with the check field zeroed, low 16 bits.
    private static ushort HeaderCheck(byte[] header)
    {
        byte[] copy = header[..MessageFrameCodec.HeaderLength];
        copy[2] = 0;
        copy[3] = 0;
        return (ushort)Crc32.HashToUInt32(copy);
    }
}
