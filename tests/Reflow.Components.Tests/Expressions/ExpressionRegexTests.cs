using Reflow.Components.Expressions;
using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Expressions;

/// <summary>The regular-expression functions, and when their patterns are compiled.</summary>
public sealed class ExpressionRegexTests
{
    private const string Clf = "^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"(\\S+) (\\S+) [^\"]*\" (\\d{3}) (\\d+|-)$";

    private static Message Eval(string text, string value)
    {
        MessageExpression expression = MessageExpression.Parse(text, "value");
        expression.Set(0, Msg(value));
        return expression.Evaluate();
    }

    [Theory]
    [InlineData("test(value, '^\\\\d+$')", "\"123\"", "true")]
    [InlineData("test(value, '^\\\\d+$')", "\"12a\"", "false")]
    [InlineData("match(value, '(\\\\w+)@(\\\\w+)')", "\"mail ada@home now\"", "[\"ada@home\",\"ada\",\"home\"]")]
    [InlineData("match(value, 'a(x)?b')", "\"ab\"", "[\"ab\",null]")]
    [InlineData("match(value, 'z')", "\"abc\"", "null")]
    [InlineData("capture(value, '(?<user>\\\\w+)@(?<host>\\\\w+)')", "\"ada@home\"", "{\"user\":\"ada\",\"host\":\"home\"}")]
    [InlineData("capture(value, '(\\\\w+)')", "\"ada\"", "{}")]
    [InlineData("capture(value, 'z')", "\"ada\"", "null")]
    [InlineData("regexReplace(value, '(\\\\d+)', '<$1>')", "\"a1b22\"", "\"a<1>b<22>\"")]
    [InlineData("test(value, '(?i)^get')", "\"GET /\"", "true")]
    [InlineData("int(get(match(value, '(\\\\d+)$'), 1)) + 1", "\"n 41\"", "42")]
    public void Regex_functions_give_the_expected_values(string text, string value, string expected) =>
        Assert.Equal(expected, MessageJson.ToJson(Eval(text, value)));

    [Fact]
    public void An_access_log_line_is_matched_by_a_literal_pattern()
    {
        string line = "203.0.113.9 - - [10/Oct/2024:13:55:36 +0000] \"GET /index.html HTTP/1.1\" 200 2326";
        MessageExpression expression = MessageExpression.Parse($"match(value, '{Clf.Replace("\\", "\\\\", StringComparison.Ordinal)}')", "value");
        expression.Set(0, Message.String(line));

        Assert.Equal(
            "[\"" + line.Replace("\"", "\\\"", StringComparison.Ordinal) + "\",\"203.0.113.9\",\"10/Oct/2024:13:55:36 +0000\",\"GET\",\"/index.html\",\"200\",\"2326\"]",
            MessageJson.ToJson(expression.Evaluate()));
    }

    [Fact]
    public void A_literal_pattern_is_compiled_once_when_the_expression_is_parsed()
    {
        MessageExpression expression = MessageExpression.Parse("test(value, '^a') && match(value, 'b$') != null", "value");
        Assert.Equal(2, expression.RegexCompilations);

        for (int i = 0; i < 100; i++)
        {
            expression.Set(0, Message.String(i % 2 == 0 ? "ab" : "xb"));
            Assert.Equal(i % 2 == 0, expression.EvaluateCondition());
        }

        Assert.Equal(2, expression.RegexCompilations);
        Assert.Equal(0, expression.CachedRegexPatterns);
    }

    [Fact]
    public void A_computed_pattern_is_compiled_once_and_then_reused_from_the_cache()
    {
        MessageExpression expression = MessageExpression.Parse("test(value.text, value.pattern)", "value");
        Assert.Equal(0, expression.RegexCompilations);

        for (int i = 0; i < 50; i++)
        {
            expression.Set(0, Msg(i % 2 == 0 ? "{\"text\":\"abc\",\"pattern\":\"^a\"}" : "{\"text\":\"abc\",\"pattern\":\"^b\"}"));
            Assert.Equal(i % 2 == 0, expression.EvaluateCondition());
        }

        Assert.Equal(2, expression.RegexCompilations);
        Assert.Equal(2, expression.CachedRegexPatterns);
    }

    [Fact]
    public void The_cache_of_computed_patterns_is_bounded_and_keeps_the_recently_used_ones()
    {
        MessageExpression expression = MessageExpression.Parse("test(value, '^' + value)", "value");
        int capacity = ExpressionRegexes.DynamicCapacity;
        for (int i = 0; i < capacity * 10; i++)
        {
            expression.Set(0, Message.String($"p{i}"));
            Assert.True(expression.EvaluateCondition());
            Assert.True(expression.CachedRegexPatterns <= capacity);
        }

        Assert.Equal(capacity * 10, expression.RegexCompilations);
        Assert.Equal(capacity, expression.CachedRegexPatterns);

        // The most recent pattern is still there: using it again compiles nothing.
        expression.Set(0, Message.String($"p{(capacity * 10) - 1}"));
        Assert.True(expression.EvaluateCondition());
        Assert.Equal(capacity * 10, expression.RegexCompilations);
    }

    [Fact]
    public void A_bad_literal_pattern_is_refused_at_parse_naming_the_pattern_and_the_offset()
    {
        var ex = Assert.Throws<ExpressionException>(() => MessageExpression.Parse("1 + len(match(value, 'a(b'))", "value"));

        Assert.Contains("the expression '1 + len(match(value, 'a(b'))'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("match(): /a(b/ is not a valid regular expression: InsufficientClosingParentheses at offset 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_computed_pattern_fails_the_evaluation_naming_the_pattern()
    {
        var ex = Assert.Throws<ExpressionException>(() => Eval("test('x', value)", "\"[z\""));

        Assert.Contains("'test('x', value)' failed: test(): /[z/ is not a valid regular expression: UnterminatedBracket at offset 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_match_that_runs_past_the_timeout_fails_the_evaluation()
    {
        // Catastrophic backtracking: (a+)+b against a's without a b is exponential, far beyond a second.
        var ex = Assert.Throws<ExpressionException>(() => Eval("test(value, '^(a+)+b$')", $"\"{new string('a', 40)}c\""));

        Assert.Contains("test: matching /^(a+)+b$/ took longer than 1000 ms on a String of 41 characters", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test(value)", "test takes 2 arguments, not 1")]
    [InlineData("match(5, 'a')", "match expects a String as argument 1, got Integer 5")]
    [InlineData("capture('a', 5)", "capture expects a String as argument 2, got Integer 5")]
    [InlineData("regexReplace('a', 'a')", "regexReplace takes 3 arguments, not 2")]
    public void A_wrong_argument_names_the_function(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<ExpressionException>(() => Eval(text, "0")).Message, StringComparison.Ordinal);
}
