using System.Collections.Immutable;
using Reflow.Components.Expressions;
using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Expressions;

/// <summary>The library's functions on Strings, Arrays and Objects, and the Array and Object literals.</summary>
public sealed class ExpressionFunctionTests
{
    private const string LogLine = "203.0.113.9 - - [10/Oct/2024:13:55:36 +0000] \"GET /index.html HTTP/1.1\" 200 2326";

    private static Message Eval(string text, string value)
    {
        MessageExpression expression = MessageExpression.Parse(text, "value");
        expression.Set(0, Msg(value));
        return expression.Evaluate();
    }

    private static string Json(string text, string value) => MessageJson.ToJson(Eval(text, value));

    [Theory]
    [InlineData("keys(value)", "{\"b\":1,\"a\":[2],\"c\":null}", "[\"b\",\"a\",\"c\"]")]
    [InlineData("values(value)", "{\"b\":1,\"a\":[2],\"c\":null}", "[1,[2],null]")]
    [InlineData("keys(value)", "{}", "[]")]
    [InlineData("values(value.x)", "{\"x\":{\"k\":\"v\"}}", "[\"v\"]")]
    [InlineData("get(value, 'b')", "{\"a\":1,\"b\":\"two\"}", "\"two\"")]
    [InlineData("get(value, 'z')", "{\"a\":1}", "null")]
    [InlineData("get(value, 1)", "[10,20,30]", "20")]
    [InlineData("get(value, -1)", "[10,20,30]", "30")]
    [InlineData("get(value, 3)", "[10,20,30]", "null")]
    [InlineData("get(value.missing, 0)", "{}", "null")]
    [InlineData("len(keys(value))", "{\"a\":1,\"b\":2}", "2")]
    public void Keys_values_and_get_take_Objects_and_Arrays_apart_in_order(string text, string value, string expected) =>
        Assert.Equal(expected, Json(text, value));

    [Theory]
    [InlineData("[1, 'a', value, null, [true]]", "2.5", "[1,\"a\",2.5,null,[true]]")]
    [InlineData("[]", "0", "[]")]
    [InlineData("{}", "0", "{}")]
    [InlineData("{status: value.code, n: 1}", "{\"code\":404}", "{\"status\":404,\"n\":1}")]
    [InlineData("{'a b': 1, \"c\": [value, {d: value + 1}]}", "1", "{\"a b\":1,\"c\":[1,{\"d\":2}]}")]
    [InlineData("{big: value > 10 ? 'yes' : 'no', v: Max(value, 3)}", "20", "{\"big\":\"yes\",\"v\":20}")]
    [InlineData("{s: '[not, {a, literal}]'}", "0", "{\"s\":\"[not, {a, literal}]\"}")]
    [InlineData("array(1, 2)", "0", "[1,2]")]
    [InlineData("object('k', value, 'j', 2)", "1", "{\"k\":1,\"j\":2}")]
    [InlineData("len([value, value])", "1", "2")]
    [InlineData("contains([200, 304], value)", "304", "true")]
    public void Array_and_Object_literals_build_messages(string text, string value, string expected) =>
        Assert.Equal(expected, Json(text, value));

