using Reflow.Testing;
using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Time;

/// <summary>Interval, Cron, Debounce, Throttle and Barrier, on a fake clock (never sleeps).</summary>
public sealed class TimeComponentTests
{
    [Fact]
    public async Task Interval_ticks_each_period_and_stops_after_count_so_the_run_ends()
    {
        await using LiveTest run = await ReflowTest.Component("time/Interval").WithConfig("""{"intervalMs":100,"count":3}""").StartAsync();

        await run.AdvanceAsync(99);
        run.Take("tick").ShouldBeEmpty();
        for (int tick = 1; tick <= 3; tick++)
        {
            await run.AdvanceAsync(tick == 1 ? 1 : 100);
            run.Take("tick").ShouldBe(tick);
        }

        TestRun rest = await run.FinishAsync(); // no live timer: the run can end
        rest.Output("tick").ShouldBeEmpty();
        rest.ShouldHaveNoFailures().ShouldLoseNothing();
    }

    [Fact]
    public async Task Interval_starts_and_stops_on_its_ports()
    {
        await using LiveTest run = await ReflowTest.Component("time/Interval").WithConfig("""{"intervalMs":10,"autoStart":false}""").StartAsync("start", "stop");

        await run.AdvanceAsync(50);
        run.Take("tick").ShouldBeEmpty();
        await run.SendAsync("start", Message.Flow);
        await run.AdvanceAsync(10);
        await run.AdvanceAsync(10);
        run.Take("tick").ShouldBe(1, 2);
        await run.SendAsync("stop", Message.Flow);
        await run.AdvanceAsync(100);
        run.Take("tick").ShouldBeEmpty();
        await run.SendAsync("start", Message.Flow); // a restart counts from 1
        await run.AdvanceAsync(10);
        run.Take("tick").ShouldBe(1);
        await run.SendAsync("stop", Message.Flow);
    }

    [Fact]
    public async Task Cron_ticks_at_each_occurrence_in_its_time_zone()
    {
        // The fake clock starts at 2030-01-01T00:00Z; 09:00 in Paris (UTC+1 in winter) is 08:00Z.
        await using LiveTest run = await ReflowTest.Component("time/Cron").WithConfig("""{"expression":"0 9 * * *","timeZone":"Europe/Paris","count":2}""").StartAsync();

        await run.AdvanceAsync(TimeSpan.FromHours(8) - TimeSpan.FromMilliseconds(1));
        run.Take("tick").ShouldBeEmpty();
        await run.AdvanceAsync(1);
        Assert.Equal("""{"time":"2030-01-01T09:00:00.0000000+01:00","count":1}""", MessageJson.ToJson(Assert.Single(run.Take("tick"))));
        await run.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(2, Assert.Single(run.Take("tick")).AsObject()["count"].AsInteger());

        (await run.FinishAsync()).ShouldHaveNoFailures().ShouldLoseNothing(); // count reached: no timer left
    }

    [Fact]
    public async Task Cron_with_seconds_and_stop()
    {
        await using LiveTest run = await ReflowTest.Component("time/Cron").WithConfig("""{"expression":"*/15 * * * * *","seconds":true}""").StartAsync("stop");

        for (int second = 15; second <= 45; second += 15)
        {
            // One occurrence per step: the next timer is made by OnTimer on the worker, after the step that fired it.
            await run.AdvanceAsync(TimeSpan.FromSeconds(15));
            Assert.Equal($"2030-01-01T00:00:{second:00}.0000000+00:00", Assert.Single(run.Take("tick")).AsObject()["time"].AsString());
        }

        await run.SendAsync("stop", Message.Flow);
        await run.AdvanceAsync(TimeSpan.FromMinutes(1));
        run.Take("tick").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"expression":"every minute"}""", "is not a cron expression")]
    [InlineData("""{"expression":"* * * * *","timeZone":"Nowhere/Land"}""", "'Nowhere/Land' is not a known time zone")]
    public async Task Cron_refuses_a_bad_expression_or_zone(string config, string problem)
    {
        ComponentRun run = await ComponentRun.RunAsync(ComponentRun.Find("time/Cron"), config, [], [("stop", [Message.Flow])]);

        Assert.Equal(1, run.Node.Errors); // the start
        Assert.Contains(problem, run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("the node is not configured", run.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debounce_emits_the_last_message_of_each_burst_and_counts_the_rest()
    {
        await using LiveTest run = await ReflowTest.Component("time/Debounce").WithConfig("""{"waitMs":50}""").StartAsync("in");

        await run.SendAsync("in", Message.Integer(1));
        await run.AdvanceAsync(30);
        await run.SendAsync("in", Message.Integer(2));
        await run.AdvanceAsync(30);
        await run.SendAsync("in", Message.Integer(3));
        await run.AdvanceAsync(49);
        run.Take("out").ShouldBeEmpty();
        await run.AdvanceAsync(1);
        run.Take("out").ShouldBe(3);
        run.Take("skipped").ShouldBe(2);

        await run.SendAsync("in", Message.Integer(4));
        await run.AdvanceAsync(50);
        run.Take("out").ShouldBe(4);
        run.Take("skipped").ShouldBe(0);
    }

    [Fact]
    public async Task Throttle_spaces_messages_out_without_dropping_and_reports_a_full_queue()
    {
        await using LiveTest run = await ReflowTest.Component("time/Throttle").WithConfig("""{"intervalMs":100,"capacity":2}""").StartAsync("in");

        await run.SendAsync("in", Integers(1, 2, 3, 4));
        run.Take("out").ShouldBe(1);
        Assert.Contains("2 messages already wait for their turn; Integer 4 is not queued", Assert.Single(run.Take("error")).AsError(), StringComparison.Ordinal);
        await run.AdvanceAsync(99);
        run.Take("out").ShouldBeEmpty();
        await run.AdvanceAsync(1);
        run.Take("out").ShouldBe(2);
        await run.AdvanceAsync(100);
        run.Take("out").ShouldBe(3);
        await run.AdvanceAsync(500);
        await run.SendAsync("in", Integers(5)); // long after the last: passes at once
        run.Take("out").ShouldBe(5);
    }

    [Fact]
    public async Task Barrier_releases_one_of_each_input_together_and_reports_what_it_holds_at_stop()
    {
        ComponentRun run = await ComponentRun.RunAsync("time/Barrier", """{"inputs":3}""",
            ("in1", Integers(1, 2)), ("in2", Strings("a", "b")), ("in3", [Message.Boolean(true)]), ("in4", Integers(9)));

        Assert.Equal([1], run["out1"].Select(m => m.AsInteger()));
        Assert.Equal(["a"], run["out2"].Select(m => m.AsString()));
        Assert.Equal([true], run["out3"].Select(m => m.AsBoolean()));
        Assert.Empty(run["out4"]);
        Assert.Contains("in-port 'in4' is beyond 'inputs' (3)", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Equal(1, run.Node.Errors); // 2 and "b" still held at stop
    }
}
