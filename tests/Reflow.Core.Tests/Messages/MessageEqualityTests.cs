using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageEqualityTests
{
    [Theory]
    [MemberData(nameof(MessageSamples.EveryKind), MemberType = typeof(MessageSamples))]
    public void Independently_built_equal_messages_are_equal_with_equal_hashes(string name)
    {
        Message first = MessageSamples.Get(name);
        Message second = MessageSamples.Get(name);
        Assert.True(first.Equals(second));
        Assert.True(first == second);
        Assert.False(first != second);
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Different_kinds_are_never_equal()
    {
        Message[] distinct =
        [
            Message.Flow,
            Message.Null,
            Message.Boolean(true),
            Message.Integer(1),
            Message.Float(1.0),
            Message.String("1"),
            Message.Bytes([1]),
            Message.Array(Message.Integer(1)),
            Message.Object(new KeyValuePair<string, Message>("1", Message.Integer(1))),
            Message.Error("1"),
        ];

        for (int i = 0; i < distinct.Length; i++)
        {
            for (int j = 0; j < distinct.Length; j++)
            {
                Assert.Equal(i == j, distinct[i].Equals(distinct[j]));
                Assert.Equal(i == j, distinct[i] == distinct[j]);
            }
        }
    }

    [Fact]
    public void Integer_one_is_not_float_one()
    {
        Assert.NotEqual(Message.Integer(1), Message.Float(1.0));
        Assert.NotEqual(Message.Integer(0), Message.Boolean(false));
        Assert.NotEqual(Message.Integer(1), Message.Boolean(true));
    }

    [Fact]
    public void Floats_compare_like_double_equals()
    {
        double otherNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001);
        Assert.Equal(Message.Float(double.NaN), Message.Float(double.NaN));
        Assert.Equal(Message.Float(double.NaN), Message.Float(otherNaN));
        Assert.Equal(Message.Float(double.NaN).GetHashCode(), Message.Float(otherNaN).GetHashCode());
        Assert.Equal(Message.Float(0.0), Message.Float(-0.0));
        Assert.Equal(Message.Float(0.0).GetHashCode(), Message.Float(-0.0).GetHashCode());
        Assert.NotEqual(Message.Float(1.0), Message.Float(1.0000000000000002));
        Assert.Equal(Message.Float(double.PositiveInfinity), Message.Float(double.PositiveInfinity));
        Assert.NotEqual(Message.Float(double.PositiveInfinity), Message.Float(double.NegativeInfinity));
    }

    [Fact]
    public void Strings_compare_ordinally()
    {
        Assert.NotEqual(Message.String("a"), Message.String("A"));
        Assert.NotEqual(Message.String("e\u0301"), Message.String("\u00e9")); // no normalization
        Assert.Equal(Message.String(new string('x', 3)), Message.String("xxx"));
    }

    [Fact]
    public void Bytes_compare_by_content()
    {
        Assert.Equal(Message.Bytes([1, 2, 3]), Message.FromOwnedBytes([1, 2, 3]));
        Assert.NotEqual(Message.Bytes([1, 2, 3]), Message.Bytes([1, 2, 4]));
        Assert.NotEqual(Message.Bytes([1, 2, 3]), Message.Bytes([1, 2]));
        Assert.Equal(Message.Bytes([]), Message.FromOwnedBytes([]));
    }

    [Fact]
    public void Arrays_compare_element_by_element()
    {
        Message a = Message.Array(Message.Integer(1), Message.Array(Message.String("x"), Message.Float(double.NaN)));
        Message b = Message.Array(Message.Integer(1), Message.Array(Message.String("x"), Message.Float(double.NaN)));
        Message c = Message.Array(Message.Array(Message.String("x"), Message.Float(double.NaN)), Message.Integer(1));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.NotEqual(Message.Array(Message.Integer(1)), Message.Array(Message.Integer(1), Message.Integer(1)));
    }

    [Fact]
    public void Objects_compare_regardless_of_order_with_equal_hashes()
    {
        Message a = Message.Object(
            new("x", Message.Integer(1)),
            new("y", Message.Object(new("p", Message.Null), new("q", Message.String("s")))));
        Message b = Message.Object(
            new("y", Message.Object(new("q", Message.String("s")), new("p", Message.Null))),
            new("x", Message.Integer(1)));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.AsObject(), b.AsObject());
        Assert.Equal(a.AsObject().GetHashCode(), b.AsObject().GetHashCode());
    }

    [Fact]
    public void Large_objects_compare_regardless_of_order()
    {
        var forward = new List<KeyValuePair<string, Message>>();
        for (int i = 0; i < 50; i++)
        {
            forward.Add(new($"k{i}", Message.Integer(i)));
        }

        List<KeyValuePair<string, Message>> backward = Enumerable.Reverse(forward).ToList();
        Message a = Message.Object(forward);
        Message b = Message.Object(backward);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());

        backward[10] = new(backward[10].Key, Message.Integer(-1));
        Assert.NotEqual(a, Message.Object(backward));
    }

    [Fact]
    public void Objects_with_different_keys_or_values_differ()
    {
        Message a = Message.Object(new("x", Message.Integer(1)), new("y", Message.Integer(2)));
        Assert.NotEqual(a, Message.Object(new("x", Message.Integer(1)), new("z", Message.Integer(2))));
        Assert.NotEqual(a, Message.Object(new("x", Message.Integer(1)), new("y", Message.Integer(3))));
        Assert.NotEqual(a, Message.Object(new KeyValuePair<string, Message>("x", Message.Integer(1))));
        Assert.NotEqual(a, Message.Object(MessageObject.Empty));
    }

    [Fact]
    public void Hashing_huge_payloads_is_consistent()
    {
        string big = new('a', 1_000_000);
        Assert.Equal(Message.String(big).GetHashCode(), Message.String(new string('a', 1_000_000)).GetHashCode());
        Assert.NotEqual(Message.String(big), Message.String(big[..^1] + "b"));

        Message[] items = Enumerable.Range(0, 100_000).Select(i => Message.Integer(i)).ToArray();
        Message array = Message.Array(items);
        Assert.Equal(array.GetHashCode(), Message.Array(items).GetHashCode());
        items[^1] = Message.Null;
        Assert.NotEqual(array, Message.Array(items)); // equality is exact even where the hash samples
    }

    [Fact]
    public void Equality_of_deeply_nested_messages_works()
    {
        Assert.Equal(MessageSamples.NestedArrays(2000), MessageSamples.NestedArrays(2000));
        Assert.NotEqual(MessageSamples.NestedArrays(2000), MessageSamples.NestedArrays(1999));
        Assert.Equal(MessageSamples.NestedObjects(500).GetHashCode(), MessageSamples.NestedObjects(500).GetHashCode());
    }

    [Fact]
    public void Equals_object_rejects_other_types()
    {
        Assert.False(Message.Integer(1).Equals((object)1L));
        Assert.False(Message.Null.Equals(null));
    }
}
