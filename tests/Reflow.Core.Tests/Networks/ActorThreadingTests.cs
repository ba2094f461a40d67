using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>
/// Where actor code runs: timers on the actor's own worker, emissions from other threads handed to it, keep-alives
/// that hold the run open, and actors that may block on a pool of their own.
/// </summary>
public sealed class ActorThreadingTests
{
    /// <summary>Emits "tick n" on a periodic timer, three times, then cancels it; records the threads it ran on.</summary>
    private sealed class Ticker(ConcurrentBag<string> threads) : Actor
    {
        private IDisposable? _timer;
        private int _ticks;

        public override void OnStart(ActorContext context) =>
            _timer = context.ScheduleTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "tick");

        public override void Receive(ActorContext context)
        {
        }

        public override void OnTimer(ActorContext context, object? state)
        {
            threads.Add(Thread.CurrentThread.Name ?? "?");
            context.Emit("out", Message.String($"{state} {++_ticks}"));
            if (_ticks == 3)
            {
                _timer!.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_periodic_timer_fires_on_the_actors_worker_and_holds_the_run_open_until_disposed()
    {
        var time = new FakeTimeProvider();
        var threads = new ConcurrentBag<string>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("ticker", Component.FromFactory(new ComponentDescription("test/Ticker", [new("in")], [new("out", PortType.String)]), () => new Ticker(threads)))
            .ExportOutPort("out", "ticker", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0, TimeProvider = time });
        Task<NetworkRunResult> run = network.RunAsync();
        var output = network.Output("out");

        for (int tick = 1; tick <= 3; tick++)
        {
            Assert.False(run.IsCompleted); // a live timer is pending work
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal($"tick {tick}", (await output.ReadAsync().AsTask().WaitAsync(HangLimit)).AsString());
        }

        await run.WaitAsync(HangLimit); // disposed after the third tick: nothing is left
        Assert.All(threads, name => Assert.Equal("reflow worker 0", name));
    }

    [Fact]
    public async Task A_draining_stop_cancels_timers()
    {
        var time = new FakeTimeProvider();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("ticker", Component.FromFactory(new ComponentDescription("test/Ticker", [new("in")], [new("out", PortType.String)]), () => new Ticker([])))
            .ExportOutPort("out", "ticker", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0, TimeProvider = time });
        await network.StartAsync();

        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);

