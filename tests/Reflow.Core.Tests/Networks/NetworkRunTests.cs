using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>Whole networks run to completion on real worker threads; no sleeps, completion is the synchronisation.</summary>
public sealed class NetworkRunTests
{
    private static readonly TimeSpan s_hangLimit = TimeSpan.FromSeconds(60);

    /// <summary>A source of 0 .. count-1, a few per Produce call.</summary>
    private sealed class Counter(long count, int chunk = 16) : SourceActor
    {
        private long _next;

        public long Emitted => Volatile.Read(ref _next);

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < chunk && _next < count; i++)
            {
                context.Emit("out", Message.Integer(Volatile.Read(ref _next)));
                Volatile.Write(ref _next, _next + 1);
            }

            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }

    private static Component Source(long count, int chunk = 16, Action<Counter>? created = null) => Component.FromFactory(
        new ComponentDescription("test/Counter", outPorts: [new("out", PortType.Integer)]),
        () =>
        {
            var counter = new Counter(count, chunk);
            created?.Invoke(counter);
            return counter;
        });

    private static Component Map(Func<long, long> f) => Component.FromFunc(
        new ComponentDescription("test/Map", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        context => context.Emit("out", Message.Integer(f(context.Message.AsInteger()))));

    private static Component Collect(ConcurrentQueue<(string Port, Message Message)> into) => Component.FromFunc(
        new ComponentDescription("test/Collect", [new("in"), new("config")], []),
        context => into.Enqueue((context.InPortName, context.Message)));

    private static async Task<NetworkRunResult> Run(NetworkBuilder builder, int workers = 2)
    {
        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = workers, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        return await network.RunAsync().WaitAsync(s_hangLimit);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_pipeline_delivers_every_message_in_order(int workers)
    {
        var received = new ConcurrentQueue<(string, Message)>();
        NetworkRunResult result = await Run(new NetworkBuilder(defaultEdgeCapacity: 64)
            .AddNode("source", Source(100_000))
            .AddNode("double", Map(x => x * 2))
            .AddNode("sink", Collect(received))
            .Connect("source", "out", "double", "in")
            .Connect("double", "out", "sink", "in"), workers);

        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => Message.Integer(i * 2L)), received.Select(r => r.Item2));
        Assert.Equal([100_000L, 100_000L], result.Edges.Select(e => e.Messages));
        Assert.Equal(0, result.Errors);
        Assert.Equal(100_000, result.Nodes.Single(n => n.Id == "sink").Invocations);
    }

    [Fact]
    public async Task A_ten_stage_pipeline_split_across_two_workers_keeps_order_and_loses_nothing()
    {
        // Issue 23 §2: B4's shape on the two-worker placement (contiguous runs of the node list, one per worker), with
        // small edges so that the crossing is full and its producer held back again and again.
        const int Messages = 200_000;
        var threads = new ConcurrentDictionary<string, int>();
        var received = new ConcurrentQueue<(string, Message)>();
        var builder = new NetworkBuilder(defaultEdgeCapacity: 16).AddNode("source", Source(Messages, chunk: 256));
        string previous = "source";
        for (int stage = 1; stage <= 9; stage++)
        {
            string id = $"stage{stage}";
            builder.AddNode(id, ThreadRecordingIncrement(id, threads)).Connect(previous, "out", id, "in");
            previous = id;
        }

        NetworkRunResult result = await Run(builder.AddNode("sink", Collect(received)).Connect(previous, "out", "sink", "in"), workers: 2);

        Assert.Equal(Enumerable.Range(0, Messages).Select(i => Message.Integer(i + 9L)), received.Select(r => r.Item2));
        Assert.All(result.Edges, edge => Assert.Equal(Messages, edge.Messages));
        Assert.Equal(0, result.Errors);
        Assert.NotEqual(threads["stage1"], threads["stage9"]); // the placement did split it: the first and last stages ran on two threads
    }

    [Fact]
    public async Task A_fan_out_and_in_split_across_two_workers_keeps_each_edges_order()
    {
        // B5's shape on two workers: each of four relays gets every message (a broadcast) and tags it; the sink must see
        // each relay's messages in order and all of them, whatever the interleaving of the four edges into it.
        const int Messages = 50_000;
        var received = new ConcurrentQueue<(string, Message)>();
        var builder = new NetworkBuilder(defaultEdgeCapacity: 16).AddNode("source", Source(Messages, chunk: 64)).AddNode("sink", Collect(received));
        for (int relay = 0; relay < 4; relay++)
        {
            int tag = relay;
            builder.AddNode($"relay{relay}", Map(x => (x * 4) + tag)).Connect("source", "out", $"relay{relay}", "in").Connect($"relay{relay}", "out", "sink", "in");
        }

        NetworkRunResult result = await Run(builder, workers: 2);

        long[] values = [.. received.Select(r => r.Item2.AsInteger())];
        Assert.Equal(4 * Messages, values.Length);
        for (int relay = 0; relay < 4; relay++)
        {
            Assert.Equal(Enumerable.Range(0, Messages).Select(i => (i * 4L) + relay), values.Where(v => v % 4 == relay));
        }

        Assert.Equal(0, result.Errors);
    }

    private static Component ThreadRecordingIncrement(string id, ConcurrentDictionary<string, int> threads) => Component.FromFunc(
        new ComponentDescription("test/Increment", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        context =>
        {
            threads.TryAdd(id, Environment.CurrentManagedThreadId);
            context.Emit("out", Message.Integer(context.Message.AsInteger() + 1));
        });

    [Fact]
    public async Task A_result_is_read_after_the_network_is_gone_and_does_not_keep_it_alive()
    {
        // The statistics are made when read (a million-node run does not allocate its records up front), from
        // copies taken at the end: the result must not hold the network's run-time objects.
        (NetworkRunResult result, WeakReference network) = await RunAndForget();
        for (int i = 0; i < 3 && network.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(network.IsAlive);
        Assert.Equal(new EdgeStatistics("source", "out", "double", "in", 1_000) { Id = "source.out -> double.in" }, result.Edges[0]);
        Assert.Equal(new EdgeStatistics("double", "out", "sink", "in", 1_000) { Id = "double.out -> sink.in" }, result.Edges[1]);
        Assert.Equal(["source", "double", "sink"], result.Nodes.Select(n => n.Id));
        Assert.Equal([1_000L, 1_000L], result.Nodes.Skip(1).Select(n => n.Invocations));
        Assert.All(result.Nodes, n => Assert.Equal(ActorState.Stopped, n.State));
        Assert.Same(result.Edges[1], result.Edges[1]); // made once, then kept
        Assert.Equal(2_000, result.Messages);
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Edges[2]);

        static async Task<(NetworkRunResult, WeakReference)> RunAndForget()
        {
            NetworkDefinition definition = new NetworkBuilder()
                .AddNode("source", Source(1_000))
                .AddNode("double", Map(x => x * 2))
                .AddNode("sink", Collect(new ConcurrentQueue<(string, Message)>()))
                .Connect("source", "out", "double", "in")
                .Connect("double", "out", "sink", "in")
                .Build(_ => null);
            Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2 });
            NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);
            await network.DisposeAsync();
            return (result, new WeakReference(network));
        }
    }

    [Fact]
    public async Task Fan_out_delivers_every_message_to_every_edge()
    {
        var sinks = new[] { new ConcurrentQueue<(string, Message)>(), new ConcurrentQueue<(string, Message)>(), new ConcurrentQueue<(string, Message)>() };
        NetworkRunResult result = await Run(new NetworkBuilder(defaultEdgeCapacity: 32)
            .AddNode("source", Source(10_000))
            .AddNode("a", Collect(sinks[0])).AddNode("b", Collect(sinks[1])).AddNode("c", Collect(sinks[2]))
            .Connect("source", "out", "a", "in").Connect("source", "out", "b", "in").Connect("source", "out", "c", "in"));

        foreach (var sink in sinks)
        {
            Assert.Equal(Enumerable.Range(0, 10_000).Select(i => Message.Integer(i)), sink.Select(r => r.Item2));
        }

        Assert.All(result.Edges, e => Assert.Equal(10_000, e.Messages));
    }

    [Fact]
    public async Task Fan_in_merges_and_keeps_each_edges_order()
    {
        var received = new ConcurrentQueue<(string, Message)>();
        await Run(new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("evens", Source(20_000)).AddNode("toEven", Map(x => x * 2))
            .AddNode("odds", Source(20_000)).AddNode("toOdd", Map(x => x * 2 + 1))
            .AddNode("sink", Collect(received))
            .Connect("evens", "out", "toEven", "in").Connect("odds", "out", "toOdd", "in")
            .Connect("toEven", "out", "sink", "in").Connect("toOdd", "out", "sink", "in"), workers: 3);

        long[] values = received.Select(r => r.Item2.AsInteger()).ToArray();
        Assert.Equal(40_000, values.Length);
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => 2L * i), values.Where(v => v % 2 == 0));
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => 2L * i + 1), values.Where(v => v % 2 == 1));
    }

    [Fact]
    public async Task Initial_packets_arrive_before_any_other_input()
    {
        var received = new ConcurrentQueue<(string Port, Message Message)>();
        await Run(new NetworkBuilder()
            .AddNode("source", Source(1_000))
            .AddNode("sink", Collect(received))
            .Connect("source", "out", "sink", "in")
            .AddInitial("sink", "config", Message.String("setup")));

        Assert.Equal(("config", Message.String("setup")), received.First());
        Assert.Equal(1_001, received.Count);
    }

    [Fact]
    public async Task A_slow_consumer_holds_a_fast_source_back_within_the_edge_capacity()
    {
        const int Capacity = 8;
        const int Chunk = 4;
        Counter? counter = null;
        long consumed = 0;
        long worstLead = 0;
        Component slow = Component.FromFunc(new ComponentDescription("test/Slow", [new("in")], []), context =>
        {
            long lead = counter!.Emitted - Interlocked.Increment(ref consumed);
            worstLead = Math.Max(worstLead, lead);
            long spin = 0;
            for (int i = 0; i < 20_000; i++)
            {
                spin += i ^ lead; // ~1000x the source's cost per message, deterministic work instead of a sleep
            }

            GC.KeepAlive(spin);
        });

        NetworkRunResult result = await Run(new NetworkBuilder()
            .AddNode("source", Source(20_000, Chunk, c => counter = c))
            .AddNode("slow", slow)
            .Connect("source", "out", "slow", "in", capacity: Capacity));

        Assert.Equal(20_000, consumed);
        Assert.Equal(20_000, result.Edges.Single().Messages);
        // In flight: at most the edge's capacity, plus what one Produce call emitted into the out-buffer.
        Assert.InRange(worstLead, 0, Capacity + Chunk);
    }

    [Fact]
    public async Task A_diamond_and_a_loop_finish_exactly_when_the_work_is_done()
    {
        var diamond = new ConcurrentQueue<(string, Message)>();
        await Run(new NetworkBuilder(defaultEdgeCapacity: 4)
            .AddNode("source", Source(5_000))
            .AddNode("left", Map(x => x)).AddNode("right", Map(x => -x))
            .AddNode("join", Collect(diamond))
            .Connect("source", "out", "left", "in").Connect("source", "out", "right", "in")
            .Connect("left", "out", "join", "in").Connect("right", "out", "join", "in"));
        Assert.Equal(10_000, diamond.Count);
        Assert.Equal(0, diamond.Sum(r => r.Item2.AsInteger()));

        // A loop: each value goes round until it reaches 10, then leaves on "done".
        var finished = new ConcurrentQueue<(string, Message)>();
        Component step = Component.FromFunc(
            new ComponentDescription("test/Step", [new("in", PortType.Integer)], [new("again", PortType.Integer), new("done", PortType.Integer)]),
            context =>
            {
                long value = context.Message.AsInteger() + 1;
                context.Emit(value < 10 ? "again" : "done", Message.Integer(value));
            });
        NetworkRunResult loop = await Run(new NetworkBuilder(defaultEdgeCapacity: 64)
            .AddNode("source", Source(200))
            .AddNode("zero", Map(_ => 0))
            .AddNode("step", step)
            .AddNode("out", Collect(finished))
            .Connect("source", "out", "zero", "in")
            .Connect("zero", "out", "step", "in")
            .Connect("step", "again", "step", "in", capacity: 4096)
            .Connect("step", "done", "out", "in"));
        Assert.Equal(200, finished.Count);
        Assert.All(finished, r => Assert.Equal(Message.Integer(10), r.Item2));
        Assert.Equal(200 * 10L, loop.Nodes.Single(n => n.Id == "step").Invocations); // 0 → 10 is ten steps each
    }

    [Fact]
    public async Task A_throwing_actor_is_counted_and_the_others_carry_on()
    {
        var received = new ConcurrentQueue<(string, Message)>();
        Component flaky = Component.FromFunc(new ComponentDescription("test/Flaky", [new("in", PortType.Integer)], [new("out", PortType.Integer)]), context =>
        {
            long value = context.Message.AsInteger();
            if (value % 10 == 0)
            {
                throw new InvalidOperationException($"no multiples of ten: {value}");
            }

            context.Emit("out", context.Message);
        });

        NetworkRunResult result = await Run(new NetworkBuilder()
            .AddNode("source", Source(1_000)).AddNode("flaky", flaky).AddNode("sink", Collect(received))
            .Connect("source", "out", "flaky", "in").Connect("flaky", "out", "sink", "in"));

        Assert.Equal(900, received.Count);
        Assert.Equal(100, result.Nodes.Single(n => n.Id == "flaky").Errors);
        Assert.Equal(100, result.Errors);
    }

    [Fact]
    public async Task Two_nodes_of_one_component_keep_separate_state_and_unconnected_output_is_counted()
    {
        var totals = new ConcurrentQueue<(string, Message)>();
        Component running = Component.FromFunc(
            new ComponentDescription("test/RunningSum", [new("in", PortType.Integer)], [new("sum", PortType.Integer), new("unused")]),
            () => new long[1],
            (context, sum) =>
            {
                sum[0] += context.Message.AsInteger();
                context.Emit("sum", Message.Integer(sum[0]));
                context.Emit("unused", Message.Flow);
            });

        NetworkRunResult result = await Run(new NetworkBuilder()
            .AddNode("source", Source(100))
            .AddNode("a", running).AddNode("b", running)
            .AddNode("sink", Collect(totals))
            .Connect("source", "out", "a", "in").Connect("source", "out", "b", "in")
            .Connect("a", "sum", "sink", "in").Connect("b", "sum", "sink", "config"));

        Assert.Equal(Message.Integer(4950), totals.Last(t => t.Item1 == "in").Item2);
        Assert.Equal(Message.Integer(4950), totals.Last(t => t.Item1 == "config").Item2);
        Assert.Equal(100, result.Nodes.Single(n => n.Id == "a").Dropped);
    }

    [Fact]
    public async Task An_actor_may_emit_more_than_an_edge_holds_from_OnStart()
    {
        var received = new ConcurrentQueue<(string, Message)>();
        Component greeter = Component.FromFactory(new ComponentDescription("test/Greeter", outPorts: [new("out")]), () => new BurstOnStart());
        await Run(new NetworkBuilder()
            .AddNode("greeter", greeter)
            .AddNode("sink", Collect(received))
            .Connect("greeter", "out", "sink", "in", capacity: 2));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => Message.Integer(i)), received.Select(r => r.Item2));
    }

    private sealed class BurstOnStart : Actor
    {
        public override void OnStart(ActorContext context)
        {
            for (int i = 0; i < 100; i++)
            {
                context.Emit("out", Message.Integer(i));
            }
        }

        public override void Receive(ActorContext context)
        {
        }
    }

    [Fact]
    public async Task A_network_without_work_finishes_at_once_and_runs_only_once()
    {
        await using Network network = Network.Create(new NetworkBuilder().AddNode("idle", Map(x => x)).Build(_ => null));
        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);
        Assert.Equal(0, result.Messages);
        await Assert.ThrowsAsync<InvalidOperationException>(() => network.RunAsync());
    }
}
