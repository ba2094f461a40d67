using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>
/// No failure vanishes: every failure is counted and kept in the run result whether or not an error port is
/// connected; one that nothing in the graph handles is uncaught and fails the run unless the node's policy ignores it.
/// </summary>
public sealed class FailureCountingTests
{
    private static NetworkBuilder Pipeline(long count, Component relay) =>
        new NetworkBuilder(defaultEdgeCapacity: 4)
            .AddNode("numbers", Numbers(count))
            .AddNode("relay", relay)
            .Connect("numbers", "out", "relay", "in")
            .ExportOutPort("out", "relay", "out");

    /// <summary>Passes Integers on; for the values <paramref name="bad"/> picks, emits an Error message on its <c>error</c> port instead.</summary>
    private static Component Reporter(Func<long, bool> bad) => Component.FromFunc(
        new ComponentDescription("test/Reporter", [new("in", PortType.Integer)], [new("out", PortType.Integer), new("error", PortType.Error)]),
        context =>
        {
            long value = context.Message.AsInteger();
            context.Emit(bad(value) ? "error" : "out", bad(value) ? Message.Error($"bad value {value}") : context.Message);
        });

    private static async Task<(NetworkRunResult Result, List<Message> Out)> Run(NetworkBuilder builder, ChannelEvents? events = null)
    {
        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        events?.Subscribe(network);
        Task<List<Message>> output = ReadAll(network.Output("out"));
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
        return (result, await output);
    }

    private sealed class ChannelEvents
    {
        public Task<List<NetworkEvent>> All { get; private set; } = null!;

        public void Subscribe(Network network) => All = ReadAll(network.SubscribeEvents());
    }

    [Fact]
    public async Task An_exception_with_no_error_edge_is_an_uncaught_failure_counted_and_kept_with_its_node_port_and_type()
    {
        (NetworkRunResult result, List<Message> output) = await Run(Pipeline(10, Relay(v => { if (v == 4) throw new FormatException("four is wrong"); })));

        Assert.Equal(9, output.Count);
        Assert.True(result.Completed);
        Assert.True(result.HasUnhandledFailures);
        Assert.Equal(1, result.FailureCount);
        Assert.Equal(1, result.UncaughtFailures);
        Assert.Equal(0, result.IgnoredFailures);
        ActorFailure failure = Assert.Single(result.Failures);
        Assert.Equal(new ActorFailure("relay", "four is wrong", "System.FormatException") { Port = "in", Handling = FailureHandling.Uncaught }, failure);
        Assert.Equal("node 'relay', port 'in': FormatException: four is wrong [uncaught]", failure.ToString());
        NodeStatistics relay = result.Nodes.Single(n => n.Id == "relay");
        Assert.Equal((1L, 1L, 1L), (relay.Errors, relay.Failures, relay.UncaughtFailures));
        Assert.Equal(0, result.Nodes.Single(n => n.Id == "numbers").Failures);
    }

    [Fact]
    public async Task An_exception_with_a_connected_error_edge_is_caught_counted_and_does_not_fail_the_run()
    {
        var errors = new ConcurrentQueue<Message>();
        NetworkBuilder builder = Pipeline(10, Relay(v => { if (v is 3 or 7) throw new ArgumentException($"bad {v}"); }))
            .AddNode("errors", Collect(errors))
            .Connect("relay", "error", "errors", "in");

        (NetworkRunResult result, _) = await Run(builder);

        Assert.Equal(2, errors.Count);
        Assert.False(result.HasUnhandledFailures);
        Assert.Equal((2L, 0L, 0L), (result.FailureCount, result.UncaughtFailures, result.IgnoredFailures));
        Assert.Equal(["bad 3", "bad 7"], result.Failures.Select(f => f.Message));
        Assert.All(result.Failures, f => Assert.Equal(FailureHandling.Caught, f.Handling));
        Assert.Equal(0, result.Nodes.Single(n => n.Id == "relay").UncaughtFailures);
    }

    [Fact]
    public async Task An_error_message_on_a_port_with_no_edge_is_an_uncaught_failure_and_a_drop_and_an_event()
    {
        var events = new ChannelEvents();
        (NetworkRunResult result, List<Message> output) = await Run(Pipeline(6, Reporter(v => v % 3 == 0)), events);

        Assert.Equal([1L, 2, 4, 5], output.Select(m => m.AsInteger()));
        Assert.True(result.HasUnhandledFailures);
        Assert.Equal(0, result.Errors); // nothing threw
        Assert.Equal(2, result.UncaughtFailures);
        Assert.Equal(
            [new ActorFailure("relay", "bad value 3", null) { Port = "error", Handling = FailureHandling.Uncaught },
             new ActorFailure("relay", "bad value 6", null) { Port = "error", Handling = FailureHandling.Uncaught }],
            result.Failures);
        NodeStatistics relay = result.Nodes.Single(n => n.Id == "relay");
        Assert.Equal((2L, 2L, 2L), (relay.Failures, relay.UncaughtFailures, relay.Dropped));
        List<NetworkEvent> failed = [.. (await events.All).Where(e => e.Kind == NetworkEventKind.ActorFailed)];
        Assert.Equal(["bad value 3", "bad value 6"], failed.Select(e => e.Message!.Value.AsError()));
        Assert.All(failed, e => Assert.Equal(("relay", "error"), (e.NodeId, e.Port)));
    }

