using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>
/// Failures stay with the actor that failed, and each supervision policy does what it says. Times come from a fake
/// clock that the test advances once the runtime has reported what it waits for (events are the synchronisation).
/// </summary>
public sealed class SupervisionTests
{
    private static NetworkBuilder Pipeline(long count, Component relay, int capacity = 4) =>
        new NetworkBuilder(defaultEdgeCapacity: capacity)
            .AddNode("numbers", Numbers(count))
            .AddNode("relay", relay)
            .Connect("numbers", "out", "relay", "in")
            .ExportOutPort("out", "relay", "out");

    private static async Task<(NetworkRunResult Result, List<Message> Out, List<DeadLetter> DeadLetters)> Run(NetworkBuilder builder, NetworkOptions? options = null)
    {
        await using Network network = Network.Create(builder.Build(_ => null), options ?? new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        Task<List<Message>> output = ReadAll(network.Output("out"));
        Task<List<DeadLetter>> deadLetters = ReadAll(network.DeadLetters);
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
        return (result, await output, await deadLetters);
    }

    [Fact]
    public async Task Resume_is_the_default_the_failed_message_is_lost_to_the_actor_and_the_rest_flow_on()
    {
        (NetworkRunResult result, List<Message> output, List<DeadLetter> deadLetters) =
            await Run(Pipeline(20, Relay(v => { if (v % 5 == 0) throw new InvalidOperationException($"no {v}"); })));

        Assert.Equal([1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19], output.Select(m => m.AsInteger()));
        NodeStatistics relay = result.Nodes.Single(n => n.Id == "relay");
        Assert.Equal(4, relay.Errors);
        Assert.Equal(16, relay.Invocations);
        Assert.Equal(ActorState.Stopped, relay.State);
        Assert.Empty(deadLetters);
        Assert.True(result.Completed);
    }

    [Fact]
    public async Task A_connected_error_port_receives_an_error_message_per_failure()
    {
        var errors = new ConcurrentQueue<Message>();
        NetworkBuilder builder = Pipeline(10, Relay(v => { if (v is 3 or 7) throw new ArgumentException($"bad value {v}"); }))
            .AddNode("errors", Collect(errors))
            .Connect("relay", "error", "errors", "in");

        (NetworkRunResult result, List<Message> output, _) = await Run(builder);

        Assert.Equal(8, output.Count);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(MessageKind.Error, e.Kind));
        Assert.Equal(["relay: ArgumentException: bad value 3", "relay: ArgumentException: bad value 7"], errors.Select(e => e.AsError()));
        Assert.Equal(2, result.Errors);
    }

    private sealed class CountingRelay(int failAt) : Actor
    {
        private long _seen;

        public override void Receive(ActorContext context)
        {
            if (++_seen == failAt)
            {
                throw new InvalidOperationException("count reached");
            }

            context.Emit("out", Message.Integer(_seen)); // its own state, not the input
        }
    }

