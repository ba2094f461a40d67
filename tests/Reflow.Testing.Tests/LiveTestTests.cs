using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;

namespace Reflow.Testing.Tests;

/// <summary>Stepping on the fake clock: each step ends when the network is idle, so virtual time needs no sleeps.</summary>
public sealed class LiveTestTests
{
    /// <summary>Emits 0..499 in chunks of 50: each chunk is posted again behind whatever the test sent meanwhile.</summary>
    [Component("test/ChunkedSource")]
    [OutPort("out", PortType.Integer)]
    private sealed class ChunkedSource : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 50 && _next < 500; i++, _next++)
            {
                context.Emit("out", Message.Integer(_next));
            }

            return _next < 500 ? SourceStatus.More : SourceStatus.Done;
        }
    }

    [Fact]
    public async Task A_chunked_source_has_produced_everything_by_the_time_the_start_returns()
    {
        await using LiveTest run = await ReflowTest.Component<ChunkedSource>().StartAsync();

        run.Take("out").ShouldBe([.. Enumerable.Range(0, 500).Select(i => (object)i)]);
        (await run.FinishAsync()).ShouldHaveNoFailures().ShouldLoseNothing();
    }

    [Fact]
    public async Task A_timer_in_one_node_reaches_the_out_port_through_the_next_within_the_step()
    {
        var graph = new Graph("delayed");
        graph.AddNode("delay", "flow/Delay", GraphMetadata.Parse("""{"delayMs":100}"""));
        graph.AddNode("repeat", "core/Repeat");
        graph.Connect("delay", "out", "repeat", "in");
        graph.ExportInPort("in", "delay", "in");
        graph.ExportOutPort("out", "repeat", "out");
        await using LiveTest run = await ReflowTest.Graph(graph).StartAsync("in");

        await run.SendAsync("in", 1, 2);
        await run.AdvanceAsync(99);
        run.Take("out").ShouldBeEmpty();
        await run.AdvanceAsync(1); // Delay's timer fires, Delay emits, Repeat passes it on: all before the step ends
        run.Take("out").ShouldBe(1, 2);
        Assert.Equal(TestSetup.ClockStart.AddMilliseconds(100), run.Clock.GetUtcNow());

        TestRun rest = await run.FinishAsync();
        rest.Output("out").ShouldBeEmpty();
        rest.ShouldHaveNoFailures().ShouldLoseNothing();
        Assert.Equal(2, rest.Node("repeat").Invocations);
        Assert.False(graph.HasNode("reflow-testing-probe")); // the kit's probe went into its own copy
    }

    [Fact]
    public async Task Inputs_given_before_the_start_are_sent_at_once_and_what_was_not_taken_comes_back_at_the_finish()
    {
        await using LiveTest run = await ReflowTest.Component("time/Debounce").WithConfig("""{"waitMs":50}""").WithInput("in", 1, 2).StartAsync();

        run.Take("out").ShouldBeEmpty();
        await run.AdvanceAsync(50);
        run.Take("skipped").ShouldBe(1);
        TestRun rest = await run.FinishAsync();

        rest.Output("out").ShouldBe(2); // emitted at the step, not taken: still counted as read by the no-loss check
        rest.Output("skipped").ShouldBeEmpty();
        rest.ShouldLoseNothing();
    }

    [Fact]
    public async Task An_interval_ticks_once_per_period_in_virtual_time()
    {
        await using LiveTest run = await ReflowTest.Component("time/Interval").WithConfig("""{"intervalMs":1000,"count":3}""").StartAsync();

        for (int tick = 1; tick <= 3; tick++)
        {
            await run.AdvanceAsync(999);
            run.Take("tick").ShouldBeEmpty();
            await run.AdvanceAsync(1);
            run.Take("tick").ShouldBe(tick);
        }

        (await run.FinishAsync()).ShouldHaveNoFailures().ShouldLoseNothing();
        Assert.True(run.IsFinished);
    }

    [Fact]
    public async Task Taking_from_a_port_the_network_does_not_have_says_which_it_has()
    {
        await using LiveTest run = await ReflowTest.Component("core/Repeat").StartAsync("in");

        var failure = Assert.Throws<ArgumentException>(() => run.Take("tick"));

        Assert.Contains("no exported out-port 'tick'; it has: out", failure.Message, StringComparison.Ordinal);
        await run.SendAsync("in", [Message.Integer(7)]);
        run.Take("out").ShouldBe(7);
    }
}