    [Fact]
    public async Task An_error_message_sent_along_an_edge_is_data_the_graph_handles_not_a_failure()
    {
        var errors = new ConcurrentQueue<Message>();
        NetworkBuilder builder = Pipeline(6, Reporter(v => v % 3 == 0))
            .AddNode("errors", Collect(errors))
            .Connect("relay", "error", "errors", "in");

        (NetworkRunResult result, _) = await Run(builder);

        Assert.Equal(["bad value 3", "bad value 6"], errors.Select(e => e.AsError()));
        Assert.False(result.HasUnhandledFailures);
        Assert.Equal(0, result.FailureCount);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public async Task A_plain_message_on_a_port_with_no_edge_is_dropped_but_no_failure()
    {
        Component both = Component.FromFunc(
            new ComponentDescription("test/Both", [new("in", PortType.Integer)], [new("out", PortType.Integer), new("unused", PortType.Integer)]),
            context =>
            {
                context.Emit("out", context.Message);
                context.Emit("unused", context.Message);
            });

        (NetworkRunResult result, List<Message> output) = await Run(Pipeline(5, both));

        Assert.Equal(5, output.Count);
        Assert.Equal(5, result.Nodes.Single(n => n.Id == "relay").Dropped);
        Assert.False(result.HasUnhandledFailures);
        Assert.Equal(0, result.FailureCount);
    }

    [Fact]
    public async Task IgnoreFailures_keeps_the_run_successful_but_counts_and_keeps_each_failure_as_ignored()
    {
        NetworkBuilder builder = Pipeline(10, Relay(v => { if (v is 2 or 5) throw new InvalidOperationException($"no {v}"); }))
            .Supervise("relay", new SupervisionPolicy { IgnoreFailures = true });

        (NetworkRunResult result, List<Message> output) = await Run(builder);

        Assert.Equal(8, output.Count);
        Assert.False(result.HasUnhandledFailures);
        Assert.Equal((2L, 0L, 2L), (result.FailureCount, result.UncaughtFailures, result.IgnoredFailures));
        Assert.Equal(["no 2", "no 5"], result.Failures.Select(f => f.Message));
        Assert.All(result.Failures, f => Assert.Equal(FailureHandling.Ignored, f.Handling));
        NodeStatistics relay = result.Nodes.Single(n => n.Id == "relay");
        Assert.True(relay.IgnoresFailures);
        Assert.Equal(2, relay.UncaughtFailures);
        Assert.False(result.Nodes.Single(n => n.Id == "numbers").IgnoresFailures);
    }

    [Fact]
    public async Task The_result_keeps_the_first_hundred_failures_in_order_and_counts_them_all()
    {
        (NetworkRunResult result, List<Message> output) = await Run(Pipeline(250, Reporter(_ => true)));

        Assert.Empty(output);
        Assert.Equal(250, result.FailureCount);
        Assert.Equal(250, result.UncaughtFailures);
        Assert.Equal(NetworkRunResult.FailuresKept, result.Failures.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"bad value {i}"), result.Failures.Select(f => f.Message));
    }

    [Fact]
    public async Task Messages_lost_to_a_stopped_actor_fail_the_run_even_when_its_failure_was_caught()
    {
        var errors = new ConcurrentQueue<Message>();
        NetworkBuilder builder = Pipeline(20, Relay(v => { if (v == 5) throw new InvalidOperationException("five"); }))
            .Supervise("relay", new SupervisionPolicy { Action = FailureAction.Stop })
            .AddNode("errors", Collect(errors))
            .Connect("relay", "error", "errors", "in");

        (NetworkRunResult result, List<Message> output) = await Run(builder);

        Assert.Equal([1L, 2, 3, 4], output.Select(m => m.AsInteger()));
        Assert.Single(errors);
        Assert.Equal(0, result.UncaughtFailures);
        Assert.Equal(15, result.DeadLettersFromFailures);
        Assert.Equal(15, result.DeadLettersByReason[DeadLetterReason.ActorStopped]);
        Assert.Equal(15, result.Nodes.Single(n => n.Id == "relay").DeadLetters);
        Assert.True(result.HasUnhandledFailures);
    }

    [Fact]
    public async Task Messages_lost_to_a_stopped_actor_whose_policy_ignores_failures_leave_the_run_successful()
    {
        NetworkBuilder builder = Pipeline(20, Relay(v => { if (v == 5) throw new InvalidOperationException("five"); }))
            .Supervise("relay", new SupervisionPolicy { Action = FailureAction.Stop, IgnoreFailures = true });

        (NetworkRunResult result, _) = await Run(builder);

        Assert.Equal(15, result.DeadLetters);
        Assert.Equal(0, result.DeadLettersFromFailures);
        Assert.Equal(1, result.IgnoredFailures);
        Assert.False(result.HasUnhandledFailures);
    }

    [Fact]
    public async Task A_failing_OnStop_is_an_uncaught_failure()
    {
        Component stopper = Component.FromFactory(
            new ComponentDescription("test/Stopper", [new("in", PortType.Integer)], [new("out", PortType.Integer), new("error", PortType.Error)]),
            () => new FailingStop());

        (NetworkRunResult result, _) = await Run(Pipeline(3, stopper));

        Assert.Equal(new ActorFailure("relay", "cannot stop", "System.InvalidOperationException") { Handling = FailureHandling.Uncaught }, Assert.Single(result.Failures));
        Assert.True(result.HasUnhandledFailures);
    }

    private sealed class FailingStop : Actor
    {
        public override void Receive(ActorContext context) => context.Emit("out", context.Message);

        public override void OnStop(ActorContext context) => throw new InvalidOperationException("cannot stop");
    }
}
