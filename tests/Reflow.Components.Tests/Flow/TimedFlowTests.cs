using Reflow.Testing;
using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Flow;

/// <summary>Delay, Collect by window and timeout, and time/Batch, on a fake clock.</summary>
public sealed class TimedFlowTests
{
    [Fact]
    public async Task Delay_emits_each_message_its_delay_after_arrival_in_order()
    {
        await using LiveTest run = await ReflowTest.Component("flow/Delay").WithConfig("""{"delayMs":100}""").StartAsync("in");

        await run.SendAsync("in", Message.Integer(1));
        await run.AdvanceAsync(60);
        await run.SendAsync("in", Message.Integer(2), Message.Integer(3));
        await run.AdvanceAsync(39);
        run.Take("out").ShouldBeEmpty();

        await run.AdvanceAsync(1); // t = 100: the first is due
        run.Take("out").ShouldBe(1);

        await run.AdvanceAsync(59);
        run.Take("out").ShouldBeEmpty();
        await run.AdvanceAsync(1); // t = 160: both that arrived at 60
        run.Take("out").ShouldBe(2, 3);

        TestRun rest = await run.FinishAsync();
        rest.Output("out").ShouldBeEmpty();
        rest.ShouldHaveNoFailures().ShouldLoseNothing();
    }

    [Fact]
    public async Task A_pending_delay_keeps_the_run_open_until_it_has_emitted()
    {
        await using LiveTest run = await ReflowTest.Component("flow/Delay").WithConfig("""{"delayMs":1000}""").StartAsync("in");
        await run.SendAsync("in", Message.String("late"));

        Task<TestRun> finishing = run.FinishAsync();
        Assert.False(finishing.IsCompleted);
        run.Clock.Advance(TimeSpan.FromSeconds(1));
        TestRun rest = await finishing;

        rest.Output("out").ShouldBe("late");
        rest.ShouldHaveNoFailures().ShouldLoseNothing();
    }

    [Fact]
    public async Task Collect_window_emits_what_arrived_within_the_window_after_its_first_message()
    {
        await using LiveTest run = await ReflowTest.Component("flow/Collect").WithConfig("""{"mode":"window","windowMs":50}""").StartAsync("in");

        await run.SendAsync("in", Integers(1, 2));
        await run.AdvanceAsync(49);
        await run.SendAsync("in", Integers(3));
        run.Take("out").ShouldBeEmpty();
        await run.AdvanceAsync(1);
        run.Take("out").ShouldBeJson("[1,2,3]");

        await run.AdvanceAsync(500); // no message: no window, no empty batch
        run.Take("out").ShouldBeEmpty();
        await run.SendAsync("in", Integers(4));
        await run.AdvanceAsync(50);
        run.Take("out").ShouldBeJson("[4]");
    }

    [Fact]
    public async Task Collect_count_with_a_timeout_emits_the_partial_batch_and_cancels_the_timer_of_a_full_one()
    {
        await using LiveTest run = await ReflowTest.Component("flow/Collect").WithConfig("""{"count":3,"timeoutMs":100}""").StartAsync("in");

        await run.SendAsync("in", Integers(1, 2, 3));
        run.Take("out").ShouldBeJson("[1,2,3]");
        await run.SendAsync("in", Integers(4));
        await run.AdvanceAsync(99);
        run.Take("out").ShouldBeEmpty();
        await run.AdvanceAsync(1);
        run.Take("out").ShouldBeJson("[4]");

        (await run.FinishAsync()).ShouldHaveNoFailures().ShouldLoseNothing();
    }

    [Fact]
    public async Task Batch_emits_at_size_or_window_whichever_comes_first()
    {
        await using LiveTest run = await ReflowTest.Component("time/Batch").WithConfig("""{"size":2,"windowMs":30}""").StartAsync("in", "flush");

        await run.SendAsync("in", Integers(1, 2, 3));
        run.Take("out").ShouldBeJson("[1,2]");
        await run.AdvanceAsync(30);
        run.Take("out").ShouldBeJson("[3]");
        await run.SendAsync("in", Integers(4));
        await run.SendAsync("flush", Message.Flow);
        run.Take("out").ShouldBeJson("[4]");
        await run.AdvanceAsync(30); // the flushed batch's timer was cancelled: nothing more
        run.Take("out").ShouldBeEmpty();
    }
}