    [Fact]
    public async Task Restart_replaces_the_actor_with_a_fresh_one_and_carries_on()
    {
        int created = 0;
        Component relay = Component.FromFactory(
            new ComponentDescription("test/CountingRelay", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
            () => { Interlocked.Increment(ref created); return new CountingRelay(failAt: 3); });
        NetworkBuilder builder = Pipeline(8, relay).Supervise("relay", new SupervisionPolicy { Action = FailureAction.Restart });

        (NetworkRunResult result, List<Message> output, _) = await Run(builder);

        // 1, 2, (3rd throws: restart), 1, 2, (3rd throws: restart), 1, 2 — the state starts over each time.
        Assert.Equal([1, 2, 1, 2, 1, 2], output.Select(m => m.AsInteger()));
        NodeStatistics stats = result.Nodes.Single(n => n.Id == "relay");
        Assert.Equal(2, stats.Restarts);
        Assert.Equal(2, stats.Errors);
        Assert.Equal(3, created);
    }

    [Fact]
    public async Task Restart_stops_the_actor_after_MaxRestarts()
    {
        NetworkBuilder builder = Pipeline(10, Relay(_ => throw new InvalidOperationException("always")))
            .Supervise("relay", new SupervisionPolicy { Action = FailureAction.Restart, MaxRestarts = 2 });

        (NetworkRunResult result, List<Message> output, List<DeadLetter> deadLetters) = await Run(builder);

        Assert.Empty(output);
        NodeStatistics stats = result.Nodes.Single(n => n.Id == "relay");
        Assert.Equal(2, stats.Restarts);
        Assert.Equal(3, stats.Errors); // two restarts, then the third failure stops it
        Assert.Equal(7, deadLetters.Count);
        Assert.All(deadLetters, d => Assert.Equal(DeadLetterReason.ActorStopped, d.Reason));
    }

    [Fact]
    public async Task Stop_sends_later_messages_to_the_dead_letters_and_never_wedges_the_producer()
    {
        // Capacity 2: if the stopped actor kept its input's credits, the source would wait forever.
        NetworkBuilder builder = Pipeline(100, Relay(v => { if (v == 5) throw new InvalidOperationException("stop here"); }), capacity: 2)
            .Supervise("relay", new SupervisionPolicy { Action = FailureAction.Stop });

        (NetworkRunResult result, List<Message> output, List<DeadLetter> deadLetters) = await Run(builder);

        Assert.Equal([1, 2, 3, 4], output.Select(m => m.AsInteger()));
        Assert.Equal(Enumerable.Range(6, 95).Select(i => (long)i), deadLetters.Select(d => d.Message.AsInteger()));
        Assert.All(deadLetters, d => Assert.Equal(("relay", "in", DeadLetterReason.ActorStopped), (d.NodeId, d.InPort, d.Reason)));
        Assert.Equal(95, result.DeadLetters);
        NodeStatistics stats = result.Nodes.Single(n => n.Id == "relay");
        Assert.Equal(ActorState.Stopped, stats.State);
        Assert.Equal(95, stats.Dropped);
        Assert.Equal(100, result.Edges.Single(e => e.From == "numbers").Messages); // every message accounted for
    }

    [Fact]
    public async Task A_failure_affects_only_the_failing_actor()
    {
        var other = new ConcurrentQueue<Message>();
        NetworkBuilder builder = Pipeline(50, Relay(_ => throw new InvalidOperationException("always")))
            .Supervise("relay", new SupervisionPolicy { Action = FailureAction.Stop })
            .AddNode("numbers2", Numbers(50))
            .AddNode("sink2", Collect(other))
            .Connect("numbers2", "out", "sink2", "in");

        (NetworkRunResult result, _, _) = await Run(builder);

        Assert.Equal(50, other.Count);
        Assert.Equal(0, result.Nodes.Single(n => n.Id == "sink2").Errors);
        Assert.Equal(ActorState.Stopped, result.Nodes.Single(n => n.Id == "relay").State);
    }

    [Fact]
    public void Backoff_doubles_from_the_first_delay_up_to_the_cap()
    {
        var policy = new SupervisionPolicy { RetryBackoff = TimeSpan.FromMilliseconds(10), MaxRetryBackoff = TimeSpan.FromMilliseconds(70) };

        Assert.Equal(
            [10, 20, 40, 70, 70],
            Enumerable.Range(1, 5).Select(r => policy.BackoffFor(r).TotalMilliseconds));
    }

    [Fact]
    public async Task Retry_hands_the_same_message_again_after_each_backoff_and_keeps_the_order()
    {
        var time = new FakeTimeProvider();
        int attemptsOfThree = 0;
        NetworkBuilder builder = Pipeline(6, Relay(v =>
            {
                if (v == 3 && Interlocked.Increment(ref attemptsOfThree) <= 2)
                {
                    throw new TimeoutException("flaky");
                }
            }))
            .Supervise("relay", new SupervisionPolicy { MaxRetries = 3, RetryBackoff = TimeSpan.FromMilliseconds(100), MaxRetryBackoff = TimeSpan.FromSeconds(10) });
        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0, TimeProvider = time });
        var events = network.SubscribeEvents();
        Task<List<Message>> output = ReadAll(network.Output("out"));
        Task<NetworkRunResult> run = network.RunAsync();

        await WaitFor(events, NetworkEventKind.ActorRetrying, "relay");
        Assert.False(run.IsCompleted); // the failed message is still outstanding
        time.Advance(TimeSpan.FromMilliseconds(100)); // first retry: fails again
        await WaitFor(events, NetworkEventKind.ActorRetrying, "relay");
        time.Advance(TimeSpan.FromMilliseconds(200)); // second retry, twice the delay: succeeds

