using System.Collections.Concurrent;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>Long-running networks: start, stop with and without draining, cancellation, states and events.</summary>
public sealed class LifecycleTests
{
    private static NetworkDefinition HostPipeline(Component relay) => new NetworkBuilder(defaultEdgeCapacity: 8)
        .AddNode("relay", relay)
        .ExportInPort("in", "relay", "in")
        .ExportOutPort("out", "relay", "out")
        .Build(_ => null);

    [Fact]
    public async Task A_started_network_keeps_running_while_idle_and_a_draining_stop_handles_everything_accepted()
    {
        await using Network network = Network.Create(HostPipeline(Relay(_ => { })), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        await network.StartAsync();

        await network.SendAsync("in", Message.Integer(1));
        Assert.Equal(1L, (await network.Output("out").ReadAsync().AsTask().WaitAsync(HangLimit)).AsInteger());
        // The relay emits as the last step of its Receive, so the value can be read while it is still Processing;
        // once Receive has returned it is idle: Running, and the network, not finished, waits for the host.
        Assert.True(SpinWait.SpinUntil(() => network.GetActorState("relay") == ActorState.Running, HangLimit), $"the idle relay is {network.GetActorState("relay")}");
        Assert.False(network.Completion.IsCompleted);
        Assert.Equal(ActorState.Running, network.GetActorState("relay"));
        Task<List<Message>> output = ReadAll(network.Output("out"));

        for (int i = 2; i <= 100; i++)
        {
            await network.SendAsync("in", Message.Integer(i));
        }

        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);

        Assert.True(result.Completed);
        Assert.Equal(Enumerable.Range(2, 99).Select(i => (long)i), (await output).Select(m => m.AsInteger()));
        Assert.Equal(0, result.DeadLetters);
        Assert.Equal(ActorState.Stopped, network.GetActorState("relay"));
    }

    [Fact]
    public async Task A_stopped_network_rejects_sends_with_a_clear_exception()
    {
        await using Network network = Network.Create(HostPipeline(Relay(_ => { })), new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        InvalidOperationException early = await Assert.ThrowsAsync<InvalidOperationException>(() => network.SendAsync("in", Message.Integer(1)).AsTask());
        Assert.Contains("has not started", early.Message);

        await network.StartAsync();
        await network.StopAsync().WaitAsync(HangLimit);

        InvalidOperationException late = await Assert.ThrowsAsync<InvalidOperationException>(() => network.SendAsync("in", Message.Integer(1)).AsTask());
        Assert.Contains("'in'", late.Message);
        Assert.Contains("stopped", late.Message);
        Assert.Throws<InvalidOperationException>(() => network.TrySend("in", Message.Integer(1)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => network.StartAsync());
    }

    [Fact]
    public async Task A_stop_without_drain_sends_what_is_left_to_the_dead_letters_and_still_stops_every_actor()
    {
        using var gate = new ManualResetEventSlim();
        using var entered = new SemaphoreSlim(0);
        int stopped = 0;
        Component blocker = Component.FromFactory(
            new ComponentDescription("test/Gate", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
            () => new GateActor(gate, entered, () => Interlocked.Increment(ref stopped)));
        await using Network network = Network.Create(HostPipeline(blocker), new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        Task<List<DeadLetter>> deadLetters = ReadAll(network.DeadLetters);
        await network.StartAsync();
        for (int i = 1; i <= 5; i++)
        {
            await network.SendAsync("in", Message.Integer(i));
        }

        Assert.True(await entered.WaitAsync(HangLimit)); // the actor is inside Receive(1); 2..5 wait behind it
        Task<NetworkRunResult> stopping = network.StopAsync(drain: false);
        gate.Set(); // the running call finishes; nothing else of the node runs
        NetworkRunResult result = await stopping.WaitAsync(HangLimit);

        Assert.False(result.Completed);
        Assert.Equal([2L, 3, 4, 5], (await deadLetters).Select(d => d.Message.AsInteger()));
        Assert.All(await deadLetters, d => Assert.Equal(DeadLetterReason.NetworkStopped, d.Reason));
        Assert.Equal(4, result.DeadLetters);
        Assert.Equal(1, Volatile.Read(ref stopped)); // OnStop ran once
    }

    private sealed class GateActor(ManualResetEventSlim gate, SemaphoreSlim entered, Action onStop) : Actor
    {
        public override void Receive(ActorContext context)
        {
            entered.Release();
            gate.Wait();
            context.Emit("out", context.Message);
        }

        public override void OnStop(ActorContext context) => onStop();
    }

    [Fact]
    public async Task Cancelling_RunAsync_stops_the_network_runs_OnStop_and_throws()
    {
        int stopped = 0;
        Component forever = Component.FromFactory(
            new ComponentDescription("test/Forever", outPorts: [new("out", PortType.Integer)]),
            () => new ForeverSource(() => Interlocked.Increment(ref stopped)));
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("forever", forever)
            .AddNode("sink", Collect(sink))
            .Connect("forever", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        using var cancel = new CancellationTokenSource();

        Task<NetworkRunResult> run = network.RunAsync(cancel.Token);
        Assert.True(SpinWait.SpinUntil(() => sink.Count >= 100, HangLimit)); // messages flow; the run would never finish
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangLimit));
        NetworkRunResult result = await network.Completion.WaitAsync(HangLimit);
        Assert.False(result.Completed);
        Assert.Equal(1, Volatile.Read(ref stopped));
        Assert.Equal(ActorState.Stopped, network.GetActorState("forever"));
    }

    private sealed class ForeverSource(Action onStop) : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            context.Emit("out", Message.Integer(_next++));
            return SourceStatus.More;
        }

        public override void OnStop(ActorContext context) => onStop();
    }

    [Fact]
    public async Task A_draining_stop_ends_sources_that_would_never_finish()
    {
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("forever", Component.FromFactory(new ComponentDescription("test/Forever", outPorts: [new("out", PortType.Integer)]), () => new ForeverSource(() => { })))
            .AddNode("sink", Collect(sink))
            .Connect("forever", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        await network.StartAsync();
        Assert.True(SpinWait.SpinUntil(() => sink.Count >= 100, HangLimit));

        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);

        Assert.True(result.Completed);
        Assert.Equal(0, result.DeadLetters);
        Assert.Equal(sink.Count, result.Edges.Single().Messages); // everything produced was handled
        Assert.Equal(Enumerable.Range(0, sink.Count).Select(i => (long)i), sink.Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task Events_report_the_lifecycle_in_order_and_messages_only_when_asked()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("numbers", Numbers(10))
            .AddNode("relay", Relay(v => { if (v == 4) throw new InvalidOperationException("four"); }))
            .Connect("numbers", "out", "relay", "in")
            .ExportOutPort("out", "relay", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        Task<List<NetworkEvent>> lifecycle = ReadAll(network.SubscribeEvents());
        Task<List<NetworkEvent>> everything = ReadAll(network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true }));
        Task<List<Message>> output = ReadAll(network.Output("out"));

        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
        await output;
        List<NetworkEvent> events = await lifecycle;

        Assert.Equal(NetworkEventKind.NetworkStarted, events[0].Kind);
        Assert.Equal(NetworkEventKind.NetworkFinished, events[^1].Kind);
        Assert.Equal(["numbers", "relay"], events.Where(e => e.Kind == NetworkEventKind.ActorStarted).Select(e => e.NodeId));
        NetworkEvent failed = Assert.Single(events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal(("relay", "in", 4L, "four"), (failed.NodeId, failed.Port, failed.Message!.Value.AsInteger(), failed.Exception!.Message));
        Assert.Equal(2, events.Count(e => e.Kind == NetworkEventKind.ActorStopped));
        Assert.DoesNotContain(events, e => e.Kind == NetworkEventKind.MessageSent);

        List<NetworkEvent> sent = [.. (await everything).Where(e => e.Kind == NetworkEventKind.MessageSent)];
        Assert.Equal(result.Messages, sent.Count); // 10 numbers → relay, 9 relay → host
        Assert.Equal(10, sent.Count(e => e.Port == "out -> relay.in"));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), sent.Where(e => e.NodeId == "numbers").Select(e => e.Message!.Value.AsInteger()));
    }

