using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Flow;

/// <summary>Branch, Filter, Switch, Fork, Merge and Passthrough.</summary>
public sealed class RoutingTests
{
    [Fact]
    public async Task Branch_routes_by_the_condition_and_reports_a_failing_or_non_Boolean_condition()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "flow/Branch", """{"condition":"value.t > 30"}""",
            ("in", [Msg("""{"t":35}"""), Msg("""{"t":20}"""), Msg("""{"t":"hot"}"""), Msg("""{"t":31.5}""")]));

        Assert.Equal(["""{"t":35}""", """{"t":31.5}"""], ToJson(run["true"]));
        Assert.Equal(["""{"t":20}"""], ToJson(run["false"]));
        string error = Assert.Single(run.Errors);
        Assert.StartsWith("flow/Branch (node): 'value.t > 30' failed", error, StringComparison.Ordinal);
        Assert.Contains("""Object {"t":"hot"}""", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Branch_with_a_condition_that_is_not_Boolean_reports_each_message()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Branch", """{"condition":"value + 1"}""", ("in", Integers(1)));

        Assert.Contains("gave Integer 2, not a Boolean", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Empty(run["true"]);
        Assert.Empty(run["false"]);
    }

    [Theory]
    [InlineData(null, "/: Required properties [\"condition\"] are not present")]
    [InlineData("""{"condition":42}""", "/condition: Value is \"integer\" but should be \"string\"")]
    [InlineData("""{"condition":"value >"}""", "configuration 'condition': the expression 'value >' does not parse")]
    [InlineData("""{"condition":"x > 1"}""", "'x', which is not a variable here")]
    public async Task A_badly_configured_node_fails_at_start_and_reports_every_message_it_is_sent(string? config, string problem)
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Branch", config, ("in", Integers(1, 2)));

        Assert.Equal(1, run.Node.Errors); // OnStart
        Assert.Equal(3, run.Errors.Count); // the start failure, routed by the runtime, then both messages
        Assert.Contains(problem, run.Errors[0], StringComparison.Ordinal);
        Assert.All(run.Errors.Skip(1), e => Assert.Contains("the node is not configured, so its input is not handled", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Filter_passes_what_holds_and_keeps_the_rest_on_failed()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Filter", """{"condition":"len(value) > 2"}""", ("in", Strings("a", "abc", "", "abcd")));

        Assert.Equal(["abc", "abcd"], run["passed"].Select(m => m.AsString()));
        Assert.Equal(["a", ""], run["failed"].Select(m => m.AsString()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Switch_routes_by_key_to_the_first_equal_case_numbers_by_value_else_default()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "flow/Switch", """{"cases":["red", 1, null], "key":"value.c"}""",
            ("in", [Msg("""{"c":"red"}"""), Msg("""{"c":1.0}"""), Msg("""{"c":"blue"}"""), Msg("{}"), Msg("""{"c":1}""")]));

        Assert.Equal(["""{"c":"red"}"""], ToJson(run["case1"]));
        Assert.Equal(["""{"c":1.0}""", """{"c":1}"""], ToJson(run["case2"]));
        Assert.Equal(["{}"], ToJson(run["case3"])); // a missing field is null
        Assert.Equal(["""{"c":"blue"}"""], ToJson(run["default"]));
        Assert.Equal(0, run.Node.Dropped);
    }

    [Fact]
    public async Task Switch_refuses_more_cases_than_it_has_ports()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Switch", """{"cases":[1,2,3,4,5,6,7,8,9]}""", ("in", Integers(1)));

        Assert.Contains("must list 1 to 8 values, not 9", run.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fork_copies_to_the_configured_outputs_only_sharing_the_payload()
    {
        Message payload = Msg("""{"big":[1,2,3]}""");

        ComponentRun run = await ComponentRun.RunAsync("flow/Fork", """{"outputs":3}""", ("in", [payload, Message.Integer(7)]));

        foreach (string port in new[] { "out1", "out2", "out3" })
        {
            Assert.Equal([payload, Message.Integer(7)], run[port]);
            Assert.Same(payload.AsObject(), run[port][0].AsObject());
        }

        Assert.Empty(run["out4"]);
        Assert.Equal(0, run.Node.Dropped);
    }

    [Fact]
    public async Task Fork_refuses_more_outputs_than_ports()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Fork", """{"outputs":9}""", ("in", Integers(1)));

        Assert.Equal(2, run.Node.Errors); // the start failure, then the message, reported by a throw (Fork has no error port)
        Assert.Equal(0, run.Node.Invocations);
        Assert.Empty(run["out1"]);
    }

    [Fact]
    public async Task Merge_passes_every_input_on_keeping_each_inputs_order()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Merge", null, ("in1", Integers(1, 2, 3)), ("in8", Integers(10, 20)), ("in1", Integers(4)));

        long[] values = [.. run["out"].Select(m => m.AsInteger())];
        Assert.Equal(6, values.Length);
        Assert.Equal([1, 2, 3, 4], values.Where(v => v < 10));
        Assert.Equal([10, 20], values.Where(v => v >= 10));
    }

    [Fact]
    public async Task Passthrough_is_Repeat_under_the_flow_name()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Passthrough", null, ("in", Strings("x", "y")));

        Assert.Equal(["x", "y"], run["out"].Select(m => m.AsString()));
    }
}
