using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Testing.Tests;

/// <summary>Failures, dead letters and the no-loss check: each passes when the run did that, and fails saying what happened when not.</summary>
public sealed class RunOutcomeTests
{
    [Component("test/NoNegatives")]
    [InPort("in", PortType.Integer)]
    [OutPort("out", PortType.Integer)]
    private sealed class NoNegatives : Actor
    {
        public override void Receive(ActorContext context)
        {
            long value = context.Message.AsInteger();
            context.Emit("out", value >= 0 ? context.Message : throw new InvalidOperationException($"{value} is negative"));
        }
    }

    private static TestSetup StoppingOnFailure() => ReflowTest.Component<NoNegatives>()
        .WithOptions(new NetworkOptions { WorkerCount = 1, Supervision = new SupervisionPolicy { Action = FailureAction.Stop } });

    [Fact]
    public async Task A_failure_is_found_by_node_and_text_and_fails_the_no_failure_assertion()
    {
        TestRun run = await ReflowTest.Component<NoNegatives>().WithInput("in", 1, -2, 3).RunAsync();

        run.Output("out").ShouldBe(1, 3); // the default policy resumes: the failed message is lost to the actor, the rest flow
        run.ShouldHaveFailure(TestSetup.NodeId, "-2 is negative");
        var none = Assert.Throws<ReflowAssertionException>(() => run.ShouldHaveNoFailures());
        Assert.Contains("node.in: -2 is negative", none.Message, StringComparison.Ordinal);
        var other = Assert.Throws<ReflowAssertionException>(() => run.ShouldHaveFailure(TestSetup.NodeId, "-3"));
        Assert.Contains("Expected a failure of node 'node' containing \"-3\"", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_turned_away_by_a_stopped_actor_are_counted_dead_letters_and_fail_the_no_loss_check()
    {
        TestRun run = await StoppingOnFailure().WithInput("in", 1, -2, 3, 4).RunAsync();

        run.Output("out").ShouldBe(1);
        run.ShouldHaveDeadLetters(DeadLetterReason.ActorStopped, 2);
        Assert.Equal([3L, 4L], run.DeadLetters.Select(d => d.Message.AsInteger()));
        var lost = Assert.Throws<ReflowAssertionException>(() => run.ShouldLoseNothing());
        Assert.Contains("2 dead letter(s) (ActorStopped = 2), expected 0; by node: node = 2", lost.Message, StringComparison.Ordinal);
        Assert.Contains("2 message(s) lost to failures", lost.Message, StringComparison.Ordinal);
        var count = Assert.Throws<ReflowAssertionException>(() => run.ShouldHaveDeadLetters(DeadLetterReason.ActorStopped, 1));
        Assert.Contains("Expected 1 dead letter(s) for ActorStopped, got 2", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_run_loses_nothing()
    {
        TestRun run = await ReflowTest.Component<NoNegatives>().WithInput("in", 1, 2, 3).RunAsync();

        run.ShouldHaveNoFailures().ShouldLoseNothing().ShouldHaveDeadLetters(DeadLetterReason.ActorStopped, 0);
        Assert.Equal(3, run.Sent["in"]);
    }

    [Fact]
    public void The_no_loss_check_names_each_count_that_does_not_add_up()
    {
        var result = new NetworkRunResult(
            TimeSpan.Zero,
            [new NodeStatistics("a", 5, 0, Dropped: 2) { DeadLetters = 1 }],
            [new EdgeStatistics("(host)", "in", "a", "in", 4), new EdgeStatistics("a", "out", "(host)", "out", 3)])
        { Completed = false, DeadLetters = 1 };

        IReadOnlyList<string> problems = NoLoss.Check(
            result,
            new Dictionary<string, long> { ["in"] = 5 },
            new Dictionary<string, long> { ["out"] = 2 });

        Assert.Equal(
            [
                "the run did not complete (stopped without draining, cancelled or disposed): work was left undone",
                "in-port 'in': the test sent 5, the network took 4",
                "out-port 'out': 3 reached it, the test read 2",
                "node 'a' dropped 2 message(s) of which only 1 went to the dead letters",
                "1 dead letter(s), expected 0; by node: a = 1",
            ],
            problems);
    }

    [Fact]
    public async Task A_run_that_cannot_end_fails_with_a_snapshot_instead_of_hanging()
    {
        // On a fake clock nobody advances, a delayed message keeps the run open for ever.
        TestSetup setup = ReflowTest.Component("flow/Delay").WithConfig("""{"delayMs":100}""").WithInput("in", 1)
            .WithFakeClock().WithHangLimit(TimeSpan.FromSeconds(1));

        var hung = await Assert.ThrowsAsync<ReflowAssertionException>(() => setup.RunAsync());

        Assert.Contains("Waited 1 s for the run to end; the network is stuck.", hung.Message, StringComparison.Ordinal);
        Assert.Contains("Nodes:\n  node: Running", hung.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setup_refuses_what_it_cannot_do_with_the_reason()
    {
        var config = Assert.Throws<FormatException>(() => ReflowTest.Component("core/Repeat").WithConfig("[1]"));
        Assert.Contains("must be a JSON object; got Array", config.Message, StringComparison.Ordinal);
        var graphConfig = Assert.Throws<InvalidOperationException>(() => ReflowTest.FbpGraph("a(core/Repeat)").WithConfig("{}"));
        Assert.Contains("WithConfig configures the single component", graphConfig.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => ReflowTest.Component("no/Such"));
        Assert.Contains("No component 'no/Such'", missing.Message, StringComparison.Ordinal);
        NetworkDefinition definition = new NetworkBuilder().AddNode("a", ReflowTestComponents.Repeat).Build();
        var live = await Assert.ThrowsAsync<InvalidOperationException>(() => ReflowTest.Network(definition).StartAsync());
        Assert.Contains("can only be run to the end", live.Message, StringComparison.Ordinal);
    }
}
