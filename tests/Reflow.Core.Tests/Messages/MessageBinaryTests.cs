using System.Buffers;
using System.Buffers.Binary;
using MemoryPack;
using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageBinaryTests
{
    [Theory]
    [MemberData(nameof(MessageSamples.EveryKind), MemberType = typeof(MessageSamples))]
    public void Every_kind_round_trips_exactly(string name)
    {
        Message message = MessageSamples.Get(name);
        MessageSamples.AssertIdentical(message, MessageBinary.Deserialize(MessageBinary.Serialize(message)));

        var buffer = new ArrayBufferWriter<byte>();
        MessageBinary.Serialize(buffer, message);
        Assert.Equal(MessageBinary.Serialize(message), buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(MessageSamples.EveryKind), MemberType = typeof(MessageSamples))]
    public void Utf16_string_option_round_trips(string name)
    {
        Message message = MessageSamples.Get(name);
        byte[] bytes = MemoryPackSerializer.Serialize(message, MemoryPackSerializerOptions.Utf16);
        MessageSamples.AssertIdentical(message, MessageBinary.Deserialize(bytes));
    }

    [Fact]
    public void Special_float_bits_survive()
    {
        foreach (long bits in new[] { 0x7FF8_0000_DEAD_BEEF, unchecked((long)0x8000_0000_0000_0000), 0x7FF0_0000_0000_0000, 1L })
        {
            Message read = MessageBinary.Deserialize(MessageBinary.Serialize(Message.Float(BitConverter.Int64BitsToDouble(bits))));
            Assert.Equal(bits, BitConverter.DoubleToInt64Bits(read.AsFloat()));
        }
    }

    [Fact]
    public void Layout_is_kind_byte_then_value()
    {
        Assert.Equal([0], MessageBinary.Serialize(Message.Flow));
        Assert.Equal([1], MessageBinary.Serialize(Message.Null));
        Assert.Equal([2, 1], MessageBinary.Serialize(Message.Boolean(true)));
        Assert.Equal([2, 0], MessageBinary.Serialize(Message.Boolean(false)));
        Assert.Equal([3, 1, 0, 0, 0, 0, 0, 0, 0], MessageBinary.Serialize(Message.Integer(1)));
        Assert.Equal([4, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F], MessageBinary.Serialize(Message.Float(1.0)));
        Assert.Equal(Convert.FromHexString("05F9FFFFFF0500000068C3A96C6C6F"), MessageBinary.Serialize(Message.String("héllo")));
        Assert.Equal([5, 0, 0, 0, 0], MessageBinary.Serialize(Message.String("")));
        Assert.Equal([6, 2, 0, 0, 0, 0xAB, 0xCD], MessageBinary.Serialize(Message.Bytes([0xAB, 0xCD])));
        Assert.Equal([7, 2, 0, 0, 0, 0, 1], MessageBinary.Serialize(Message.Array(Message.Flow, Message.Null)));
        Assert.Equal(
            Convert.FromHexString("0801000000" + "FEFFFFFF01000000" + "61" + "01"),
            MessageBinary.Serialize(Message.Object(new KeyValuePair<string, Message>("a", Message.Null))));
        Assert.Equal(Convert.FromHexString("09FEFFFFFF01000000" + "78"), MessageBinary.Serialize(Message.Error("x")));
    }

    [Fact]
    public void Unpaired_surrogates_round_trip_through_the_utf16_form()
    {
        Message message = Message.Object(new KeyValuePair<string, Message>("k\udc00", Message.String("a\ud800b")));
        Assert.Equal(message, MessageBinary.Deserialize(MessageBinary.Serialize(message)));
    }

    [Fact]
    public void Works_inside_memorypack_collections()
    {
        Message[] messages = [Message.Integer(1), MessageSamples.MultiKind(), Message.Flow];
        byte[] bytes = MemoryPackSerializer.Serialize(messages);
        Assert.Equal(messages, MemoryPackSerializer.Deserialize<Message[]>(bytes));

        var list = new List<Message> { Message.String("x"), Message.Null };
        Assert.Equal(list, MemoryPackSerializer.Deserialize<List<Message>>(MemoryPackSerializer.Serialize(list)));
        Assert.True(MemoryPackFormatterProvider.IsRegistered<Message>());
    }

    [Fact]
    public void Huge_values_round_trip()
    {
        Message text = Message.String(new string('ü', 5_000_000));
        Assert.Equal(text, MessageBinary.Deserialize(MessageBinary.Serialize(text)));

        Message array = Message.Array(Enumerable.Range(0, 1_000_000).Select(i => (i & 1) == 0 ? Message.Integer(i) : Message.Float(i)));
        Assert.Equal(array, MessageBinary.Deserialize(MessageBinary.Serialize(array)));

        Message bytes = Message.FromOwnedBytes(MessageSamples.DeterministicBytes(16 * 1024 * 1024, 7));
        Assert.Equal(bytes, MessageBinary.Deserialize(MessageBinary.Serialize(bytes)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nesting_up_to_max_depth_round_trips_and_deeper_is_rejected(bool objects)
    {
        Func<int, Message> nest = objects ? MessageSamples.NestedObjects : MessageSamples.NestedArrays;
        Message deepest = nest(Message.MaxDepth);
        Assert.Equal(deepest, MessageBinary.Deserialize(MessageBinary.Serialize(deepest)));
        Assert.Throws<MessageFormatException>(() => MessageBinary.Serialize(nest(Message.MaxDepth + 1)));

        // Hand-built input one level too deep: each level is [kind, count=1 (+ key "a")].
        byte[] level = objects ? Convert.FromHexString("0801000000FEFFFFFF0100000061") : Convert.FromHexString("0701000000");
        byte[] tooDeep = [.. Enumerable.Repeat(level, Message.MaxDepth + 1).SelectMany(b => b), 1];
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageBinary.Deserialize(tooDeep));
        Assert.Equal(level.Length * Message.MaxDepth, error.ByteOffset);
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        byte[] bytes = MessageBinary.Serialize(MessageSamples.MultiKind());
        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];
            Assert.Throws<MessageFormatException>(() => MessageBinary.Deserialize(prefix));
        }
    }

    [Fact]
    public void Trailing_bytes_are_rejected_with_their_offset()
    {
        byte[] bytes = [.. MessageBinary.Serialize(Message.Integer(5)), 0];
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageBinary.Deserialize(bytes));
        Assert.Equal(9, error.ByteOffset);
    }

    [Theory]
    [InlineData("0C", 0)]                         // kind 12 does not exist
    [InlineData("0A", 1)]                         // OpenBracket without its value flag
    [InlineData("0B02", 1)]                       // bracket value flag must be 0 or 1
    [InlineData("0A01", 2)]                       // value announced, none present
    [InlineData("0A010B00", 2)]                   // a bracket's value cannot be a bracket
    [InlineData("0701000000" + "0B010A00", 7)]    // nor inside an Array
    [InlineData("FF", 0)]
    [InlineData("0202", 1)]                       // Boolean byte must be 0 or 1
    [InlineData("03010203", 1)]                   // Integer needs 8 bytes
    [InlineData("05FFFFFFFF", 1)]                 // null String
    [InlineData("09FFFFFFFF", 1)]                 // null Error
    [InlineData("0506000000410042", 1)]           // UTF-16 length past the end
    [InlineData("05FDFFFFFF02000000C328", 1)]     // invalid UTF-8
    [InlineData("05FCFFFFFF05000000616263", 1)]   // UTF-16 length larger than UTF-8 length
    [InlineData("05FCFFFFFF01000000616263", 1)]   // UTF-16 length disagrees with the text
    [InlineData("05FCFFFFFF00000000616263", 1)]   // UTF-16 length zero
    [InlineData("050F00008001000000", 1)]         // huge UTF-8 length
    [InlineData("05FDFFFF7F", 1)]                 // huge UTF-16 length
    [InlineData("05FCFFFFFF", 5)]                 // UTF-8 form cut before its UTF-16 length
    [InlineData("06FFFFFFFF", 1)]                 // null Bytes
    [InlineData("06FEFFFFFF", 1)]                 // negative length
    [InlineData("06FFFFFF7F00", 1)]               // int.MaxValue bytes declared
    [InlineData("07FFFFFF7F00", 1)]               // int.MaxValue elements declared
    [InlineData("0702000000", 1)]                 // 2 elements declared, none present
    [InlineData("08FFFFFF7F", 1)]                 // int.MaxValue entries declared
    [InlineData("08030000000000000001", 1)]       // 3 entries need at least 15 bytes
    [InlineData("08020000000100000061000101000000610001", 0)] // duplicate key "a"
    [InlineData("0702000000030000000000000000", 14)] // second element missing
    public void Corrupt_input_is_rejected_with_its_offset(string hex, long offset)
    {
        MessageFormatException error = Assert.Throws<MessageFormatException>(() => MessageBinary.Deserialize(Convert.FromHexString(hex)));
        Assert.Equal(offset, error.ByteOffset);
    }

    [Fact]
    public void Oversized_counts_are_rejected_before_allocating()
    {
        byte[] bytes = new byte[5];
        bytes[0] = (byte)MessageKind.Array;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), int.MaxValue);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<MessageFormatException>(() => MessageBinary.Deserialize(bytes));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
    }

    [Fact]
    public void Random_corruptions_never_throw_anything_else()
    {
        byte[] original = MessageBinary.Serialize(MessageSamples.MultiKind());
        var random = new Random(4242);
        for (int round = 0; round < 5000; round++)
        {
            byte[] corrupt = (byte[])original.Clone();
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            try
            {
                _ = MessageBinary.Deserialize(corrupt);
            }
            catch (MessageFormatException)
            {
            }
        }
    }
}
