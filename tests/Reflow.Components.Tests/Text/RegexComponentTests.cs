using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Text;

/// <summary>text/Regex and text/Replace: the pattern built once at start, bad ones refused there, runaway matches failed.</summary>
public sealed class RegexComponentTests
{
    [Theory]
    [InlineData("text/Regex")]
    [InlineData("text/Replace")]
    public async Task A_bad_pattern_fails_the_node_at_start_naming_the_node_and_the_pattern(string component)
    {
        ComponentRun run = await ComponentRun.RunAsync(component, """{"pattern":"x[a-"}""", ("in", Strings("xa", "xb")));

        Assert.Equal(3, run.Errors.Count); // the start failure, then each input it could not handle
        Assert.Contains("Node 'node' is not configured correctly: configuration 'pattern' /x[a-/ is not a valid regular expression: UnterminatedBracket at offset 4", run.Errors[0], StringComparison.Ordinal);
        Assert.All(run.Errors.Skip(1), e => Assert.Contains("the node is not configured", e, StringComparison.Ordinal));
        Assert.Empty(run["out"]);
    }

    [Fact]
    public async Task A_timed_out_match_is_reported_on_error_and_the_node_goes_on()
    {
        string runaway = new string('a', 40) + "!";
        ComponentRun run = await ComponentRun.RunAsync("text/Regex", """{"pattern":"^(a+)+$","mode":"test","timeoutMs":5}""", ("in", Strings(runaway, "aaa", "b")));

        Assert.Equal([true, false], run["out"].Select(m => m.AsBoolean()));
        Assert.Equal("text/Regex (node): matching /^(a+)+$/ took longer than 5 ms on a String of 41 characters", Assert.Single(run.Errors));
    }

    [Fact]
    public async Task A_timed_out_replacement_is_reported_on_error()
    {
        ComponentRun run = await ComponentRun.RunAsync("text/Replace", """{"pattern":"(x+x+)+y","replacement":"-","timeoutMs":5}""", ("in", Strings(new string('x', 40), "xxy")));

        Assert.Equal(["-"], run["out"].Select(m => m.AsString()));
        Assert.Contains("replacing /(x+x+)+y/ took longer than 5 ms on a String of 40 characters", Assert.Single(run.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_linear_time_engine_runs_a_runaway_pattern_without_timing_out()
    {
        string runaway = new string('a', 5000) + "!";
        ComponentRun run = await ComponentRun.RunAsync("text/Regex", """{"pattern":"^(a+)+$","mode":"test","nonBacktracking":true,"timeoutMs":10000}""", ("in", Strings(runaway, "aaa")));

        Assert.Equal([false, true], run["out"].Select(m => m.AsBoolean()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task The_linear_time_engine_refuses_a_backreference_at_start()
    {
        ComponentRun run = await ComponentRun.RunAsync("text/Regex", """{"pattern":"(a)\\1","nonBacktracking":true}""", ("in", Strings("aa")));

        Assert.Contains("configuration 'pattern' /(a)\\1/ cannot run with 'nonBacktracking'", run.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matches_mode_emits_every_match_with_its_groups()
    {
        ComponentRun run = await ComponentRun.RunAsync("text/Regex", """{"pattern":"(?<k>\\w)=(\\d)","mode":"matches"}""", ("in", Strings("a=1 b=2", "")));

        Assert.Equal(
            ["""[{"match":"a=1","index":0,"groups":["1","a"],"named":{"k":"a"}},{"match":"b=2","index":4,"groups":["2","b"],"named":{"k":"b"}}]""", "[]"],
            run["out"].Select(MessageJson.ToJson));
    }

    [Fact]
    public async Task Match_mode_gives_the_whole_line_match_and_every_group_unchanged()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "text/Regex", """{"pattern":"^(?<k>\\w+)=(\\d)(?<opt>!)?$"}""", ("in", Strings("ab=1", "c=2!", "x")));

        Assert.Equal(
            ["""{"match":"ab=1","index":0,"groups":["1","ab",null],"named":{"k":"ab","opt":null}}""",
             """{"match":"c=2!","index":0,"groups":["2","c","!"],"named":{"k":"c","opt":"!"}}"""],
            run["out"].Select(MessageJson.ToJson));
        Assert.Equal(["x"], run["nomatch"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task Named_mode_emits_only_the_named_groups_in_order_and_sends_the_rest_to_nomatch()
    {
        ComponentRun run = await ComponentRun.RunAsync(
            "text/Regex", """{"pattern":"(?<k>\\w+)=(\\d)(?<opt>!)?","mode":"named"}""", ("in", Strings("say ab=1 now", "c=2!", "none", "")));

        Assert.Equal(["""{"k":"ab","opt":null}""", """{"k":"c","opt":"!"}"""], run["out"].Select(MessageJson.ToJson));
        Assert.Equal(["none", ""], run["nomatch"].Select(m => m.AsString()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Named_mode_without_named_groups_emits_an_empty_Object()
    {
        ComponentRun run = await ComponentRun.RunAsync("text/Regex", """{"pattern":"(a)(b)","mode":"named"}""", ("in", Strings("xab")));

        Assert.Equal(["{}"], run["out"].Select(MessageJson.ToJson));
    }
}
