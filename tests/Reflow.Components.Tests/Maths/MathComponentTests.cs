using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Maths;

public sealed class MathComponentTests
{
    private static async Task<ComponentRun> WithOperand(string component, string operand, params Message[] values) =>
        await ComponentRun.RunAsync(ComponentRun.Find(component), null, [("operand", Msg(operand))], [("in", values)]);

    [Theory]
    [InlineData("math/Add", "2", "40", "42")]
    [InlineData("math/Add", "0.5", "1", "1.5")]
    [InlineData("math/Subtract", "5", "3", "-2")]
    [InlineData("math/Multiply", "2.5", "4", "10.0")]
    [InlineData("math/Multiply", "-3", "4", "-12")]
    [InlineData("math/Divide", "2", "7", "3.5")]
    [InlineData("math/Divide", "2", "8", "4.0")]
    [InlineData("math/Modulo", "3", "-7", "-1")]
    [InlineData("math/Modulo", "2.5", "7", "2.0")]
    [InlineData("math/Modulo", "-1", "-9223372036854775808", "0")]
    [InlineData("math/Power", "10", "2", "1024")]
    [InlineData("math/Power", "-1", "2", "0.5")]
    [InlineData("math/Power", "0.5", "9", "3.0")]
    [InlineData("math/Min", "3", "7", "3")]
    [InlineData("math/Max", "3.5", "7", "7.0")]
    public async Task Binary_operations_follow_the_numeric_rules(string component, string operand, string value, string expected)
    {
        ComponentRun run = await WithOperand(component, operand, Msg(value));

        Assert.Equal([expected], ToJson(run["out"]));
        Assert.Empty(run.Errors);
    }