        Assert.True(result.Completed);
        Assert.Equal(0, result.Nodes[0].Invocations);
    }

    /// <summary>Each input starts work on the thread pool that emits twice later, under a keep-alive.</summary>
    private sealed class Later : Actor
    {
        public override void Receive(ActorContext context)
        {
            IDisposable keepAlive = context.KeepAlive();
            long value = context.Message.AsInteger();
            _ = Task.Run(async () =>
            {
                await Task.Yield();
                context.Emit("out", Message.Integer(value * 10));
                context.Emit("out", Message.Integer((value * 10) + 1));
                keepAlive.Dispose();
            });
        }
    }

    [Fact]
    public async Task Emissions_from_other_threads_reach_their_edges_in_order_and_a_keep_alive_holds_the_run()
    {
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 2)
            .AddNode("numbers", Numbers(200))
            .AddNode("later", Component.FromFactory(new ComponentDescription("test/Later", [new("in", PortType.Integer)], [new("out", PortType.Integer)]), () => new Later()))
            .AddNode("sink", Collect(sink))
            .Connect("numbers", "out", "later", "in")
            .Connect("later", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(400, sink.Count);
        long[] values = [.. sink.Select(m => m.AsInteger())];
        for (int v = 1; v <= 200; v++)
        {
            Assert.True(Array.IndexOf(values, v * 10L) < Array.IndexOf(values, (v * 10L) + 1)); // one thread's order is kept
        }

        Assert.Equal(0, result.Nodes.Single(n => n.Id == "later").Dropped);
    }

    [Theory]
    [InlineData(3, 4, 0, 1)] // the default: three actors do not fill two workers, one is faster
    [InlineData(3, 1, 0, 2)]
    [InlineData(8, 4, 0, 2)]
    [InlineData(8, 1, 0, 2)]
    [InlineData(3, 1, 5, 1)] // the default crossing cost: a short chain is not worth a second worker…
    [InlineData(8, 4, 5, 1)] // …busiest of two: 4 calls + 5 for the crossing, against 8 on one
    [InlineData(16, 4, 5, 2)] // …a long one is: 8 + 5 against 16
    public async Task A_network_gets_at_most_one_worker_per_MinActorsPerWorker_actors_and_only_those_worth_their_crossings(
        int actors, int minActorsPerWorker, int crossWorkerCost, int expectedThreads)
    {
        var threads = new ConcurrentDictionary<string, bool>();
        Component record = ThreadRecordingRelay(threads);
        var builder = new NetworkBuilder().AddNode("numbers", Numbers(100));
        for (int i = 1; i < actors; i++)
        {
            builder.AddNode($"r{i}", record).Connect(i == 1 ? "numbers" : $"r{i - 1}", "out", $"r{i}", "in");
        }

        await using Network network = Network.Create(
            builder.Build(_ => null), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = minActorsPerWorker, CrossWorkerCost = crossWorkerCost });
        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(expectedThreads, threads.Count);
    }

    [Theory]
    [InlineData(5, 1)] // every relay's in- and out-edge would cross: 8 relays + 8 sink calls on one worker beat a split
    [InlineData(0, 2)] // no crossing cost: spread as MinActorsPerWorker allows
    public async Task A_wide_fan_out_and_in_stays_on_one_worker_unless_crossings_are_free(int crossWorkerCost, int expectedThreads)
    {
        var threads = new ConcurrentDictionary<string, bool>();
        Component record = ThreadRecordingRelay(threads);
        var sink = new ConcurrentQueue<long>();
        Component collect = Component.FromFunc(
            new ComponentDescription("test/Collect", [new("in", PortType.Integer)], []),
            context =>
            {
                threads[Thread.CurrentThread.Name ?? "?"] = true;
                sink.Enqueue(context.Message.AsInteger());
            });
        var builder = new NetworkBuilder().AddNode("numbers", Numbers(50)).AddNode("sink", collect);
        for (int i = 0; i < 8; i++)
        {
            builder.AddNode($"r{i}", record).Connect("numbers", "out", $"r{i}", "in").Connect($"r{i}", "out", "sink", "in");
        }

        await using Network network = Network.Create(
            builder.Build(_ => null), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = crossWorkerCost });
        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(8 * 50, sink.Count);
        Assert.Equal(8 * Enumerable.Range(1, 50).Sum(), sink.Sum());
        Assert.Equal(expectedThreads, threads.Count);
    }

    /// <summary>A relay that notes the name of every thread it runs on.</summary>
    private static Component ThreadRecordingRelay(ConcurrentDictionary<string, bool> threads) => Component.FromFunc(
        new ComponentDescription("test/Record", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        context =>
        {
            threads[Thread.CurrentThread.Name ?? "?"] = true;
            context.Emit("out", context.Message);
        });

    [Fact]
    public async Task An_actor_can_feed_another_network_without_mixing_the_two_runs()
    {
        NetworkDefinition inner = new NetworkBuilder()
            .AddNode("relay", Relay(_ => { }))
            .ExportInPort("in", "relay", "in")
            .ExportOutPort("out", "relay", "out")
            .Build(_ => null);
        await using Network second = Network.Create(inner, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0, HostEdgeCapacity = 4096 });
        await second.StartAsync();
        Task<List<Message>> received = ReadAll(second.Output("out"));
        Component forward = Component.FromFunc(
            new ComponentDescription("test/Forward", [new("in", PortType.Integer)], []),
            context => Assert.True(second.TrySend("in", context.Message))); // from a worker of the first network
        NetworkDefinition outer = new NetworkBuilder()
            .AddNode("numbers", Numbers(2_000))
            .AddNode("forward", forward)
            .Connect("numbers", "out", "forward", "in")
            .Build(_ => null);
        await using Network first = Network.Create(outer, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });

        NetworkRunResult firstResult = await first.RunAsync().WaitAsync(HangLimit);
        NetworkRunResult secondResult = await second.StopAsync().WaitAsync(HangLimit);

        Assert.Equal(0, firstResult.Errors);
        Assert.Equal(Enumerable.Range(1, 2_000).Select(i => (long)i), (await received).Select(m => m.AsInteger()));
        Assert.Equal(2_000, secondResult.Edges.Single(e => e.To == "relay").Messages);
    }

    [Fact]
    public async Task Actors_that_may_block_run_on_their_own_pool_and_never_stall_the_workers()
    {
        using var gate = new ManualResetEventSlim();
        string? blockerThread = null;
        Component blocker = Component.FromFunc(
            new ComponentDescription("test/Blocker", [new("in", PortType.Integer)], [], mayBlock: true),
            context =>
            {
                Volatile.Write(ref blockerThread, Thread.CurrentThread.Name);
                gate.Wait(); // a blocking call, as a script runtime might make
            });
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 4)
            .AddNode("numbers1", Numbers(100))
            .AddNode("blocker", blocker)
            .AddNode("numbers2", Numbers(10_000))
            .AddNode("sink", Collect(sink))
            .Connect("numbers1", "out", "blocker", "in")
            .Connect("numbers2", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        try
        {
            Task<NetworkRunResult> run = network.RunAsync();

            // With one worker, the other chain could not move if the blocked actor ran on it.
            Assert.True(SpinWait.SpinUntil(() => sink.Count == 10_000 && Volatile.Read(ref blockerThread) is not null, HangLimit));
            Assert.Equal("reflow blocking 0", Volatile.Read(ref blockerThread));
            Assert.False(run.IsCompleted);

            gate.Set();
            NetworkRunResult result = await run.WaitAsync(HangLimit);
            Assert.Equal(100, result.Nodes.Single(n => n.Id == "blocker").Invocations);
        }
        finally
        {
            gate.Set(); // a failed assertion must not leave the actor blocked: disposing waits for its call to return
        }
    }
}
