using System.Buffers.Binary;
using CsCheck;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>The wire format: every kind reads back, LZ4 only where it pays, damage refused with the one exception.</summary>
public sealed class RemoteEdgeFrameTests
{
    private const string Edge = "remote edge 0 of run t";

    private static readonly Gen<Message> Scalar = Gen.OneOf(
        Gen.Const(Message.Null),
        Gen.Const(Message.Flow),
        Gen.Bool.Select(Message.Boolean),
        Gen.Long.Select(Message.Integer),
        Gen.Double.Select(Message.Float),
        Gen.String.Select(Message.String),
        Gen.String.Select(Message.Error),
        Gen.Byte.Array[0, 40].Select(b => Message.Bytes(b)));

    private static readonly Gen<Message> Value = Gen.Recursive<Message>((depth, value) => depth >= 3
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, value.Array[0, 4].Select(items => Message.Array(items))),
            (1, Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 6], value).Array[0, 4].Select(ObjectOf)),
            (1, Scalar.Select(s => Message.OpenBracket(s))),
            (1, Scalar.Select(s => Message.CloseBracket(s))),
            (1, Gen.Const(Message.OpenBracket())),
            (1, Gen.Const(Message.CloseBracket()))));

    internal static byte[] EncodeBatch(IReadOnlyList<Message> messages, long first = 0, int threshold = 4096)
    {
        using var encoder = new RemoteEdgeBatchEncoder(256);
        foreach (Message message in messages)
        {
            Assert.True(encoder.TryAdd(message, int.MaxValue));
        }

        return encoder.Finish(first, threshold).ToArray();
    }

    internal static (RemoteEdgeFrameHeader Header, Message[] Messages) Decode(byte[] frame)
    {
        RemoteEdgeFrameHeader header = RemoteEdgeFrame.Read(frame, Edge);
        if (header.Kind != RemoteEdgeFrameKind.Batch)
        {
            return (header, []);
        }

        using var decoder = new RemoteEdgeBatchDecoder(Edge);
        decoder.Decode(frame, header);
        return (header, decoder.Messages.ToArray());
    }

    [Fact]
    public void Every_frame_kind_reads_back()
    {
        Message[] messages = [.. Enumerable.Range(0, 24).Select(EdgeFixture.Varied)];
        (RemoteEdgeFrameHeader batch, Message[] read) = Decode(EncodeBatch(messages, first: 1234567890123));
        Assert.Equal((RemoteEdgeFrameKind.Batch, 1234567890123L, 24), (batch.Kind, batch.Value, batch.Count));
        Assert.Equal(messages, read);

        foreach (RemoteEdgeFrameKind kind in new[] { RemoteEdgeFrameKind.End, RemoteEdgeFrameKind.Probe, RemoteEdgeFrameKind.Credit })
        {
            byte[] frame = new byte[RemoteEdgeFrame.SmallFrameLength];
            RemoteEdgeFrame.WriteSmall(frame, kind, long.MaxValue - 1);
            Assert.Equal(new RemoteEdgeFrameHeader(kind, long.MaxValue - 1, 0, 0, false, 0, 0), RemoteEdgeFrame.Read(frame, Edge));
        }

        byte[] ack = new byte[RemoteEdgeFrame.EndAckLength];
        RemoteEdgeFrame.WriteEndAck(ack, 42, 7);
        Assert.Equal(new RemoteEdgeFrameHeader(RemoteEdgeFrameKind.EndAck, 42, 7, 0, false, 0, 0), RemoteEdgeFrame.Read(ack, Edge));
        Assert.Equal([0xFC, 1, 11], ack[..3]);
    }

    [Fact]
    public void A_payload_is_compressed_only_above_the_threshold_and_only_when_smaller()
    {
        Message[] repetitive = [.. Enumerable.Repeat(Message.String(new string('x', 100)), 50)];
        byte[] plain = EncodeBatch(repetitive, threshold: int.MaxValue);
        int payload = plain.Length - RemoteEdgeFrame.BatchHeaderLength;

        byte[] atThreshold = EncodeBatch(repetitive, threshold: payload);
        Assert.False(Decode(atThreshold).Header.Compressed);
        Assert.Equal(plain, atThreshold);

        byte[] above = EncodeBatch(repetitive, threshold: payload - 1);
        (RemoteEdgeFrameHeader header, Message[] read) = Decode(above);
        Assert.True(header.Compressed);
        Assert.True(above.Length < plain.Length / 4, $"{above.Length} bytes compressed from {plain.Length}");
        Assert.Equal(payload, header.UncompressedLength);
        Assert.Equal(repetitive, read);

        byte[] random = new byte[5000];
        new Random(7).NextBytes(random);
        Message[] noise = [Message.Bytes(random)];
        (RemoteEdgeFrameHeader incompressible, Message[] noiseRead) = Decode(EncodeBatch(noise, threshold: 0));
        Assert.False(incompressible.Compressed);
        Assert.Equal(noise, noiseRead);
    }

    [Fact]
    public void Damage_to_the_payload_or_a_length_is_refused_naming_the_edge_field_and_offset()
    {
        Message[] messages = [.. Enumerable.Range(0, 24).Select(EdgeFixture.Varied)];
        byte[] frame = EncodeBatch(messages);

        byte[] flipped = (byte[])frame.Clone();
        flipped[^3] ^= 0x40;
        RemoteEdgeProtocolException crc = Assert.Throws<RemoteEdgeProtocolException>(() => Decode(flipped));
        Assert.Equal((Edge, "CRC-32", 20), (crc.Edge, crc.Field, crc.ByteOffset));

        RemoteEdgeProtocolException cut = Assert.Throws<RemoteEdgeProtocolException>(() => Decode(frame[..^1]));
        Assert.Equal(("uncompressed length", 16), (cut.Field, cut.ByteOffset));

        byte[] count = (byte[])frame.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(count.AsSpan(11), int.MaxValue);
        Assert.Equal("message count", Assert.Throws<RemoteEdgeProtocolException>(() => Decode(count)).Field);

        byte[] tooFew = (byte[])frame.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(tooFew.AsSpan(11), 23);
        Assert.Equal("payload", Assert.Throws<RemoteEdgeProtocolException>(() => Decode(tooFew)).Field);

        byte[] big = new byte[RemoteEdgeFrame.MaxFrameLength + 1];
        Assert.Equal("frame length", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(big, Edge)).Field);

        byte[] end = new byte[RemoteEdgeFrame.SmallFrameLength];
        RemoteEdgeFrame.WriteSmall(end, RemoteEdgeFrameKind.End, 5);
        Assert.Equal("frame length", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(end[..^1], Edge)).Field);
        end[2] = 4;
        Assert.Equal("kind", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(end, Edge)).Field);
        end[2] = 2;
        end[1] = 2;
        Assert.Equal("version", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(end, Edge)).Field);
        end[0] = 0xFB;
        Assert.Equal("magic", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(end, Edge)).Field);
    }

    [Fact]
    public void Any_batch_of_messages_reads_back_equal_compressed_or_not() =>
        Gen.Select(Value.Array[1, 30], Gen.Long[0, long.MaxValue / 2], Gen.Int[0, 600]).Sample((messages, first, threshold) =>
        {
            (RemoteEdgeFrameHeader header, Message[] read) = Decode(EncodeBatch(messages, first, threshold));
            Assert.Equal(first, header.Value);
            Assert.Equal(messages, read);
        }, iter: 2_000);

    [Fact]
    public void Any_damaged_frame_is_read_or_refused_with_RemoteEdgeProtocolException_never_another()
    {
        Gen<byte[]> noise = Gen.Byte.Array[0, 64].Select(b => b.Length >= 3 ? [0xFC, 1, (byte)(b[0] % 12), .. b[3..]] : b);
        Gen<byte[]> damaged = Gen.Select(Value.Array[1, 10], Gen.Int[0, 5000], Gen.Byte, Gen.Int[0, 2], Gen.Int[0, 300]).Select((messages, at, with, how, threshold) =>
        {
            byte[] bytes = EncodeBatch(messages, 0, threshold);
            int index = at % bytes.Length;
            switch (how)
            {
                case 0:
                    return bytes[..index];
                case 1:
                    bytes[index] = with;
                    return bytes;
                default:
                    return [.. bytes, with];
            }
        });

        Gen.OneOf(noise, damaged).Sample(bytes =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Decode(bytes);
            }
            catch (RemoteEdgeProtocolException ex)
            {
                Assert.NotNull(ex.Field);
            }

            // A count or length field can claim gigabytes: checked against the frame before anything is sized by it.
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024 + 512 * bytes.Length, "the reader allocated far more than its input");
        }, iter: 20_000);
    }

    private static Message ObjectOf((string Key, Message Value)[] entries)
    {
        var unique = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach ((string key, Message value) in entries)
        {
            unique.TryAdd(key, value);
        }

        return Message.Object(unique);
    }
}
