using Reflow.Messages;
using Reflow.Testing;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Text;

public sealed class TextComponentTests
{
    [Fact]
    public async Task Regex_match_emits_groups_and_names_and_sends_non_matches_on()
    {
        ComponentRun run = await ComponentRun.RunAsync("text/Regex", """{"pattern":"(?<user>\\w+)@(\\w+)\\.org"}""", ("in", [Msg("\"mail ada@example.org now\""), Msg("\"none\""), Msg("5")]));

        Assert.Equal("""{"match":"ada@example.org","index":5,"groups":["example","ada"],"named":{"user":"ada"}}""", MessageJson.ToJson(Assert.Single(run["out"])));
        Assert.Equal(["none"], run["nomatch"].Select(m => m.AsString()));
        Assert.Contains("expects a String, got Integer 5", Assert.Single(run.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regex_test_and_matches_modes_with_ignore_case()
    {
        ComponentRun test = await ComponentRun.RunAsync("text/Regex", """{"pattern":"^ab","mode":"test","ignoreCase":true}""", ("in", Strings("ABc", "cab", "")));
        Assert.Equal([true, false, false], test["out"].Select(m => m.AsBoolean()));

        ComponentRun all = await ComponentRun.RunAsync("text/Regex", """{"pattern":"\\d+","mode":"matches"}""", ("in", Strings("a1b22", "none")));
        Assert.Equal(["1", "22"], all["out"][0].AsArray().Select(m => m.AsObject()["match"].AsString()));
        Assert.Empty(all["out"][1].AsArray());
    }

    [Fact]
    public async Task An_invalid_regex_fails_the_node_at_start_saying_where()
    {
        ComponentRun run = await ComponentRun.RunAsync("text/Regex", """{"pattern":"a(b"}""", ("in", Strings("ab")));

        Assert.Contains("/a(b/ is not a valid regular expression: InsufficientClosingParentheses at offset 3", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("the node is not configured", run.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runaway_match_times_out_into_error()
    {
        string text = new string('a', 30) + "!";

        ComponentRun run = await ComponentRun.RunAsync("text/Regex", """{"pattern":"^(a+)+$","mode":"test","timeoutMs":1}""", ("in", Strings(text)));

        Assert.Contains("took longer than 1 ms", Assert.Single(run.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_with_groups_literal_text_and_case_insensitivity()
    {
        ComponentRun groups = await ComponentRun.RunAsync("text/Replace", """{"pattern":"(\\w+)@(\\w+)","replacement":"$2 at $1"}""", ("in", Strings("ada@home, bob@work")));
        Assert.Equal("home at ada, work at bob", groups["out"][0].AsString());

        ComponentRun literal = await ComponentRun.RunAsync("text/Replace", """{"pattern":"a.b","replacement":"$1","literal":true,"ignoreCase":true}""", ("in", Strings("A.B axb")));
        Assert.Equal("$1 axb", literal["out"][0].AsString());
    }

    [Fact]
    public async Task Split_and_join_text()
    {
        ComponentRun split = await ComponentRun.RunAsync("text/Split", """{"separator":";","trim":true,"removeEmpty":true}""", ("in", [Msg("\" a ; b;;c \""), Msg("\"\""), Msg("[1]")]));
        Assert.Equal(["[\"a\",\"b\",\"c\"]", "[]"], ToJson(split["out"]));
        Assert.Single(split.Errors);

        ComponentRun join = await ComponentRun.RunAsync("text/Join", """{"separator":" | "}""", ("in", [Msg("[\"a\",1,null,{\"b\":2}]"), Msg("[]"), Msg("\"x\"")]));
        Assert.Equal(["a | 1 | null | {\"b\":2}", ""], join["out"].Select(m => m.AsString()));
        Assert.Contains("expects an Array", Assert.Single(join.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upper", "hello World", "HELLO WORLD")]
    [InlineData("lower", "Hello WORLD", "hello world")]
    [InlineData("title", "hello wORLD", "Hello World")]
    [InlineData("upper", "", "")]
    public async Task Case_changes_case_invariantly(string mode, string text, string expected)
    {
        ComponentRun run = await ComponentRun.RunAsync("text/Case", $$"""{"mode":"{{mode}}"}""", ("in", Strings(text)));

        Assert.Equal(expected, run["out"][0].AsString());
    }

    [Fact]
    public async Task DateTime_parses_to_Unix_milliseconds_in_the_configured_zone()
    {
        ComponentRun iso = await ComponentRun.RunAsync("text/DateTime", null, ("in", Strings("2024-03-01T12:00:00Z", "2024-03-01T13:00:00+01:00", "yesterday")));
        Assert.Equal([1709294400000, 1709294400000], iso["out"].Select(m => m.AsInteger()));
        Assert.Contains("\"yesterday\" is not an ISO 8601 date-time", Assert.Single(iso.Errors), StringComparison.Ordinal);

        ComponentRun paris = await ComponentRun.RunAsync("text/DateTime", """{"format":"dd/MM/yyyy HH:mm","timeZone":"Europe/Paris"}""", ("in", Strings("01/03/2024 13:00", "2024-03-01")));
        Assert.Equal([1709294400000], paris["out"].Select(m => m.AsInteger()));
        Assert.Contains("does not match the format \"dd/MM/yyyy HH:mm\"", Assert.Single(paris.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DateTime_formats_instants_and_reports_bad_ones()
    {
        ComponentRun run = await ComponentRun.RunAsync("text/DateTime", """{"mode":"format","format":"yyyy-MM-dd HH:mm zzz","timeZone":"Asia/Tokyo"}""",
            ("in", [Message.Integer(1709294400000), Message.String("2024-03-01T12:00:00Z"), Message.Integer(long.MaxValue), Message.Boolean(true)]));

        Assert.Equal(["2024-03-01 21:00 +09:00", "2024-03-01 21:00 +09:00"], run["out"].Select(m => m.AsString()));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("outside the years 1-9999", run.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DateTime_refuses_an_unknown_time_zone()
    {
        ComponentRun run = await ComponentRun.RunAsync("text/DateTime", """{"timeZone":"Mars/Olympus"}""", ("in", Strings("x")));

        Assert.Contains("'Mars/Olympus' is not a known time zone", run.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DateTime_now_reads_the_run_clock()
    {
        await using LiveTest run = await ReflowTest.Component("text/DateTime").WithConfig("""{"mode":"now","format":"yyyy-MM-dd"}""").StartAsync("in");

        await run.SendAsync("in", Message.Flow);

        run.Take("out").ShouldBe("2030-01-01");
    }
}