    [Theory]
    [InlineData("math/Divide", "0", "7", "division by zero: Integer 7 and operand Integer 0")]
    [InlineData("math/Divide", "0.0", "7.5", "division by zero")]
    [InlineData("math/Modulo", "0", "7", "modulo by zero")]
    [InlineData("math/Add", "1", "9223372036854775807", "Integer overflow: Add of 9223372036854775807 and 1 does not fit in 64 bits")]
    [InlineData("math/Multiply", "2", "-9223372036854775808", "Integer overflow")]
    [InlineData("math/Power", "64", "2", "Integer overflow")]
    [InlineData("math/Add", "1", "\"3\"", "in-port 'in' expects a number (Integer or Float), got String \"3\"")]
    [InlineData("math/Add", "1", "null", "got Null")]
    public async Task Bad_input_goes_to_error_saying_what_was_wrong(string component, string operand, string value, string problem)
    {
        ComponentRun run = await WithOperand(component, operand, Msg(value));

        Assert.Contains(problem, Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Empty(run["out"]);
        Assert.Equal(0, run.Node.Errors); // bad input is not a failure of the node
    }

    [Fact]
    public async Task A_number_before_any_operand_and_a_bad_operand_are_reported()
    {
        ComponentRun run = await ComponentRun.RunAsync("math/Add", null, ("in", Integers(1)), ("operand", [Msg("\"x\""), Msg("10")]), ("in", Integers(2)));

        Assert.Equal([12], run["out"].Select(m => m.AsInteger()));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("Integer 1 arrived before any operand", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("in-port 'operand' expects a number", run.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operand_is_required_by_validation()
    {
        var error = Assert.Throws<Reflow.Networks.NetworkValidationException>(() =>
            new Reflow.Networks.NetworkBuilder().AddNode("add", ComponentRun.Find("math/Add")).Build(_ => null));

        Assert.Contains("required in-port 'operand' is not connected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abs_keeps_the_kind_and_reports_the_one_Integer_without_an_absolute_value()
    {
        ComponentRun run = await ComponentRun.RunAsync("math/Abs", null, ("in", [Msg("-3"), Msg("-2.5"), Msg("0"), Msg("-9223372036854775808"), Msg("true")]));

        Assert.Equal(["3", "2.5", "0"], ToJson(run["out"]));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("Integer overflow", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("got Boolean true", run.Errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"digits":1}""", "2.25", "2.3")]
    [InlineData("""{"digits":1,"mode":"toEven"}""", "2.25", "2.2")]
    [InlineData("""{"mode":"down"}""", "-2.5", "-3.0")]
    [InlineData("""{"mode":"up"}""", "2.1", "3.0")]
    [InlineData("""{"integer":true}""", "2.5", "3")]
    [InlineData("""{"digits":2}""", "7", "7")]
    public async Task Round_rounds_Floats_by_digits_and_mode(string config, string value, string expected)
    {
        ComponentRun run = await ComponentRun.RunAsync("math/Round", config, ("in", [Msg(value)]));

        Assert.Equal([expected], ToJson(run["out"]));
    }

    [Fact]
    public async Task Round_to_an_Integer_reports_values_beyond_64_bits()
    {
        ComponentRun run = await ComponentRun.RunAsync("math/Round", """{"integer":true}""", ("in", [Msg("1e300"), Msg("\"x\"")]));

        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("which is not an Integer in 64 bits", run.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clamp_limits_to_the_range_and_refuses_NaN_and_an_empty_range()
    {
        ComponentRun run = await ComponentRun.RunAsync("math/Clamp", """{"min":0,"max":10}""", ("in", [Msg("-5"), Msg("5"), Msg("15"), Message.Float(double.NaN)]));

        Assert.Equal(["0", "5", "10"], ToJson(run["out"]));
        Assert.Contains("not NaN", Assert.Single(run.Errors), StringComparison.Ordinal);

        ComponentRun empty = await ComponentRun.RunAsync("math/Clamp", """{"min":3,"max":1}""", ("in", Integers(1)));
        Assert.Contains("'min' (Integer 3) is above 'max' (Integer 1)", empty.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sum_average_and_statistics_run_over_the_stream_and_reset()
    {
        ComponentRun sum = await ComponentRun.RunAsync("math/Sum", null, ("in", Integers(1, 2, 3)), ("reset", [Message.Flow]), ("in", [Msg("1.5"), Msg("\"x\""), Msg("1")]));
        Assert.Equal(["1", "3", "6", "1.5", "2.5"], ToJson(sum["out"]));
        Assert.Single(sum.Errors);

        ComponentRun average = await ComponentRun.RunAsync("math/Average", null, ("in", Integers(2, 4, 9)));
        Assert.Equal(["2.0", "3.0", "5.0"], ToJson(average["out"]));

        ComponentRun statistics = await ComponentRun.RunAsync("math/Statistics", null, ("in", Integers(2, 4, 4, 4, 5, 5, 7, 9)));
        Assert.Equal("""{"count":8,"sum":40,"mean":5.0,"min":2.0,"max":9.0,"variance":4.0,"stddev":2.0}""", MessageJson.ToJson(statistics["out"][^1]));
    }

    [Fact]
    public async Task Sum_becomes_a_Float_when_the_Integer_sum_would_overflow()
    {
        ComponentRun run = await ComponentRun.RunAsync("math/Sum", null, ("in", Integers(long.MaxValue, 1)));

        Assert.Equal(MessageKind.Integer, run["out"][0].Kind);
        Assert.Equal(9.223372036854775808e18, run["out"][1].AsFloat());
    }

    [Fact]
    public async Task Random_with_a_seed_repeats_and_stays_in_range()
    {
        Message[] triggers = [.. Enumerable.Repeat(Message.Flow, 200)];
        ComponentRun first = await ComponentRun.RunAsync("math/Random", """{"min":1,"max":6,"integer":true,"seed":7}""", ("trigger", triggers));
        ComponentRun second = await ComponentRun.RunAsync("math/Random", """{"min":1,"max":6,"integer":true,"seed":7}""", ("trigger", triggers));
        ComponentRun floats = await ComponentRun.RunAsync("math/Random", """{"min":-1,"max":1}""", ("trigger", triggers));

        Assert.Equal(first["out"], second["out"]);
        Assert.All(first["out"], m => Assert.InRange(m.AsInteger(), 1, 6));
        Assert.Equal(6, first["out"].Select(m => m.AsInteger()).Distinct().Count());
        Assert.All(floats["out"], m => Assert.True(m.AsFloat() is >= -1 and < 1));
    }

    [Fact]
    public async Task Expression_evaluates_per_message_and_reports_failures()
    {
        ComponentRun run = await ComponentRun.RunAsync("math/Expression", """{"expression":"Sqrt(value.x ** 2 + value.y ** 2)"}""", ("in", [Msg("""{"x":3,"y":4}"""), Msg("""{"x":"a"}""")]));

        Assert.Equal(["5.0"], ToJson(run["out"]));
        Assert.Contains("'Sqrt(value.x ** 2 + value.y ** 2)' failed", Assert.Single(run.Errors), StringComparison.Ordinal);
    }
}
