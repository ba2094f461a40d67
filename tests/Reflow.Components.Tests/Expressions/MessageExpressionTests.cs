using Reflow.Components.Expressions;
using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Expressions;

public sealed class MessageExpressionTests
{
    private static Message Eval(string text, string value)
    {
        MessageExpression expression = MessageExpression.Parse(text, "value");
        expression.Set(0, Msg(value));
        return expression.Evaluate();
    }

    [Theory]
    [InlineData("value + 1", "41", "42")]
    [InlineData("value * 2", "1.5", "3.0")]
    [InlineData("value / 2", "7", "3.5")]
    [InlineData("value % 4", "10", "2")]
    [InlineData("value.a.b * 10", "{\"a\":{\"b\":4}}", "40")]
    [InlineData("value.items.1", "{\"items\":[\"x\",\"y\"]}", "\"y\"")]
    [InlineData("value.missing", "{}", "null")]
    [InlineData("value.missing == null", "{}", "true")]
    [InlineData("isNull(value.a.b.c)", "{\"a\":1}", "true")]
    [InlineData("value.name + '!'", "{\"name\":\"ada\"}", "\"ada!\"")]
    [InlineData("'a.b' + value", "\"c\"", "\"a.bc\"")]
    [InlineData("'it\\'s ' + value.x", "{\"x\":\"ok\"}", "\"it's ok\"")]
    [InlineData("len(value)", "[1,2,3]", "3")]
    [InlineData("len(value.s)", "{\"s\":\"four\"}", "4")]
    [InlineData("upper(value)", "\"abc\"", "\"ABC\"")]
    [InlineData("contains(value, 2)", "[1,2,3]", "true")]
    [InlineData("value > 2 && value < 10", "5", "true")]
    [InlineData("value >= 2 and not (value == 3)", "3", "false")]
    [InlineData("if(value > 0, 'pos', 'neg')", "-1", "\"neg\"")]
    [InlineData("value > 0 ? 'pos' : 'neg'", "1", "\"pos\"")]
    [InlineData("abs(value) + Max(1, 2)", "-3", "5.0")]
    [InlineData("Round(value, 1)", "2.25", "2.2")]
    [InlineData("int(value) + 1", "\"41\"", "42")]
    [InlineData("coalesce(value.a, value.b, 0)", "{\"b\":7}", "7")]
    [InlineData("str(value)", "{\"a\":[1]}", "\"{\\\"a\\\":[1]}\"")]
    [InlineData("value", "[1,{\"a\":2}]", "[1,{\"a\":2}]")]
    [InlineData("1.5e1 + value", "1", "16.0")]
    public void Evaluates_operators_paths_and_functions_over_message_values(string text, string value, string expected) =>
        Assert.Equal(expected, MessageJson.ToJson(Eval(text, value)));

    [Theory]
    [InlineData("value +", "does not parse")]
    [InlineData("", "empty")]
    [InlineData("other + 1", "'other', which is not a variable here (the variables are: value)")]
    [InlineData("value..a", "does not parse")]
    public void A_bad_expression_is_refused_when_parsed_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<ExpressionException>(() => MessageExpression.Parse(text, "value")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("value + 1", "9223372036854775807", "overflow")]
    [InlineData("value * 2", "\"abc\"", "'value * 2' failed")]
    [InlineData("len(value)", "5", "len expects a String, Array, Object or Bytes, got Integer 5")]
    [InlineData("nosuch(value)", "1", "nosuch")]
    [InlineData("substr(value, 2, 9)", "\"abc\"", "outside")]
    public void An_evaluation_failure_names_the_expression_and_the_reason(string text, string value, string reason) =>
        Assert.Contains(reason, Assert.Throws<ExpressionException>(() => Eval(text, value)).Message, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void A_condition_must_give_a_Boolean()
    {
        MessageExpression condition = MessageExpression.Parse("value + 1", "value");
        condition.Set(0, Message.Integer(1));

        Assert.Contains("gave Integer 2, not a Boolean", Assert.Throws<ExpressionException>(() => condition.EvaluateCondition()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_variables_are_set_by_position()
    {
        MessageExpression sum = MessageExpression.Parse("acc + value * index", "value", "index", "acc");
        sum.Set(0, Message.Integer(3));
        sum.Set(1, Message.Integer(2));
        sum.Set(2, Message.Integer(10));

        Assert.Equal(Message.Integer(16), sum.Evaluate());
    }
}