        NetworkRunResult result = await run.WaitAsync(HangLimit);
        Assert.Equal([1, 2, 3, 4, 5, 6], (await output).Select(m => m.AsInteger()));
        Assert.Equal(3, Volatile.Read(ref attemptsOfThree));
        Assert.Equal(2, result.Errors);
        Assert.Equal(0, result.DeadLetters);
    }

    [Fact]
    public async Task A_retried_message_that_keeps_failing_falls_to_the_policy_action()
    {
        var time = new FakeTimeProvider();
        NetworkBuilder builder = Pipeline(3, Relay(v => { if (v == 2) throw new InvalidOperationException("never"); }))
            .Supervise("relay", new SupervisionPolicy { MaxRetries = 2, RetryBackoff = TimeSpan.FromSeconds(1), Action = FailureAction.Stop });
        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0, TimeProvider = time });
        var events = network.SubscribeEvents();
        Task<List<DeadLetter>> deadLetters = ReadAll(network.DeadLetters);
        Task<NetworkRunResult> run = network.RunAsync();

        await WaitFor(events, NetworkEventKind.ActorRetrying, "relay");
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitFor(events, NetworkEventKind.ActorRetrying, "relay");
        time.Advance(TimeSpan.FromSeconds(2));
        await WaitFor(events, NetworkEventKind.ActorStopped, "relay");

        NetworkRunResult result = await run.WaitAsync(HangLimit);
        Assert.Equal(3, result.Errors);
        Assert.Equal([3L], (await deadLetters).Select(d => d.Message.AsInteger()));
    }

    [Fact]
    public async Task The_circuit_opens_after_N_consecutive_failures_turns_messages_away_then_half_opens()
    {
        var time = new FakeTimeProvider();
        bool failing = true;
        Component relay = Relay(_ =>
        {
            if (Volatile.Read(ref failing))
            {
                throw new InvalidOperationException("down");
            }
        });
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("relay", relay)
            .ExportInPort("in", "relay", "in")
            .ExportOutPort("out", "relay", "out")
            .Supervise("relay", new SupervisionPolicy { CircuitBreakerThreshold = 2, CircuitBreakerDuration = TimeSpan.FromSeconds(5) })
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0, TimeProvider = time });
        var events = network.SubscribeEvents();
        await network.StartAsync();

        await network.SendAsync("in", Message.Integer(1));
        await WaitFor(events, NetworkEventKind.ActorFailed);
        await network.SendAsync("in", Message.Integer(2));
        await WaitFor(events, NetworkEventKind.CircuitOpened);

        await network.SendAsync("in", Message.Integer(3)); // open: turned away
        DeadLetter rejected = await network.DeadLetters.ReadAsync().AsTask().WaitAsync(HangLimit);
        Assert.Equal((3L, DeadLetterReason.CircuitOpen), (rejected.Message.AsInteger(), rejected.Reason));

        time.Advance(TimeSpan.FromSeconds(5)); // half-open: one try; it fails, so the circuit opens again at once
        await network.SendAsync("in", Message.Integer(4));
        await WaitFor(events, NetworkEventKind.CircuitOpened);
        await network.SendAsync("in", Message.Integer(5));
        Assert.Equal(5L, (await network.DeadLetters.ReadAsync().AsTask().WaitAsync(HangLimit)).Message.AsInteger());

        Volatile.Write(ref failing, false);
        time.Advance(TimeSpan.FromSeconds(5)); // half-open: this try succeeds and closes the circuit
        await network.SendAsync("in", Message.Integer(6));
        await network.SendAsync("in", Message.Integer(7));
        Assert.Equal(6L, (await network.Output("out").ReadAsync().AsTask().WaitAsync(HangLimit)).AsInteger());
        Assert.Equal(7L, (await network.Output("out").ReadAsync().AsTask().WaitAsync(HangLimit)).AsInteger());

        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);
        Assert.Equal(3, result.Errors);
        Assert.Equal(2, result.DeadLetters);
    }

    [Fact]
    public async Task A_throwing_source_is_stopped_under_resume_and_retried_under_a_retry_policy()
    {
        var time = new FakeTimeProvider();
        int calls = 0;
        Component source = Component.FromFactory(
            new ComponentDescription("test/FlakySource", outPorts: [new("out", PortType.Integer)]),
            () => new FlakySource(() => Interlocked.Increment(ref calls)));
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("source", source)
            .ExportOutPort("out", "source", "out")
            .Supervise("source", new SupervisionPolicy { MaxRetries = 1, RetryBackoff = TimeSpan.FromSeconds(1) })
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0, TimeProvider = time });
        var events = network.SubscribeEvents();
        Task<List<Message>> output = ReadAll(network.Output("out"));
        Task<NetworkRunResult> run = network.RunAsync();

        await WaitFor(events, NetworkEventKind.ActorRetrying, "source"); // the first call threw
        Assert.False(run.IsCompleted); // a pending retry keeps the run going
        time.Advance(TimeSpan.FromSeconds(1)); // the retry emits 1; the third call throws: a new failure, retried again
        await WaitFor(events, NetworkEventKind.ActorRetrying, "source");
        time.Advance(TimeSpan.FromSeconds(1)); // the fourth call throws: no retries left, and a resumed source is stopped

        NetworkRunResult result = await run.WaitAsync(HangLimit);
        Assert.Equal([1L], (await output).Select(m => m.AsInteger()));
        Assert.Equal(4, Volatile.Read(ref calls));
        Assert.Equal(ActorState.Stopped, result.Nodes[0].State);
        Assert.Equal(3, result.Errors);
    }

    /// <summary>Emits on call 2, throws on every other call.</summary>
    private sealed class FlakySource(Func<int> call) : SourceActor
    {
        public override SourceStatus Produce(ActorContext context)
        {
            int n = call();
            if (n != 2)
            {
                throw new IOException($"call {n}");
            }

            context.Emit("out", Message.Integer(1));
            return SourceStatus.More;
        }
    }

    [Fact]
    public void An_invalid_policy_is_a_build_problem_naming_the_node()
    {
        var builder = new NetworkBuilder()
            .AddNode("relay", Relay(_ => { }))
            .Supervise("relay", new SupervisionPolicy { MaxRetries = -1 })
            .Supervise("ghost", SupervisionPolicy.Default);

        NetworkValidationException error = Assert.Throws<NetworkValidationException>(() => builder.Build(_ => null));

        Assert.Contains(error.Problems, p => p.Contains("'relay'") && p.Contains("MaxRetries"));
        Assert.Contains(error.Problems, p => p.Contains("'ghost'"));
    }
}
