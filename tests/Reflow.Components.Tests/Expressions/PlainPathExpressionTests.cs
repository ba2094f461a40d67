using Reflow.Components.Expressions;
using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Expressions;

/// <summary>An expression that is one variable or path alone is read without NCalc: same results, same errors.</summary>
public sealed class PlainPathExpressionTests
{
    [Theory]
    [InlineData("value.named.status", "{\"named\":{\"status\":\"200\"}}")]
    [InlineData("value.count", "{\"count\":42}")]
    [InlineData("value.f", "{\"f\":1.5}")]
    [InlineData("value.b", "{\"b\":true}")]
    [InlineData("value.n", "{\"n\":null}")]
    [InlineData("value.o", "{\"o\":{\"x\":[1,2]}}")]
    [InlineData("value.items.1", "{\"items\":[\"x\",\"y\"]}")]
    [InlineData("value.items.5", "{\"items\":[\"x\",\"y\"]}")]
    [InlineData("value.missing.deeper", "{}")]
    [InlineData("value.a.b", "{\"a\":7}")]
    [InlineData("value", "{\"a\":[1,{\"b\":\"c\"}]}")]
    [InlineData("value", "\"text\"")]
    [InlineData("value", "null")]
    public void A_plain_path_gives_what_NCalc_gives(string path, string item)
    {
        MessageExpression plain = MessageExpression.Parse(path, "value");
        MessageExpression throughNCalc = MessageExpression.Parse($"if(true, {path}, 0)", "value");
        plain.Set(0, Msg(item));
        throughNCalc.Set(0, Msg(item));

        Assert.True(plain.IsPlainPath);
        Assert.False(throughNCalc.IsPlainPath);
        Assert.Equal(throughNCalc.Evaluate(), plain.Evaluate());
    }

    [Fact]
    public void A_missing_value_is_null_not_flow()
    {
        MessageExpression plain = MessageExpression.Parse("value", "value");
        plain.Set(0, Message.Flow);

        Assert.Equal(MessageKind.Null, plain.Evaluate().Kind);
    }

    [Fact]
    public void The_second_variable_is_read_too()
    {
        MessageExpression plain = MessageExpression.Parse("acc.total", "value", "acc");
        plain.Set(0, Msg("1"));
        plain.Set(1, Msg("{\"total\":9}"));

        Assert.True(plain.IsPlainPath);
        Assert.Equal(Msg("9"), plain.Evaluate());
    }

    [Fact]
    public void A_bracket_fails_as_through_NCalc()
    {
        MessageExpression plain = MessageExpression.Parse("value", "value");
        MessageExpression throughNCalc = MessageExpression.Parse("if(true, value, 0)", "value");
        plain.Set(0, Message.OpenBracket());
        throughNCalc.Set(0, Message.OpenBracket());

        var fast = Assert.Throws<ExpressionException>(() => plain.Evaluate());
        var slow = Assert.Throws<ExpressionException>(() => throughNCalc.Evaluate());
        Assert.StartsWith("'value' failed: ", fast.Message, StringComparison.Ordinal);
        Assert.EndsWith(slow.Message[slow.Message.IndexOf(" failed: ", StringComparison.Ordinal)..][" failed: ".Length..], fast.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("value.a + 1")]
    [InlineData("int(value.a)")]
    public void Anything_else_goes_through_NCalc(string text) =>
        Assert.False(MessageExpression.Parse(text, "value").IsPlainPath);

    [Fact]
    public void An_unknown_variable_still_fails_at_parse() =>
        Assert.Throws<ExpressionException>(() => MessageExpression.Parse("other.a", "value"));
}
