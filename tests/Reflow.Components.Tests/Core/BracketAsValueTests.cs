using Reflow.Components.Core;
using Reflow.Components.Data;
using Reflow.Components.Expressions;
using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Core;

/// <summary>Where a component meets a bracket as a value (not through OnBracket): a defined result or a clear error.</summary>
public sealed class BracketAsValueTests
{
    [Fact]
    public async Task Output_writes_brackets_with_their_values_and_passes_them_on_in_order()
    {
        var writer = new StringWriter { NewLine = "\n" };
        Message[] sent = [Message.OpenBracket(Message.String("g1")), Message.Integer(1), Message.OpenBracket(), Message.CloseBracket(), Message.CloseBracket(Message.Integer(7))];

        ComponentRun run = await ComponentRun.RunAsync(
            ComponentRun.Find("core/Output", new StandardComponentsOptions { Output = writer }), null, [], [("in", sent)]);

        Assert.Equal("OpenBracket \"g1\"\n1\nOpenBracket\nCloseBracket\nCloseBracket 7\n", writer.ToString());
        Assert.Equal(sent, run["out"]);
    }

    [Fact]
    public void Output_format_of_a_bracket_is_its_kind_and_value()
    {
        Assert.Equal("CloseBracket {\"day\":3}", OutputActor.Format(Message.CloseBracket(Msg("{\"day\":3}"))));
        Assert.Equal("OpenBracket", OutputActor.Format(Message.OpenBracket()));
    }

    [Theory]
    [InlineData("integer")]
    [InlineData("float")]
    [InlineData("string")]
    [InlineData("boolean")]
    [InlineData("json")]
    [InlineData("bytes")]
    public void Conversion_refuses_a_bracket_and_says_why(string target)
    {
        Assert.False(ValueConversion.TryConvert(Message.OpenBracket(Message.Integer(1)), target, out Message result, out string? problem));
        Assert.True(result.IsFlow);
        Assert.Equal($"OpenBracket 1 is a bracket (a stream boundary, not a value) and cannot be converted to {target}", problem);
        Assert.False(ValueConversion.TryConvert(Message.CloseBracket(), target, out _, out problem));
        Assert.Contains("CloseBracket is a bracket", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expression_that_meets_a_bracket_fails_clearly()
    {
        ExpressionException error = Assert.Throws<ExpressionException>(() => ExpressionValues.ToObject(Message.CloseBracket()));
        Assert.Equal("CloseBracket is a bracket (a stream boundary, not a value); an expression cannot use it", error.Message);

        MessageExpression expression = MessageExpression.Parse("value.k", "value");
        expression.Set(0, Message.Object(new KeyValuePair<string, Message>("k", Message.OpenBracket(Message.String("g")))));
        Exception failure = Assert.ThrowsAny<Exception>(() => expression.Evaluate());
        Assert.Contains("OpenBracket \"g\" is a bracket", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Comparisons_treat_brackets_as_equal_by_value_and_unordered()
    {
        Assert.True(MessageComparer.AreEqual(Message.OpenBracket(Message.Integer(1)), Message.OpenBracket(Message.Integer(1))));
        Assert.False(MessageComparer.AreEqual(Message.OpenBracket(Message.Integer(1)), Message.CloseBracket(Message.Integer(1))));
        Assert.False(MessageComparer.AreEqual(Message.OpenBracket(), Message.Integer(10)));
        Assert.False(MessageComparer.CanOrder(Message.OpenBracket(), Message.OpenBracket()));
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => MessageComparer.Compare(Message.OpenBracket(), Message.CloseBracket()));
        Assert.Equal("OpenBracket and CloseBracket cannot be ordered (only two numbers, two Strings or two Booleans can)", error.Message);
    }
}