    [Theory]
    [InlineData("{a 1}", "needs ':' after the key 'a' at position 3, found '1'")]
    [InlineData("{1: 2}", "the Object at position 0 needs a key (a name or a quoted String) at position 1, found '1'")]
    [InlineData("{a: 1, }", "needs a key (a name or a quoted String) at position 7, found '}'")]
    [InlineData("{a: 1, a: 2}", "the Object at position 0 has the key 'a' twice")]
    [InlineData("[1, 2", "the '[' at position 0 is not closed")]
    [InlineData("[1, 2}", "'}' at position 5 does not close the '[' at position 0")]
    [InlineData("1 + 2]", "']' at position 5 closes nothing")]
    public void A_wrong_literal_is_refused_at_parse_with_its_position(string text, string reason)
    {
        var ex = Assert.Throws<ExpressionException>(() => MessageExpression.Parse(text, "value"));
        Assert.Contains($"the expression '{text}' does not parse", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("split(value, ' ')", "\"a b  c\"", "[\"a\",\"b\",\"\",\"c\"]")]
    [InlineData("split(value, ', ')", "\"x, y\"", "[\"x\",\"y\"]")]
    [InlineData("split(value, ',')", "\"\"", "[\"\"]")]
    [InlineData("split(value, ',')", "\"abc\"", "[\"abc\"]")]
    [InlineData("split(value, ',')", "\",\"", "[\"\",\"\"]")]
    [InlineData("join(value, '-')", "[\"a\",1,null,true]", "\"a-1-null-true\"")]
    [InlineData("join(split(value, ' '), '+')", "\"a b c\"", "\"a+b+c\"")]
    [InlineData("indexOf(value, 'lo')", "\"hello\"", "3")]
    [InlineData("indexOf(value, 'z')", "\"hello\"", "-1")]
    [InlineData("indexOf(value, 2)", "[1,2.0,3]", "1")]
    [InlineData("slice(value, 1, 3)", "\"hello\"", "\"el\"")]
    [InlineData("slice(value, -3)", "\"hello\"", "\"llo\"")]
    [InlineData("slice(value, 2, 99)", "\"hello\"", "\"llo\"")]
    [InlineData("slice(value, 4, 1)", "\"hello\"", "\"\"")]
    [InlineData("slice(value, 1, -1)", "[1,2,3,4]", "[2,3]")]
    [InlineData("substr(value, 1, 3)", "\"hello\"", "\"ell\"")]
    [InlineData("startsWith(value, 'GET ')", "\"GET /\"", "true")]
    [InlineData("endsWith(value, '.html')", "\"/a.htm\"", "false")]
    [InlineData("contains(value, 'ell')", "\"hello\"", "true")]
    [InlineData("lower(value) + upper(value)", "\"aB\"", "\"abAB\"")]
    [InlineData("trim(value)", "\"  x \"", "\"x\"")]
    [InlineData("replace(value, 'l', 'L')", "\"hello\"", "\"heLLo\"")]
    [InlineData("len(value)", "\"hello\"", "5")]
    [InlineData("len(value)", "{\"a\":1}", "1")]
    [InlineData("int(' 42 ') + float('1.5')", "0", "43.5")]
    [InlineData("int(value)", "\"-7\"", "-7")]
    public void String_functions_give_the_expected_values(string text, string value, string expected) =>
        Assert.Equal(expected, Json(text, value));

    [Theory]
    [InlineData("int(value)", "\"12a\"", "int cannot convert String \"12a\" to an Integer")]
    [InlineData("float(value)", "\"x\"", "float cannot convert String \"x\" to a Float")]
    [InlineData("int(value)", "[1]", "int cannot convert Array [1] to an Integer")]
    [InlineData("split(value, '')", "\"a\"", "split expects a separator that is not empty as argument 2")]
    [InlineData("split(value, ' ')", "5", "split expects a String as argument 1, got Integer 5")]
    [InlineData("split(value)", "\"a\"", "split takes 2 arguments, not 1")]
    [InlineData("join(value, ',')", "\"a\"", "join expects an Array as argument 1, got String \"a\"")]
    [InlineData("keys(value)", "[1]", "keys expects an Object as argument 1, got Array [1]")]
    [InlineData("values(value)", "3", "values expects an Object as argument 1, got Integer 3")]
    [InlineData("get(value, 'a')", "[1]", "get expects an Integer as argument 2, got String \"a\"")]
    [InlineData("get(value, 0)", "\"s\"", "get expects an Object or an Array as argument 1, got String \"s\"")]
    [InlineData("slice(value, 'a')", "\"s\"", "slice expects an Integer as argument 2, got String \"a\"")]
    [InlineData("slice(value, 0)", "7", "slice expects a String or an Array as argument 1, got Integer 7")]
    [InlineData("indexOf(value, 1)", "\"s\"", "indexOf expects a String as argument 2, got Integer 1")]
    [InlineData("object('a', 1, 'b')", "0", "object takes keys and values in pairs, not 3 arguments")]
    [InlineData("object(value, 1)", "5", "object expects a String key as argument 1, got Integer 5")]
    [InlineData("object('a', 1, value, 2)", "\"a\"", "object has the key 'a' twice (arguments 1 and 3)")]
    [InlineData("lower(value, 1)", "\"a\"", "lower takes 1 arguments, not 2")]
    public void A_function_failure_names_the_function_the_argument_and_the_value(string text, string value, string reason)
    {
        var ex = Assert.Throws<ExpressionException>(() => Eval(text, value));
        Assert.Contains($"'{text}' failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_access_log_line_becomes_an_Object_in_one_expression()
    {
        Message result = Eval(
            "{ip: get(split(value, ' '), 0), path: get(split(value, ' '), 6), status: int(get(split(value, ' '), 8)), bytes: int(get(split(value, ' '), 9))}",
            System.Text.Json.JsonSerializer.Serialize(LogLine));

        Assert.Equal("{\"ip\":\"203.0.113.9\",\"path\":\"/index.html\",\"status\":200,\"bytes\":2326}", MessageJson.ToJson(result));
    }

    [Fact]
    public void Splitting_the_same_String_again_in_one_expression_reuses_the_parts_but_a_new_String_is_split_anew()
    {
        MessageExpression expression = MessageExpression.Parse("[split(value, ' '), split(value, ' '), split(value, '-')]", "value");
        expression.Set(0, Message.String("a-b c"));
        Message first = expression.Evaluate();
        expression.Set(0, Message.String("d e"));
        Message second = expression.Evaluate();

        ImmutableArray<Message> results = first.AsArray();
        Assert.True(results[0].AsArray() == results[1].AsArray(), "the second split of the same String is the first one's Array");
        Assert.Equal("[[\"a-b\",\"c\"],[\"a-b\",\"c\"],[\"a\",\"b c\"]]", MessageJson.ToJson(first));
        Assert.Equal("[[\"d\",\"e\"],[\"d\",\"e\"],[\"d e\"]]", MessageJson.ToJson(second));
    }

    [Fact]
    public void Every_catalogued_function_is_installed()
    {
        string unknown = Assert.Throws<ExpressionException>(() => Eval("nosuch()", "0")).Message;
        Assert.Contains("nosuch", unknown, StringComparison.Ordinal);
        foreach ((string name, _, _) in ExpressionFunctions.Catalog)
        {
            Exception? ex = Record.Exception(() => Eval($"{name}()", "0"));
            Assert.NotEqual(unknown.Replace("nosuch", name, StringComparison.Ordinal), ex?.Message);
        }
    }
}
