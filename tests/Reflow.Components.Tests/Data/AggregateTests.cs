using Reflow.Messages;
using static Reflow.Components.Tests.StreamValues;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Data;

/// <summary>
/// data/CountBy, SumBy, Top, and Reduce and GroupBy over a stream: the result once at the end of the stream, one per
/// bracket group between its brackets, and the result of an empty stream.
/// </summary>
public sealed class AggregateTests
{
    private static readonly Message[] Requests =
    [
        Msg("""{"status":200,"path":"/a","bytes":10}"""),
        Msg("""{"status":404,"path":"/b","bytes":1}"""),
        Msg("""{"status":200,"path":"/a","bytes":30}"""),
        Msg("""{"status":500,"path":"/c","bytes":2.5}"""),
        Msg("""{"status":200,"path":"/b","bytes":5}"""),
    ];

    [Fact]
    public async Task CountBy_emits_one_Object_of_counts_in_order_of_first_appearance_once_at_the_end()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/CountBy", """{"key":"value.status"}""", ("in", Requests));

        Assert.Equal(["""{"200":3,"404":1,"500":1}"""], ToJson(run["out"]));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task CountBy_entries_emits_one_message_per_key_keeping_the_key_value()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/CountBy", """{"key":"value.status","emit":"entries"}""", ("in", Requests));

        Assert.Equal(["""{"key":200,"count":3}""", """{"key":404,"count":1}""", """{"key":500,"count":1}"""], ToJson(run["out"]));
    }

    [Fact]
    public async Task CountBy_without_a_key_counts_everything_and_an_empty_stream_gives_0()
    {
        ComponentRun five = await ComponentRun.RunAsync("data/CountBy", null, ("in", Requests));
        ComponentRun none = await ComponentRun.RunAsync("data/CountBy", null, ("in", []));
        ComponentRun byKey = await ComponentRun.RunAsync("data/CountBy", """{"key":"value"}""", ("in", []));

        Assert.Equal(["5"], ToJson(five["out"]));
        Assert.Equal(["0"], ToJson(none["out"]));
        Assert.Equal(["{}"], ToJson(byKey["out"]));
    }

    [Fact]
    public async Task CountBy_emits_each_bracket_groups_count_between_its_brackets_and_the_outside_items_at_the_end()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/CountBy", null, ("in", Stream(1, Group(2, 3), Group(), 4)));

        Assert.Equal(["(", "2", ")", "(", "0", ")", "2"], Render(run["out"]));
    }

    [Fact]
    public async Task CountBy_over_a_stream_made_only_of_groups_gives_no_whole_stream_result_and_nests()
    {
        ComponentRun flat = await ComponentRun.RunAsync("data/CountBy", null, ("in", Stream(Group(1, 2), Group(3))));
        ComponentRun nested = await ComponentRun.RunAsync("data/CountBy", null, ("in", Stream(Group(1, Group(2, 3, 4), 5))));

        Assert.Equal(["(", "2", ")", "(", "1", ")"], Render(flat["out"]));
        Assert.Equal(["(", "(", "3", ")", "2", ")"], Render(nested["out"])); // the outer group goes on after the inner one
    }

    [Fact]
    public async Task CountBy_keys_that_name_one_field_share_it_and_bad_keys_are_reported_not_counted()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "data/CountBy", """{"key":"value"}""", ("in", [Msg("\"1\""), Msg("1"), Msg("[1]"), Msg("null"), Msg("true")]));

        Assert.Equal(["""{"1":2,"null":1,"true":1}"""], ToJson(run["out"]));
        Assert.Contains("a key must be a String, number, Boolean or null", Assert.Single(run.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SumBy_sums_per_key_Integers_stay_Integers_and_a_Float_makes_a_Float()
    {
        ComponentRun byPath = await ComponentRun.RunAsync("data/SumBy", """{"key":"value.path","value":"value.bytes"}""", ("in", Requests));
        ComponentRun total = await ComponentRun.RunAsync("data/SumBy", """{"value":"value.bytes"}""", ("in", Requests[..3]));
        ComponentRun entries = await ComponentRun.RunAsync("data/SumBy", """{"key":"value.status","value":"value.bytes","emit":"entries"}""", ("in", Requests[..2]));

        Assert.Equal(["""{"/a":40,"/b":6,"/c":2.5}"""], ToJson(byPath["out"]));
        Assert.Equal(["41"], ToJson(total["out"]));
        Assert.Equal(["""{"key":200,"sum":10}""", """{"key":404,"sum":1}"""], ToJson(entries["out"]));
    }

    [Fact]
    public async Task SumBy_gives_0_for_an_empty_stream_sums_per_group_and_reports_a_value_that_is_not_a_number()
    {
        ComponentRun empty = await ComponentRun.RunAsync("data/SumBy", null, ("in", []));
        ComponentRun groups = await ComponentRun.RunAsync("data/SumBy", null, ("in", Stream(Group(1, 2), 10, Group(3, "x"))));

        Assert.Equal(["0"], ToJson(empty["out"]));
        Assert.Equal(["(", "3", ")", "(", "3", ")", "10"], Render(groups["out"]));
        Assert.Contains("a value must be a number", Assert.Single(groups.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SumBy_falls_back_to_a_Float_when_the_Integer_sum_overflows()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/SumBy", null, ("in", Integers(long.MaxValue, 1)));

        Assert.Equal(MessageKind.Float, Assert.Single(run["out"]).Kind);
        Assert.Equal(9.223372036854776E18, run["out"][0].AsFloat());
    }

    [Fact]
    public async Task Top_keeps_the_n_largest_best_first_and_the_first_seen_wins_a_tie()
    {
        Message[] scores = [Msg("""{"id":"a","n":5}"""), Msg("""{"id":"b","n":7}"""), Msg("""{"id":"c","n":5}"""), Msg("""{"id":"d","n":7}"""), Msg("""{"id":"e","n":1}""")];

        ComponentRun two = await ComponentRun.RunAsync("data/Top", """{"count":2,"by":"value.n"}""", ("in", scores));
        ComponentRun three = await ComponentRun.RunAsync("data/Top", """{"count":3,"by":"value.n"}""", ("in", scores));
        ComponentRun smallest = await ComponentRun.RunAsync("data/Top", """{"count":2,"by":"value.n","order":"asc"}""", ("in", scores));

        Assert.Equal(["b", "d"], Ids(Assert.Single(two["out"])));
        Assert.Equal(["b", "d", "a"], Ids(Assert.Single(three["out"])));
        Assert.Equal(["e", "a"], Ids(Assert.Single(smallest["out"])));

        static string[] Ids(Message top) => [.. top.AsArray().Select(item => item.AsObject()["id"].AsString())];
    }

    [Fact]
    public async Task Top_gives_an_empty_Array_for_an_empty_stream_one_Array_per_group_and_reports_unrankable_values()
    {
        ComponentRun empty = await ComponentRun.RunAsync("data/Top", """{"count":3}""", ("in", []));
        ComponentRun groups = await ComponentRun.RunAsync("data/Top", """{"count":2}""", ("in", Stream(Group(3, 9, 4), Group(1, "x"), 8)));

        Assert.Equal(["[]"], ToJson(empty["out"]));
        Assert.Equal(["(", "[9,4]", ")", "(", "[1]", ")", "[8]"], Render(groups["out"]));
        Assert.Contains("cannot be ranked", Assert.Single(groups.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reduce_over_the_stream_starts_from_the_seed_and_emits_per_group_and_at_the_end()
    {
        const string Sum = """{"expression":"acc + value","over":"stream"}""";
        ComponentRun sum = await ComponentRun.RunAsync("data/Reduce", Sum, ("in", Integers(1, 2, 3, 4)));
        ComponentRun seeded = await ComponentRun.RunAsync("data/Reduce", """{"expression":"acc + str(value) + index","initial":">","over":"stream"}""", ("in", Integers(7, 8)));
        ComponentRun empty = await ComponentRun.RunAsync("data/Reduce", """{"expression":"acc + value","initial":100,"over":"stream"}""", ("in", []));
        ComponentRun groups = await ComponentRun.RunAsync("data/Reduce", Sum, ("in", Stream(Group(1, 2), 5, Group(3, Msg("[0]"), 4))));

        Assert.Equal(["10"], ToJson(sum["out"]));
        Assert.Equal(["\">7081\""], ToJson(seeded["out"]));
        Assert.Equal(["100"], ToJson(empty["out"]));
        Assert.Equal(["(", "3", ")", "(", "7", ")", "5"], Render(groups["out"]));
        Assert.Contains("for element 1 (", Assert.Single(groups.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reduce_over_arrays_forwards_brackets_and_emits_nothing_more_at_the_end()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/Reduce", """{"expression":"acc + value"}""", ("in", [Open, Msg("[1,2]"), Close, Msg("[3]")]));

        Assert.Equal(["(", "3", ")", "3"], Render(run["out"]));
    }

    [Fact]
    public async Task GroupBy_over_the_stream_groups_items_by_key_per_group_and_gives_an_empty_Object_for_an_empty_stream()
    {
        const string Config = """{"key":"value.status","over":"stream"}""";
        ComponentRun run = await ComponentRun.RunAsync("data/GroupBy", Config, ("in", Requests[..3]));
        ComponentRun empty = await ComponentRun.RunAsync("data/GroupBy", Config, ("in", []));
        ComponentRun groups = await ComponentRun.RunAsync("data/GroupBy", """{"key":"value % 2","over":"stream"}""", ("in", Stream(Group(1, 2, 3), 4)));

        Assert.Equal(["""{"200":[{"status":200,"path":"/a","bytes":10},{"status":200,"path":"/a","bytes":30}],"404":[{"status":404,"path":"/b","bytes":1}]}"""], ToJson(run["out"]));
        Assert.Equal(["{}"], ToJson(empty["out"]));
        Assert.Equal(["(", """{"1":[1,3],"0":[2]}""", ")", """{"0":[4]}"""], Render(groups["out"]));
    }
}
