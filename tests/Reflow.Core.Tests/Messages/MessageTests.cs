using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageTests
{
    [Fact]
    public void Message_is_16_bytes()
    {
        Assert.True(Unsafe.SizeOf<Message>() <= 16);
        Assert.Equal(16, Unsafe.SizeOf<Message>());
    }

    [Fact]
    public void Default_is_flow()
    {
        Message message = default;
        Assert.Equal(MessageKind.Flow, message.Kind);
        Assert.True(message.IsFlow);
        Assert.False(message.IsNull);
        Assert.Equal(message, Message.Flow);
    }

    [Fact]
    public void Null_is_not_flow()
    {
        Assert.Equal(MessageKind.Null, Message.Null.Kind);
        Assert.True(Message.Null.IsNull);
        Assert.False(Message.Null.IsFlow);
    }

    [Fact]
    public void Factories_produce_their_kind()
    {
        Assert.Equal(MessageKind.Boolean, Message.Boolean(true).Kind);
        Assert.Equal(MessageKind.Integer, Message.Integer(1).Kind);
        Assert.Equal(MessageKind.Float, Message.Float(1).Kind);
        Assert.Equal(MessageKind.String, Message.String("s").Kind);
        Assert.Equal(MessageKind.Bytes, Message.Bytes([1]).Kind);
        Assert.Equal(MessageKind.Bytes, Message.FromOwnedBytes([1]).Kind);
        Assert.Equal(MessageKind.Array, Message.Array(Message.Null).Kind);
        Assert.Equal(MessageKind.Object, Message.Object(MessageObject.Empty).Kind);
        Assert.Equal(MessageKind.Error, Message.Error("e").Kind);
    }

    [Theory]
    [InlineData(MessageKind.Flow)]
    [InlineData(MessageKind.Null)]
    [InlineData(MessageKind.String)]
    [InlineData(MessageKind.Bytes)]
    [InlineData(MessageKind.Array)]
    [InlineData(MessageKind.Object)]
    [InlineData(MessageKind.Error)]
    public void Scalar_whose_value_equals_a_kind_number_keeps_its_own_kind(MessageKind lookalike)
    {
        // Payload kinds keep their kind number in the same field that scalars keep their value in.
        Message integer = Message.Integer((long)lookalike);
        Message boolean = Message.Boolean(true);
        Message flt = Message.Float(BitConverter.Int64BitsToDouble((long)lookalike));

        Assert.Equal(MessageKind.Integer, integer.Kind);
        Assert.Equal(MessageKind.Boolean, boolean.Kind);
        Assert.Equal(MessageKind.Float, flt.Kind);
        Assert.False(integer.IsFlow);
        Assert.False(integer.IsNull);
        Assert.False(integer.TryGetString(out _));
        Assert.False(integer.TryGetError(out _));
        Assert.False(integer.TryGetBytes(out _));
        Assert.False(integer.TryGetArray(out _));
        Assert.False(integer.TryGetObject(out _));
        Assert.NotEqual(Message.String("x"), integer);
        Assert.NotEqual(integer, Message.String("x"));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Integer_round_trips(long value)
    {
        Message message = Message.Integer(value);
        Assert.Equal(value, message.AsInteger());
        Assert.True(message.TryGetInteger(out long read));
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.MaxValue)]
    [InlineData(double.MinValue)]
    [InlineData(double.Epsilon)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Float_keeps_its_bits(double value)
    {
        Message message = Message.Float(value);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(message.AsFloat()));
        Assert.True(message.TryGetFloat(out double read));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read));
    }

    [Fact]
    public void Float_keeps_negative_zero_and_nan_payload()
    {
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(Message.Float(-0.0).AsFloat()));
        double nan = BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF);
        Assert.Equal(0x7FF8_0000_DEAD_BEEF, BitConverter.DoubleToInt64Bits(Message.Float(nan).AsFloat()));
    }

    [Fact]
    public void Boolean_round_trips()
    {
        Assert.True(Message.Boolean(true).AsBoolean());
        Assert.False(Message.Boolean(false).AsBoolean());
        Assert.True(Message.Boolean(true).TryGetBoolean(out bool value) && value);
        Assert.True(Message.Boolean(false).TryGetBoolean(out value) && !value);
    }

    [Fact]
    public void Reference_payloads_are_shared_not_copied()
    {
        string text = new('x', 10);
        Assert.Same(text, Message.String(text).AsString());
        Assert.Same(text, Message.Error(text).AsError());

        byte[] owned = [1, 2, 3];
        Message bytes = Message.FromOwnedBytes(owned);
        Assert.True(MemoryMarshal.TryGetArray(bytes.AsBytes(), out ArraySegment<byte> segment));
        Assert.Same(owned, segment.Array);

        ImmutableArray<Message> items = [Message.Integer(1), Message.Integer(2)];
        Message array = Message.Array(items);
        Assert.Same(ImmutableCollectionsMarshal.AsArray(items), ImmutableCollectionsMarshal.AsArray(array.AsArray()));

        MessageObject entries = MessageObject.Create(new KeyValuePair<string, Message>("a", Message.Null));
        Assert.Same(entries, Message.Object(entries).AsObject());

        Message copy = array; // fan-out copies 16 bytes and shares the payload
        Assert.Same(ImmutableCollectionsMarshal.AsArray(array.AsArray()), ImmutableCollectionsMarshal.AsArray(copy.AsArray()));
    }

    [Fact]
    public void Bytes_factory_copies_its_input()
    {
        byte[] source = [1, 2, 3];
        Message message = Message.Bytes(source);
        source[0] = 99;
        Assert.Equal([1, 2, 3], message.AsBytes().ToArray());
        Assert.Equal([1, 2, 3], message.AsBytesSpan().ToArray());
        Assert.True(message.TryGetBytes(out ReadOnlyMemory<byte> read));
        Assert.Equal([1, 2, 3], read.ToArray());
    }

    [Fact]
    public void Array_factories_copy_mutable_sources()
    {
        Message[] source = [Message.Integer(1), Message.Integer(2)];
        Message fromSpan = Message.Array(source);
        var list = new List<Message>(source);
        Message fromEnumerable = Message.Array(list);
        source[0] = Message.Null;
        list[0] = Message.Null;

        Assert.Equal(Message.Integer(1), fromSpan.AsArray()[0]);
        Assert.Equal(Message.Integer(1), fromEnumerable.AsArray()[0]);
        Assert.Equal(fromSpan, fromEnumerable);
        Assert.Equal(fromSpan, Message.Array([Message.Integer(1), Message.Integer(2)]));
        Assert.Equal(fromSpan, Message.Array(Message.Integer(1), Message.Integer(2)));
        Assert.Equal(fromSpan, Message.Array(ImmutableArray.Create(Message.Integer(1), Message.Integer(2))));
        Assert.Empty(Message.Array().AsArray());
        Assert.Empty(Message.Array(new List<Message>()).AsArray());
        Assert.True(Message.Array(Message.Null).TryGetArray(out ImmutableArray<Message> items));
        Assert.Single(items);
    }

    [Fact]
    public void Object_factories_build_the_same_object()
    {
        KeyValuePair<string, Message>[] entries = [new("a", Message.Integer(1)), new("b", Message.Null)];
        Message fromSpan = Message.Object(entries);
        Message fromEnumerable = Message.Object(entries.ToList());
        Message fromParams = Message.Object(new("a", Message.Integer(1)), new("b", Message.Null));

        Assert.Equal(fromSpan, fromEnumerable);
        Assert.Equal(fromSpan, fromParams);
        Assert.True(fromSpan.TryGetObject(out MessageObject? value));
        Assert.Equal(2, value.Count);
        Assert.Equal(Message.Integer(1), fromSpan.AsObject()["a"]);
    }

    [Fact]
    public void Reference_factories_reject_null()
    {
        Assert.Throws<ArgumentNullException>("value", () => Message.String(null!));
        Assert.Throws<ArgumentNullException>("message", () => Message.Error(null!));
        Assert.Throws<ArgumentNullException>("bytes", () => Message.FromOwnedBytes(null!));
        Assert.Throws<ArgumentNullException>("items", () => Message.Array(default(ImmutableArray<Message>)));
        Assert.Throws<ArgumentNullException>("items", () => Message.Array((IEnumerable<Message>)null!));
        Assert.Throws<ArgumentNullException>("value", () => Message.Object((MessageObject)null!));
        Assert.Throws<ArgumentNullException>("entries", () => Message.Object((IEnumerable<KeyValuePair<string, Message>>)null!));
        Assert.Throws<ArgumentNullException>(() => Message.Object(new KeyValuePair<string, Message>(null!, Message.Null)));
    }

    [Fact]
    public void Object_factory_rejects_duplicate_keys_naming_the_key()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => Message.Object(new("dup", Message.Null), new("other", Message.Null), new("dup", Message.Flow)));
        Assert.Contains("\"dup\"", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<MessageKind> AccessorKinds() => new(
        MessageKind.Boolean,
        MessageKind.Integer,
        MessageKind.Float,
        MessageKind.String,
        MessageKind.Bytes,
        MessageKind.Array,
        MessageKind.Object,
        MessageKind.Error);

    [Theory]
    [MemberData(nameof(MessageSamples.EveryKind), MemberType = typeof(MessageSamples))]
    public void Wrong_kind_accessor_throws_naming_both_kinds(string name)
    {
        Message message = MessageSamples.Get(name);
        foreach (MessageKind requested in AccessorKinds())
        {
            if (requested == message.Kind)
            {
                Assert.Null(Record.Exception(() => Read(message, requested)));
                Assert.True(TryRead(message, requested));
                continue;
            }

            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Read(message, requested));
            Assert.Equal($"Message is {message.Kind}, not {requested}.", error.Message);
            Assert.False(TryRead(message, requested));
        }
    }

    [Fact]
    public void Failed_try_get_returns_defaults()
    {
        Message message = Message.String("s");
        Assert.False(message.TryGetBoolean(out bool b));
        Assert.False(b);
        Assert.False(message.TryGetInteger(out long l));
        Assert.Equal(0, l);
        Assert.False(message.TryGetFloat(out double d));
        Assert.Equal(0, d);
        Assert.False(message.TryGetError(out string? e));
        Assert.Null(e);
        Assert.False(message.TryGetBytes(out ReadOnlyMemory<byte> bytes));
        Assert.True(bytes.IsEmpty);
        Assert.False(message.TryGetArray(out ImmutableArray<Message> array));
        Assert.True(array.IsDefault);
        Assert.False(message.TryGetObject(out MessageObject? o));
        Assert.Null(o);
        Assert.False(Message.Integer(1).TryGetString(out string? s));
        Assert.Null(s);
    }

    [Fact]
    public void Error_and_string_are_distinct_kinds_with_the_same_payload_type()
    {
        Message error = Message.Error("boom");
        Message text = Message.String("boom");
        Assert.Equal("boom", error.AsError());
        Assert.Equal("boom", text.AsString());
        Assert.Throws<InvalidOperationException>(() => error.AsString());
        Assert.Throws<InvalidOperationException>(() => text.AsError());
        Assert.NotEqual(error, text);
    }

    private static void Read(Message message, MessageKind kind)
    {
        switch (kind)
        {
            case MessageKind.Boolean: _ = message.AsBoolean(); break;
            case MessageKind.Integer: _ = message.AsInteger(); break;
            case MessageKind.Float: _ = message.AsFloat(); break;
            case MessageKind.String: _ = message.AsString(); break;
            case MessageKind.Bytes: _ = message.AsBytes(); _ = message.AsBytesSpan().Length; break;
            case MessageKind.Array: _ = message.AsArray(); break;
            case MessageKind.Object: _ = message.AsObject(); break;
            case MessageKind.Error: _ = message.AsError(); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static bool TryRead(Message message, MessageKind kind) => kind switch
    {
        MessageKind.Boolean => message.TryGetBoolean(out _),
        MessageKind.Integer => message.TryGetInteger(out _),
        MessageKind.Float => message.TryGetFloat(out _),
        MessageKind.String => message.TryGetString(out _),
        MessageKind.Bytes => message.TryGetBytes(out _),
        MessageKind.Array => message.TryGetArray(out _),
        MessageKind.Object => message.TryGetObject(out _),
        MessageKind.Error => message.TryGetError(out _),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
