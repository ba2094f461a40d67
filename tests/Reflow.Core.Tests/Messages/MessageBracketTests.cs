using System.Runtime.CompilerServices;
using Reflow.Messages;

namespace Reflow.Tests.Messages;

/// <summary>Brackets as values: kinds, equality, hashing, text and allocation. Codecs: see <see cref="MessageBracketCodecTests"/>.</summary>
public class MessageBracketTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void Factories_give_the_bracket_kinds_and_values()
    {
        Assert.Equal(MessageKind.OpenBracket, Message.OpenBracket().Kind);
        Assert.Equal(MessageKind.CloseBracket, Message.CloseBracket().Kind);
        Assert.Equal(10, (int)MessageKind.OpenBracket); // the binary kind byte: never renumbered
        Assert.Equal(11, (int)MessageKind.CloseBracket);

        Message open = Message.OpenBracket(Message.String("g1"));
        Assert.True(open.IsBracket);
        Assert.True(open.IsOpenBracket);
        Assert.False(open.IsCloseBracket);
        Assert.True(open.TryGetBracketValue(out Message value));
        Assert.Equal(Message.String("g1"), value);

        Assert.False(Message.CloseBracket().TryGetBracketValue(out Message none));
        Assert.True(none.IsFlow);
        Assert.False(Message.String("x").IsBracket);
        Assert.False(Message.EndOfEdge.IsBracket);
    }

    [Fact]
    public void A_bracket_cannot_carry_a_bracket()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Message.OpenBracket(Message.CloseBracket()));
        Assert.Contains("cannot be a bracket", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Message.CloseBracket(Message.OpenBracket(Message.Integer(1))));
        Assert.Throws<ArgumentException>(() => Message.OpenBracket(Message.EndOfEdge));
    }

    [Fact]
    public void Brackets_are_equal_by_kind_and_value()
    {
        AssertEqualWithHash(Message.OpenBracket(), Message.OpenBracket());
        AssertEqualWithHash(Message.CloseBracket(), Message.CloseBracket());
        AssertEqualWithHash(Message.OpenBracket(Message.String("g1")), Message.OpenBracket(Message.String(new string(['g', '1']))));
        AssertEqualWithHash(Message.CloseBracket(Message.Float(0.0)), Message.CloseBracket(Message.Float(-0.0)));
        AssertEqualWithHash(Message.OpenBracket(Message.Float(double.NaN)), Message.OpenBracket(Message.Float(double.NaN)));
        AssertEqualWithHash(
            Message.OpenBracket(Message.Object(new("a", Message.Integer(1)), new("b", Message.Array(Message.Null)))),
            Message.OpenBracket(Message.Object(new("b", Message.Array(Message.Null)), new("a", Message.Integer(1)))));
        AssertEqualWithHash(Message.OpenBracket(Message.Bytes([1, 2])), Message.OpenBracket(Message.Bytes([1, 2])));
        AssertEqualWithHash(Message.Array(Message.CloseBracket(Message.Integer(3))), Message.Array(Message.CloseBracket(Message.Integer(3))));
    }

    [Fact]
    public void Brackets_differ_by_kind_value_and_presence_of_a_value()
    {
        Message[] distinct =
        [
            Message.OpenBracket(),
            Message.CloseBracket(),
            Message.OpenBracket(Message.Flow),
            Message.CloseBracket(Message.Flow),
            Message.OpenBracket(Message.Null),
            Message.OpenBracket(Message.String("g1")),
            Message.OpenBracket(Message.String("g2")),
            Message.CloseBracket(Message.String("g1")),
            Message.OpenBracket(Message.Integer(1)),
            Message.OpenBracket(Message.Float(1.0)),
            Message.OpenBracket(Message.Array(Message.Integer(1))),
            Message.Flow,
            Message.Null,
            Message.Integer(10), // the kind number of OpenBracket as a scalar
            Message.Integer(11),
            Message.String("g1"),
            Message.EndOfEdge,
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
    public void Text_names_the_bracket_and_shows_its_value()
    {
        Assert.Equal("OpenBracket", Message.OpenBracket().ToString());
        Assert.Equal("CloseBracket", Message.CloseBracket().ToString());
        Assert.Equal("OpenBracket \"g1\"", Message.OpenBracket(Message.String("g1")).ToString());
        Assert.Equal("CloseBracket 42", Message.CloseBracket(Message.Integer(42)).ToString());
        Assert.Equal("OpenBracket null", Message.OpenBracket(Message.Null).ToString());
        Assert.Equal("OpenBracket Flow", Message.OpenBracket(Message.Flow).ToString());
        Assert.Equal("CloseBracket 2.0", Message.CloseBracket(Message.Float(2)).ToString());
        Assert.Equal("OpenBracket {\"day\":[1,2]}", Message.OpenBracket(Message.Object(new KeyValuePair<string, Message>("day", Message.Array(Message.Integer(1), Message.Integer(2))))).ToString());
        Assert.Equal("CloseBracket Bytes[2] 0102", Message.CloseBracket(Message.Bytes([1, 2])).ToString());
        Assert.Equal("OpenBracket Error \"e\"", Message.OpenBracket(Message.Error("e")).ToString());
        Assert.Equal("Array [OpenBracket \"a\",1,CloseBracket]", Message.Array(Message.OpenBracket(Message.String("a")), Message.Integer(1), Message.CloseBracket()).ToString());
        Assert.Equal("EndOfEdge", Message.EndOfEdge.ToString());
        Assert.Equal("Array [EndOfEdge]", Message.Array(Message.EndOfEdge).ToString());
    }

    [Fact]
    public void A_bracket_with_a_huge_value_has_bounded_text()
    {
        string text = Message.OpenBracket(Message.String(new string('x', 100_000))).ToString();
        Assert.StartsWith("OpenBracket \"xxx", text, StringComparison.Ordinal);
        Assert.True(text.Length <= MessageText.MaxLength + 1, $"length {text.Length}");
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Brackets_without_a_value_do_not_allocate()
    {
        // The first call compiles and tiers up the loop; only the second is measured.
        _ = UseValueLessBrackets(Iterations);

        long before = GC.GetAllocatedBytesForCurrentThread();
        long checksum = UseValueLessBrackets(Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Iterations * 8L, checksum);
        Assert.Equal(0, allocated);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long UseValueLessBrackets(int iterations)
    {
        long checksum = 0;
        for (int i = 0; i < iterations; i++)
        {
            Message open = Message.OpenBracket();
            Message close = Message.CloseBracket();
            checksum += open.IsBracket && close.IsBracket ? 1 : 0;
            checksum += open.IsOpenBracket && close.IsCloseBracket ? 1 : 0;
            checksum += open.Kind == MessageKind.OpenBracket && close.Kind == MessageKind.CloseBracket ? 1 : 0;
            checksum += open.Equals(Message.OpenBracket()) ? 1 : 0;
            checksum += open == close ? 0 : 1;
            checksum += open.GetHashCode() == Message.OpenBracket().GetHashCode() ? 1 : 0;
            checksum += open.TryGetBracketValue(out _) ? 0 : 1;
            checksum += close.Equals(Message.Integer(11)) ? 0 : 1;
        }

        return checksum;
    }

    private static void AssertEqualWithHash(Message left, Message right)
    {
        Assert.True(left.Equals(right), $"{left} should equal {right}");
        Assert.True(right.Equals(left), $"{right} should equal {left}");
        Assert.True(left == right);
        Assert.True(left.Equals((object)right));
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }
}
