using Reflow.Components.Expressions;
using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Expressions;

/// <summary>
/// Literals, paths, <c>== !=</c>, <c>&amp;&amp; || !</c>, <c>if</c>, <c>int</c> and <c>float</c> are evaluated by the
/// typed evaluator without NCalc: same results, same errors as through NCalc.
/// </summary>
public sealed class TypedExpressionTests
{
    private const string Item =
        "{\"s\":\"12\",\"d\":\"-\",\"t\":\" 7 \",\"e\":\"1e3\",\"x\":\"12a\",\"i\":12,\"f\":1.5,\"f12\":12.0,\"b\":true,\"no\":false,"
        + "\"n\":null,\"a\":[1],\"o\":{\"x\":1},\"big\":9007199254740993,\"min\":-9223372036854775808,\"huge\":1e30}";

    public static TheoryData<string> Answered =>
    [
        // the access-log job's byte count, and its kin
        "if(value.d == '-', 0, int(value.d))", "if(value.s == '-', 0, int(value.s))",
        "IF(value.b, 'yes', 'no')", "value.b ? 1 : 2", "value.n ? 1 : 2",
        // literals
        "12", "-1", "--1", "1.5", "-1.5", "1e3", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "'x'", "''",
        "true", "false", "null",
        // equality within a kind and with null
        "value.s == '12'", "value.s != '12'", "value.i == 12", "value.i != 12", "value.i == -12", "value.f == 1.5", "value.f12 == 12.0",
        "value.b == true", "value.b != false", "'a' == 'A'", "'12' == '12.0'", "'' == ''", "value.n == null", "null == null",
        "null != null", "value.missing == null", "value.missing.deeper == null", "value.i == null", "null == value.s", "value.a == null",
        "value.big == 9007199254740992",
        "-0.0 == 0.0", "value.i == 12 == true",
        // conditions that are Booleans or null, short-circuits
        "value.b && value.i == 12", "value.no && int(value.x)", "value.b || int(value.x)", "value.n || false", "value.n && true",
        "true && null", "false || null", "!value.b", "!value.n",
        "not value.no", "value.b and value.no", "value.no or value.b",
        "if(value.n, 1, 2)",
        // conversions that succeed, negation
        "int(value.s)", "int(value.t)", "int(value.f)", "int(value.b)", "int(value.i)",
        "float('1e3')", "float(value.e)", "float(value.t)",
        "float(value.i)", "float(value.f)", "-value.i", "-value.f",
        // Arrays and Objects as results
        "if(true, value.o, 0)", "if(false, 0, value.a)",
    ];

    // Kinds NCalc coerces or converts (a String and an Integer, a Float and an Integer, a number as a condition),
    // NaN, conversions that fail and brackets: the typed evaluator leaves them to NCalc, answer or error.
    public static TheoryData<string> Deferred =>
    [
        "if(value.x == '-', 0, int(value.x))", "if(value.missing == '-', 0, int(value.missing))", "value.s == 12",
        "value.i == '12'", "value.i == 12.0", "value.f12 == 12", "value.big == 9007199254740992.0", "value.b == 1",
        "value.b == 'true'", "value.a == value.a", "value.o == value.o", "value.a == 1", "float('NaN') == float('NaN')",
        "value.i && true", "value.b && 'x'", "value.s || true", "!value.i", "!value.s", "if(value.s, 1, 2)", "if(value.f, 1, 2)",
        "if(value.a, 1, 2)", "int('12a')", "int(null)", "int(value.a)", "int(value.huge)", "int(float('Infinity'))",
        "float(value.b)", "float(null)", "float('x')", "float(value.o)", "-value.min", "-value.s", "value.b == true && value",
    ];

    [Theory]
    [MemberData(nameof(Answered))]
    public void The_typed_evaluator_answers_as_NCalc_does(string text) => AssertSameAsNCalc(text, ncalcEvaluations: 0);

    [Theory]
    [MemberData(nameof(Deferred))]
    public void What_the_typed_evaluator_leaves_to_NCalc_gives_NCalc_s_answer_or_error(string text) =>
        AssertSameAsNCalc(text, ncalcEvaluations: 1);

