using Reflow.Testing;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Flow;

/// <summary>
/// flow/Window in 'time' mode (windows aligned to multiples of the step since the Unix epoch; the fake clock starts on
/// one) and the timed batches of time/Batch and flow/Collect at the end of the stream.
/// </summary>
public sealed class TimedAggregateTests
{
    [Theory]
    [InlineData("time/Batch", """{"size":10,"windowMs":1000}""")]
    [InlineData("flow/Collect", """{"mode":"window","windowMs":1000}""")]
    public async Task A_timed_batch_goes_out_at_the_end_of_the_stream_without_waiting_for_its_timer(string component, string config)
    {
        await using LiveTest run = await ReflowTest.Component(component).WithConfig(config).StartAsync("in");

        await run.SendAsync("in", Integers(1, 2));
        run.Take("out").ShouldBeEmpty();
        TestRun rest = await run.FinishAsync();

        rest.Output("out").ShouldBeJson("[1,2]");
        rest.ShouldHaveNoFailures().ShouldLoseNothing();
    }

    [Fact]
    public async Task Tumbling_time_windows_go_out_when_they_end_and_the_last_partial_one_at_the_end_of_the_stream()
    {
        await using LiveTest run = await ReflowTest.Component("flow/Window").WithConfig("""{"mode":"time","sizeMs":100}""").StartAsync("in");

        await run.SendAsync("in", Integers(1, 2));
        await run.AdvanceAsync(99);
        run.Take("out").ShouldBeEmpty();
        await run.AdvanceAsync(1);
        run.Take("out").ShouldBeJson("[1,2]");

        await run.SendAsync("in", Integers(3));
        await run.AdvanceAsync(50);
        await run.SendAsync("in", Integers(4));
        await run.AdvanceAsync(50);
        run.Take("out").ShouldBeJson("[3,4]");

        await run.AdvanceAsync(500); // windows without items emit nothing
        run.Take("out").ShouldBeEmpty();
        await run.SendAsync("in", Integers(5));
        TestRun rest = await run.FinishAsync(); // the pending timer does not hold the run: the window goes out now

        rest.Output("out").ShouldBeJson("[5]");
        rest.ShouldHaveNoFailures().ShouldLoseNothing();
    }

    [Fact]
    public async Task Sliding_time_windows_hold_an_item_in_every_window_it_falls_in()
    {
        await using LiveTest run = await ReflowTest.Component("flow/Window").WithConfig("""{"mode":"time","sizeMs":100,"stepMs":50}""").StartAsync("in");

        await run.SendAsync("in", Integers(1)); // t = 0: in [-50, 50) and [0, 100)
        await run.AdvanceAsync(50);
        run.Take("out").ShouldBeJson("[1]");
        await run.SendAsync("in", Integers(2)); // t = 50: in [0, 100) and [50, 150)
        await run.AdvanceAsync(50);
        run.Take("out").ShouldBeJson("[1,2]");
        await run.AdvanceAsync(50);
        run.Take("out").ShouldBeJson("[2]");
        await run.AdvanceAsync(200);
        run.Take("out").ShouldBeEmpty();

        TestRun rest = await run.FinishAsync();
        rest.Output("out").ShouldBeEmpty(); // everything was emitted: no partial window at the end
    }
}
