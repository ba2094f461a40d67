using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Flow;

/// <summary>Join, Gate, Split, Collect (count and indexed), Iterate and Loop.</summary>
public sealed class ShapingTests
{
    [Theory]
    [InlineData("object", """{"in1":1,"in2":"a"}""", """{"in1":2,"in2":"b"}""")]
    [InlineData("array", """[1,"a"]""", """[2,"b"]""")]
    public async Task Join_emits_one_message_per_complete_set_oldest_first(string mode, string first, string second)
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Join", $$"""{"mode":"{{mode}}"}""", ("in1", Integers(1, 2, 3)), ("in2", Strings("a", "b")));

        Assert.Equal([first, second], ToJson(run["out"]));
        Assert.Equal(1, run.Node.Errors); // in1's 3 waited for a partner that never came: reported at stop
    }

    [Fact]
    public async Task Join_concatenates_Strings_or_Arrays_and_reports_a_mixed_set()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "flow/Join", """{"mode":"concatenate","inputs":3}""",
            ("in1", [Msg("\"ab\""), Msg("[1]"), Msg("\"x\"")]), ("in2", [Msg("\"c\""), Msg("[]"), Msg("[2]")]), ("in3", [Msg("\"d\""), Msg("[3,4]"), Msg("\"z\"")]));

        Assert.Equal(["\"abcd\"", "[1,3,4]"], ToJson(run["out"]));
        Assert.Contains("'concatenate' joins all Strings or all Arrays", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Equal(0, run.Node.Errors);
    }

    [Fact]
    public async Task Join_reports_a_port_beyond_inputs_and_a_full_queue()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Join", """{"capacity":2}""", ("in3", Integers(9)), ("in1", Integers(1, 2, 3)), ("in2", Integers(10, 20)));

        Assert.Equal(["""{"in1":1,"in2":10}""", """{"in1":2,"in2":20}"""], ToJson(run["out"]));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("in-port 'in3' is beyond 'inputs' (2)", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("in-port 'in1' already holds its capacity", run.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_holds_while_closed_releases_in_order_on_open_and_reports_overflow()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "flow/Gate", """{"open":false,"capacity":2}""",
            ("in", Integers(1, 2, 3)), ("open", [Message.Flow]), ("in", Integers(4)), ("close", [Message.Flow]), ("in", Integers(5)), ("open", [Message.Flow]));

        Assert.Equal([1, 2, 4, 5], run["out"].Select(m => m.AsInteger()));
        Assert.Contains("the gate is closed and holds its capacity of 2 messages; Integer 3 is not held", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Equal(0, run.Node.Errors);
    }

    [Fact]
    public async Task Gate_left_closed_reports_what_it_still_holds_at_stop()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Gate", """{"open":false}""", ("in", Integers(1, 2)));

        Assert.Empty(run["out"]);
        Assert.Equal(1, run.Node.Errors);
    }

    [Fact]
    public async Task Split_emits_elements_in_order_empty_arrays_nothing_and_reports_non_arrays()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Split", null, ("in", [Msg("[1,[2],null]"), Msg("[]"), Msg("\"no\""), Msg("[4]")]));

        Assert.Equal(["1", "[2]", "null", "4"], ToJson(run["out"]));
        Assert.Contains("in-port 'in' expects an Array, got String \"no\"", Assert.Single(run.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_indexed_and_Collect_indexed_round_trip_an_array()
    {
        ComponentRun split = await ComponentRun.RunAsync("flow/Split", """{"indexed":true}""", ("in", [Msg("[\"a\",null,{\"b\":1}]")]));
        Assert.Equal("""{"index":1,"count":3,"value":null}""", MessageJson.ToJson(split["out"][1]));

        // Out of order, as parallel branches would deliver them.
        Message[] shuffled = [split["out"][2], split["out"][0], split["out"][1]];
        ComponentRun collect = await ComponentRun.RunAsync("flow/Collect", """{"mode":"indexed"}""", ("in", shuffled));

        Assert.Equal(["[\"a\",null,{\"b\":1}]"], ToJson(collect["out"]));
        Assert.Equal(0, collect.Node.Errors);
    }

    [Fact]
    public async Task Collect_indexed_reports_malformed_repeated_and_mismatched_items_and_an_incomplete_array()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "flow/Collect", """{"mode":"indexed"}""",
            ("in", [Msg("5"), Msg("""{"index":0,"count":2,"value":1}"""), Msg("""{"index":0,"count":2,"value":9}"""), Msg("""{"index":1,"count":3,"value":2}""")]));

        Assert.Empty(run["out"]);
        Assert.Equal(3, run.Errors.Count);
        Assert.Contains("expects {\"index\": i, \"count\": n, \"value\": v}", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("index 0 arrived twice", run.Errors[1], StringComparison.Ordinal);
        Assert.Contains("says the array has 3 elements, but the array being collected has 2", run.Errors[2], StringComparison.Ordinal);
        Assert.Equal(1, run.Node.Errors); // 1 of 2 items at stop
    }

    [Fact]
    public async Task Collect_by_count_emits_full_batches_flush_emits_the_rest()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Collect", """{"count":2}""", ("in", Integers(1, 2, 3, 4, 5)), ("flush", [Message.Flow]), ("flush", [Message.Flow]));

        Assert.Equal(["[1,2]", "[3,4]", "[5]"], ToJson(run["out"]));
        Assert.Equal(0, run.Node.Errors);
    }

    [Fact]
    public async Task Collect_by_count_emits_the_partial_batch_at_the_end_of_the_stream()
    {
        ComponentRun run = await ComponentRun.RunAsync("flow/Collect", """{"count":2}""", ("in", Integers(1, 2, 3)));

        Assert.Equal(["[1,2]", "[3]"], ToJson(run["out"])); // before the end of stream existed, [3] was lost and reported at stop
        Assert.Equal(0, run.Node.Errors);
    }

    [Fact]
    public async Task Iterate_walks_one_element_per_next_then_done_and_queues_arrays()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "flow/Iterate", null,
            ("next", [Message.Flow]), ("in", [Msg("[\"a\",\"b\"]"), Msg("[]"), Msg("[\"c\"]"), Msg("3")]), ("next", [Message.Flow, Message.Flow]));

        Assert.Equal(["""{"value":"a","index":0}""", """{"value":"b","index":1}""", """{"value":"c","index":0}"""], ToJson(run["item"]));
        Assert.Equal([2, 0], run["done"].Select(m => m.AsInteger()));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("'next' arrived, but no Array is being walked", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("expects an Array, got Integer 3", run.Errors[1], StringComparison.Ordinal);
        Assert.Equal(1, run.Node.Errors); // "c" was sent but never finished with a 'next': reported at stop
    }

    [Fact]
    public async Task Loop_emits_each_iteration_and_the_final_value_and_stops_runaways()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "flow/Loop", """{"condition":"value < 20","step":"value * 2 + index","maxIterations":5}""", ("in", Integers(3, 100, 0)));

        // 3 → 6 (index 0) → 13 (index 1) → 28 (index 2); 100 stops at once; 0 → 0 → 1 → 4 → 11 → 26 (five steps, the cap).
        Assert.Equal([3, 6, 13, 0, 0, 1, 4, 11], run["iteration"].Select(m => m.AsInteger()));
        Assert.Equal([28, 100, 26], run["out"].Select(m => m.AsInteger()));
        Assert.Empty(run.Errors);

        ComponentRun runaway = await ComponentRun.RunAsync("flow/Loop", """{"condition":"true","step":"value","maxIterations":3}""", ("in", Integers(1)));
        Assert.Contains("took more than 3 steps", Assert.Single(runaway.Errors), StringComparison.Ordinal);
        Assert.Equal(3, runaway["iteration"].Count);
    }
}