    [Theory]
    [InlineData("int(value)")]
    [InlineData("value == null")]
    [InlineData("if(true, value, 0)")]
    [InlineData("!value")]
    public void A_bracket_fails_as_through_NCalc(string text)
    {
        MessageExpression typed = MessageExpression.Parse(text, "value");
        MessageExpression throughNCalc = MessageExpression.Parse(text, "value");
        throughNCalc.DisableFastPaths();
        typed.Set(0, Message.CloseBracket());
        throughNCalc.Set(0, Message.CloseBracket());

        Assert.True(typed.IsTyped);
        var fast = Assert.Throws<ExpressionException>(() => typed.Evaluate());
        var slow = Assert.Throws<ExpressionException>(() => throughNCalc.Evaluate());
        Assert.Equal(slow.Message, fast.Message);
    }

    [Fact]
    public void Flow_reads_as_null()
    {
        MessageExpression typed = MessageExpression.Parse("value == null", "value");
        typed.Set(0, Message.Flow);

        Assert.Equal(Message.Boolean(true), typed.Evaluate());
    }

    [Fact]
    public void A_second_variable_is_read_too()
    {
        MessageExpression typed = MessageExpression.Parse("if(acc == null, int(value.s), acc)", "value", "acc");
        typed.Set(0, Msg(Item));
        typed.Set(1, Message.Null);

        Assert.True(typed.IsTyped);
        Assert.Equal(Message.Integer(12), typed.Evaluate());
        typed.Set(1, Message.Integer(5));
        Assert.Equal(Message.Integer(5), typed.Evaluate());
    }

    [Theory]
    [InlineData("if(value.d == '-', 0, int(value.d))", "{\"d\":\"1234\"}")]
    [InlineData("value.s == '200' && !(value.n == null)", "{\"s\":\"200\",\"n\":1}")]
    [InlineData("float(value.s) ", "{\"s\":\"2.5\"}")]
    [InlineData("value.b ? -value.i : 0", "{\"b\":true,\"i\":3}")]
    public void A_scalar_result_allocates_nothing(string text, string item)
    {
        MessageExpression typed = MessageExpression.Parse(text, "value");
        typed.Set(0, Msg(item));
        Message first = typed.Evaluate();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            first = typed.Evaluate();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(typed.IsTyped);
        Assert.NotEqual(MessageKind.Null, first.Kind);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_condition_is_evaluated_by_it_too()
    {
        MessageExpression typed = MessageExpression.Parse("value.s == '12' && value.b", "value");
        typed.Set(0, Msg(Item));

        Assert.True(typed.IsTyped);
        Assert.True(typed.EvaluateCondition());
    }

    [Theory]
    [InlineData("value.a + 1")]
    [InlineData("len(value.s)")]
    [InlineData("INT('1')")]
    [InlineData("int()")]
    [InlineData("int(1, 2)")]
    [InlineData("if(true, 1)")]
    [InlineData("value.i > 1")]
    [InlineData("[value.i]")]
    [InlineData("value.s in ('a', 'b')")]
    public void Anything_else_goes_through_NCalc(string text) =>
        Assert.False(MessageExpression.Parse(text, "value").IsTyped);

    [Fact]
    public void A_plain_path_keeps_its_own_fast_path() =>
        Assert.False(MessageExpression.Parse("value.s", "value").IsTyped);

    private static void AssertSameAsNCalc(string text, int ncalcEvaluations)
    {
        MessageExpression typed = MessageExpression.Parse(text, "value");
        MessageExpression throughNCalc = MessageExpression.Parse(text, "value");
        throughNCalc.DisableFastPaths();
        typed.Set(0, Msg(Item));
        throughNCalc.Set(0, Msg(Item));

        Assert.True(typed.IsTyped);
        Assert.False(throughNCalc.IsTyped);
        AssertSameOutcome(throughNCalc, typed);
        Assert.Equal(ncalcEvaluations, typed.NCalcEvaluations);
        Assert.Equal(1, throughNCalc.NCalcEvaluations);
    }

    private static void AssertSameOutcome(MessageExpression expected, MessageExpression actual)
    {
        Message expectedResult = default, actualResult = default;
        Exception? expectedError = Record.Exception(() => expectedResult = expected.Evaluate());
        Exception? actualError = Record.Exception(() => actualResult = actual.Evaluate());
        if (expectedError is null)
        {
            Assert.Null(actualError);
            Assert.Equal(expectedResult.Kind, actualResult.Kind);
            Assert.Equal(expectedResult, actualResult);
        }
        else
        {
            Assert.NotNull(actualError);
            Assert.Equal(expectedError.GetType(), actualError.GetType());
            Assert.Equal(expectedError.Message, actualError.Message);
        }
    }
}
