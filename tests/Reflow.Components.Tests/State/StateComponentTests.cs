using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.State;

public sealed class StateComponentTests
{
    [Fact]
    public async Task Counter_counts_from_start_by_step_and_resets()
    {
        ComponentRun run = await ComponentRun.RunAsync("state/Counter", """{"start":10,"step":5}""", ("in", Strings("a", "b")), ("reset", [Message.Flow]), ("in", [Message.Null]));

        Assert.Equal([15, 20, 15], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task Counter_reports_overflow_and_keeps_its_count()
    {
        ComponentRun run = await ComponentRun.RunAsync("state/Counter", """{"start":9223372036854775806}""", ("in", Integers(1, 2, 3)));

        Assert.Equal([long.MaxValue], run["out"].Select(m => m.AsInteger()));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("overflows 64 bits", run.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accumulator_folds_the_stream_resets_and_keeps_its_value_on_failure()
    {
        ComponentRun run = await ComponentRun.RunAsync("state/Accumulator", """{"expression":"acc + value","initial":100}""",
            ("in", [Msg("1"), Msg("[1]"), Msg("2")]), ("reset", [Message.Flow]), ("in", [Msg("5")]));

        Assert.Equal([101, 103, 105], run["out"].Select(m => m.AsInteger()));
        Assert.Contains("with acc Integer 101", Assert.Single(run.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_sets_gets_deletes_and_reports_bad_input()
    {
        ComponentRun run = await ComponentRun.RunAsync("state/Store", """{"initial":{"a":1},"capacity":2}""",
            ("set", [Msg("""{"key":"b","value":[2]}"""), Msg("""{"key":"a","value":"one"}"""), Msg("""{"key":"c","value":3}"""), Msg("""{"value":1}""")]),
            ("get", Strings("a", "b", "zzz")),
            ("delete", Strings("a", "nope")),
            ("get", [Msg("\"a\""), Msg("7")]));

        Assert.Equal(["""{"key":"b","value":[2],"previous":null}""", """{"key":"a","value":"one","previous":1}""", """{"key":"a","value":null,"previous":"one"}"""], ToJson(run["changed"]));
        Assert.Equal(["\"one\"", "[2]"], ToJson(run["value"]));
        Assert.Equal(["zzz", "a"], run["missing"].Select(m => m.AsString()));
        Assert.Equal(3, run.Errors.Count);
        Assert.Contains("capacity of 2 keys; 'c' is not added", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("'set' expects {\"key\": String, \"value\": any}", run.Errors[1], StringComparison.Ordinal);
        Assert.Contains("expects a key (String), got Integer 7", run.Errors[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateMachine_follows_transitions_from_configuration()
    {
        const string Config = """
            {"initial":"idle","transitions":[
              {"from":"idle","event":"start","to":"running"},
              {"from":"running","event":"pause","to":"paused"},
              {"from":"paused","event":"start","to":"running"},
              {"from":"*","event":"stop","to":"idle"}]}
            """;

        ComponentRun run = await ComponentRun.RunAsync("state/StateMachine", Config,
            ("event", [Msg("\"start\""), Msg("\"start\""), Msg("""{"event":"pause"}"""), Msg("\"stop\""), Msg("42")]));

        Assert.Equal(["idle", "running", "paused", "idle"], run["state"].Select(m => m.AsString()));
        Assert.Equal("""{"from":"paused","to":"idle","event":"stop"}""", MessageJson.ToJson(run["changed"][^1]));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("no transition for event 'start' from state 'running'", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("expects an event name", run.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateMachine_refuses_malformed_transitions()
    {
        ComponentRun run = await ComponentRun.RunAsync("state/StateMachine", """{"initial":"a","transitions":[{"from":"a","to":"b"}]}""", ("event", Strings("x")));

        Assert.Contains("entry 0 must be {\"from\", \"event\", \"to\"} Strings", run.Errors[0], StringComparison.Ordinal);
    }
}
