using Reflow.Messages;
using static Reflow.Components.Tests.StreamValues;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Flow;

/// <summary>
/// flow/Take, Skip, First, Last, Distinct, Collect ("all" mode and the end of the stream) and Window by count: values,
/// the result at the end of the stream, per bracket group (brackets forwarded around it), and an empty stream.
/// </summary>
public sealed class StreamTests
{
    [Fact]
    public async Task Take_passes_the_first_items_at_once_and_consumes_the_rest()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Take", """{"count":2}""", ("in", Integers(1, 2, 3, 4, 5)));

        Assert.Equal(["1", "2"], ToJson(run["out"]));
        Assert.Equal(5, run.Node.Invocations); // the rest was received, not refused
        Assert.Equal(0, run.Node.Dropped);
    }

    [Fact]
    public async Task Take_and_Skip_count_per_bracket_group_and_forward_the_brackets()
    {
        Message[] stream = Stream(Group(1, 2, 3), Group(4), 5, 6, 7);

        ComponentRun take = await ComponentRun.RunAsync("flow/Take", """{"count":2}""", ("in", stream));
        ComponentRun skip = await ComponentRun.RunAsync("flow/Skip", """{"count":2}""", ("in", stream));

        Assert.Equal(["(", "1", "2", ")", "(", "4", ")", "5", "6"], Render(take["out"]));
        Assert.Equal(["(", "3", ")", "(", ")", "7"], Render(skip["out"]));
    }

    [Fact]
    public async Task First_and_Last_give_one_item_per_group_and_nothing_for_an_empty_stream()
    {
        Message[] stream = Stream(1, Group(2, 3), Group(), 4);

        ComponentRun first = await ComponentRun.RunAsync("flow/First", null, ("in", stream));
        ComponentRun last = await ComponentRun.RunAsync("flow/Last", null, ("in", stream));
        ComponentRun noFirst = await ComponentRun.RunAsync("flow/First", null, ("in", []));
        ComponentRun noLast = await ComponentRun.RunAsync("flow/Last", null, ("in", []));

        Assert.Equal(["1", "(", "2", ")", "(", ")"], Render(first["out"]));
        Assert.Equal(["(", "3", ")", "(", ")", "4"], Render(last["out"]));
        Assert.Empty(noFirst["out"]);
        Assert.Empty(noLast["out"]);
    }

    [Fact]
    public async Task Last_emits_exactly_once_at_the_end_of_the_stream()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Last", null, ("in", Strings("a", "b", "c")));

        Assert.Equal(["\"c\""], ToJson(run["out"]));
    }

    [Fact]
    public async Task Distinct_passes_the_first_item_of_each_key_per_group()
    {
        ComponentRun values = await ComponentRun.RunAsync("flow/Distinct", null, ("in", [.. Integers(1, 2, 1, 3, 2), Message.Float(1.0)]));
        ComponentRun byKey = await ComponentRun.RunAsync(
            "flow/Distinct", """{"key":"value.id"}""", ("in", [Msg("""{"id":1,"v":"a"}"""), Msg("""{"id":2,"v":"b"}"""), Msg("""{"id":1,"v":"c"}""")]));
        ComponentRun groups = await ComponentRun.RunAsync("flow/Distinct", null, ("in", Stream(1, Group(1, 1, 2), 1, 2)));

        Assert.Equal(["1", "2", "3", "1.0"], ToJson(values["out"])); // 1 and 1.0 are different keys
        Assert.Equal(["""{"id":1,"v":"a"}""", """{"id":2,"v":"b"}"""], ToJson(byKey["out"]));
        Assert.Equal(["1", "(", "1", "2", ")", "2"], Render(groups["out"]));
    }

    [Fact]
    public async Task Collect_all_emits_the_whole_stream_once_at_its_end_and_an_empty_Array_for_an_empty_stream()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Collect", null, ("in", Integers(1, 2, 3)));
        ComponentRun empty = await ComponentRun.RunAsync("flow/Collect", """{"mode":"all"}""", ("in", []));

        Assert.Equal(["[1,2,3]"], ToJson(run["out"]));
        Assert.Equal(["[]"], ToJson(empty["out"]));
        Assert.Equal(0, run.Node.Errors);
    }

    [Fact]
    public async Task Collect_all_emits_one_Array_per_bracket_group_between_its_brackets()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Collect", null, ("in", Stream(1, Group(2, 3), Group(), 4)));
        ComponentRun nested = await ComponentRun.RunAsync("flow/Collect", null, ("in", Stream(Group(1, Group(2), 3))));

        Assert.Equal(["(", "[2,3]", ")", "(", "[]", ")", "[1,4]"], Render(run["out"]));
        Assert.Equal(["(", "(", "[2]", ")", "[1,3]", ")"], Render(nested["out"]));
    }

    [Fact]
    public async Task Collect_all_flush_emits_what_came_so_far_and_the_end_emits_only_what_came_after()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Collect", null, ("in", Integers(1, 2)), ("flush", [Message.Flow]), ("in", Integers(3)));
        ComponentRun flushedOnly = await ComponentRun.RunAsync("flow/Collect", null, ("in", Integers(1)), ("flush", [Message.Flow]));
        ComponentRun flushedEmpty = await ComponentRun.RunAsync("flow/Collect", null, ("flush", [Message.Flow]));

        Assert.Equal(["[1,2]", "[3]"], ToJson(run["out"]));
        Assert.Equal(["[1]"], ToJson(flushedOnly["out"]));
        Assert.Equal(["[]"], ToJson(flushedEmpty["out"])); // in 'all' mode an empty flush emits [], and the end adds nothing
    }

    [Fact]
    public async Task Collect_by_count_cuts_batches_at_brackets_and_emits_the_partial_batch_at_the_end()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Collect", """{"count":3}""", ("in", Stream(1, 2, Group(3, 4), 5)));

        Assert.Equal(["[1,2]", "(", "[3,4]", ")", "[5]"], Render(run["out"]));
        Assert.Equal(0, run.Node.Errors);
    }

    [Theory]
    [InlineData("""{"size":2}""", new[] { "[1,2]", "[3,4]", "[5]" })]
    [InlineData("""{"size":3,"step":1}""", new[] { "[1,2,3]", "[2,3,4]", "[3,4,5]" })] // no tail of shrinking windows
    [InlineData("""{"size":3,"step":2}""", new[] { "[1,2,3]", "[3,4,5]" })]
    [InlineData("""{"size":2,"step":3}""", new[] { "[1,2]", "[4,5]" })] // 3 falls between windows
    [InlineData("""{"size":10}""", new[] { "[1,2,3,4,5]" })]
    public async Task Window_by_count_tumbles_slides_and_hops(string config, string[] windows)
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Window", config, ("in", Integers(1, 2, 3, 4, 5)));

        Assert.Equal(windows, ToJson(run["out"]));
    }

    [Fact]
    public async Task Window_by_count_emits_the_oldest_partial_window_at_the_end_only_with_an_item_not_yet_emitted()
    {
        ComponentRun sliding = await ComponentRun.RunAsync("flow/Window", """{"size":3,"step":2}""", ("in", Integers(1, 2, 3, 4)));
        ComponentRun short1 = await ComponentRun.RunAsync("flow/Window", """{"size":4,"step":1}""", ("in", Integers(1, 2)));
        ComponentRun empty = await ComponentRun.RunAsync("flow/Window", """{"size":2}""", ("in", []));

        Assert.Equal(["[1,2,3]", "[3,4]"], ToJson(sliding["out"]));
        Assert.Equal(["[1,2]"], ToJson(short1["out"]));
        Assert.Empty(empty["out"]);
    }

    [Fact]
    public async Task Window_by_count_never_spans_a_bracket_and_the_outer_group_goes_on_after_the_inner_one()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Window", """{"size":2}""", ("in", Stream(1, Group(2, 3, 4), 5, 6)));

        Assert.Equal(["(", "[2,3]", "[4]", ")", "[1,5]", "[6]"], Render(run["out"]));
    }

    [Fact]
    public async Task An_aggregate_reports_a_close_bracket_without_an_open_one_and_a_stream_that_ends_inside_a_group()
    {
        ComponentRun unmatched = await ComponentRun.RunAsync("data/CountBy", null, ("in", [Message.Integer(1), Close]));
        ComponentRun unclosed = await ComponentRun.RunAsync("flow/Collect", null, ("in", [Message.Integer(1), Open, Message.Integer(2)]));

        Assert.Equal(["1"], Render(unmatched["out"]));
        Assert.Contains("a close bracket arrived without an open one", Assert.Single(unmatched.Errors), StringComparison.Ordinal);
        Assert.Equal(["(", "[1]"], Render(unclosed["out"]));
        Assert.Contains("the stream ended inside 1 open bracket group(s)", Assert.Single(unclosed.Errors), StringComparison.Ordinal);
    }
}