    [Fact]
    public async Task A_subscription_after_the_run_is_over_completes_at_once_with_nothing()
    {
        // Subscribing while the run goes on is allowed (see ObservationTests); once it is over, there is nothing to come.
        await using Network network = Network.Create(HostPipeline(Relay(_ => { })), new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        await network.StartAsync();
        await network.StopAsync().WaitAsync(HangLimit);

        ChannelReader<NetworkEvent> late = network.SubscribeEvents();
        await late.Completion.WaitAsync(HangLimit);
        Assert.False(late.TryRead(out _));
    }

    [Fact]
    public async Task An_idle_event_comes_when_everything_left_waits_for_the_host()
    {
        await using Network network = Network.Create(HostPipeline(Relay(_ => { })), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        var events = network.SubscribeEvents();
        await network.StartAsync();
        await network.SendAsync("in", Message.Integer(1));
        Assert.Equal(1L, (await network.Output("out").ReadAsync().AsTask().WaitAsync(HangLimit)).AsInteger());

        await WaitFor(events, NetworkEventKind.Idle);
        await network.StopAsync().WaitAsync(HangLimit);
    }

    [Theory]
    [InlineData(WorkerWaitStrategy.SpinYieldPark)]
    [InlineData(WorkerWaitStrategy.BusySpin)]
    [InlineData(WorkerWaitStrategy.Yielding)]
    [InlineData(WorkerWaitStrategy.Sleeping)]
    public async Task Every_wait_strategy_runs_a_pipeline_to_completion(WorkerWaitStrategy strategy)
    {
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 4)
            .AddNode("numbers", Numbers(5_000))
            .AddNode("relay", Relay(_ => { }))
            .AddNode("sink", Collect(sink))
            .Connect("numbers", "out", "relay", "in")
            .Connect("relay", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0, WaitStrategy = strategy });

        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(Enumerable.Range(1, 5_000).Select(i => (long)i), sink.Select(m => m.AsInteger()));
    }
}
