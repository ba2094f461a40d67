using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Flow;

/// <summary>Delay, Collect by window and timeout, and time/Batch, on a fake clock.</summary>
public sealed class TimedFlowTests
{
    [Fact]
    public async Task Delay_emits_each_message_its_delay_after_arrival_in_order()
    {
        await using LiveRun run = await LiveRun.StartAsync("flow/Delay", """{"delayMs":100}""", "in");

        await run.SendAsync("in", Message.Integer(1));
        await run.AdvanceAsync(60);
        await run.SendAsync("in", Message.Integer(2), Message.Integer(3));
        await run.AdvanceAsync(39);
        Assert.Empty(run.Take("out"));

        await run.AdvanceAsync(1); // t = 100: the first is due
        Assert.Equal([1], run.Take("out").Select(m => m.AsInteger()));

        await run.AdvanceAsync(59);
        Assert.Empty(run.Take("out"));
        await run.AdvanceAsync(1); // t = 160: both that arrived at 60
        Assert.Equal([2, 3], run.Take("out").Select(m => m.AsInteger()));

        var (result, rest) = await run.FinishAsync();
        Assert.Empty(rest["out"]);
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public async Task A_pending_delay_keeps_the_run_open_until_it_has_emitted()
    {
        await using LiveRun run = await LiveRun.StartAsync("flow/Delay", """{"delayMs":1000}""", "in");
        await run.SendAsync("in", Message.String("late"));

        Task<(Reflow.Networks.NetworkRunResult Result, Dictionary<string, List<Message>> Remaining)> finishing = run.FinishAsync();
        Assert.False(finishing.IsCompleted);
        run.Time.Advance(TimeSpan.FromSeconds(1));
        var (result, rest) = await finishing;

        Assert.Equal(["late"], rest["out"].Select(m => m.AsString()));
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public async Task Collect_window_emits_what_arrived_within_the_window_after_its_first_message()
    {
        await using LiveRun run = await LiveRun.StartAsync("flow/Collect", """{"mode":"window","windowMs":50}""", "in");

        await run.SendAsync("in", Integers(1, 2));
        await run.AdvanceAsync(49);
        await run.SendAsync("in", Integers(3));
        Assert.Empty(run.Take("out"));
        await run.AdvanceAsync(1);
        Assert.Equal(["[1,2,3]"], ToJson(run.Take("out")));

        await run.AdvanceAsync(500); // no message: no window, no empty batch
        Assert.Empty(run.Take("out"));
        await run.SendAsync("in", Integers(4));
        await run.AdvanceAsync(50);
        Assert.Equal(["[4]"], ToJson(run.Take("out")));
    }

    [Fact]
    public async Task Collect_count_with_a_timeout_emits_the_partial_batch_and_cancels_the_timer_of_a_full_one()
    {
        await using LiveRun run = await LiveRun.StartAsync("flow/Collect", """{"count":3,"timeoutMs":100}""", "in");

        await run.SendAsync("in", Integers(1, 2, 3));
        Assert.Equal(["[1,2,3]"], ToJson(run.Take("out")));
        await run.SendAsync("in", Integers(4));
        await run.AdvanceAsync(99);
        Assert.Empty(run.Take("out"));
        await run.AdvanceAsync(1);
        Assert.Equal(["[4]"], ToJson(run.Take("out")));

        var (result, _) = await run.FinishAsync();
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public async Task Batch_emits_at_size_or_window_whichever_comes_first()
    {
        await using LiveRun run = await LiveRun.StartAsync("time/Batch", """{"size":2,"windowMs":30}""", "in", "flush");

        await run.SendAsync("in", Integers(1, 2, 3));
        Assert.Equal(["[1,2]"], ToJson(run.Take("out")));
        await run.AdvanceAsync(30);
        Assert.Equal(["[3]"], ToJson(run.Take("out")));
        await run.SendAsync("in", Integers(4));
        await run.SendAsync("flush", Message.Flow);
        Assert.Equal(["[4]"], ToJson(run.Take("out")));
        await run.AdvanceAsync(30); // the flushed batch's timer was cancelled: nothing more
        Assert.Empty(run.Take("out"));
    }
}
