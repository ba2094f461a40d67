using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Streams;

/// <summary>
/// The end of the stream across the runtime's seams: the host's ports, execution pools, async and batch actors,
/// addressable ports, timers, cycles, a stopped actor and a draining stop.
/// </summary>
public sealed class StreamCrossingTests
{
    private static readonly TimeSpan s_hangLimit = TestComponents.HangLimit;

    private static MessageObject Meta(string key, string value) => MessageObject.Create(new KeyValuePair<string, Message>(key, Message.String(value)));

    [Fact]
    public async Task Completing_an_exported_in_port_closes_it_and_the_exported_out_port_ends_when_its_producer_is_done()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("relay", log.Relay())
            .AddNode("count", log.Counter())
            .Connect("relay", "out", "count", "in")
            .ExportInPort("in", "relay", "in")
            .ExportOutPort("out", "count", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> read = TestComponents.ReadAll(network.Output("out"));

        for (int i = 0; i < 5; i++)
        {
            await network.SendAsync("in", Message.Integer(i));
        }

        await network.SendAsync("in", Message.OpenBracket());
        await network.SendAsync("in", Message.Integer(7));
        await network.SendAsync("in", Message.CloseBracket());
        network.CompleteInput("in");

        List<Message> output = await read.WaitAsync(s_hangLimit); // ends with the producer, not only with the run
        Assert.Equal(["<", "1", ">", "5"], output.Select(StreamLog.Describe));
        Assert.Equal(["0", "1", "2", "3", "4", "<", "7", ">", "closed in", "end"], log.Of("relay").Take(10));
        Assert.True((await run.WaitAsync(s_hangLimit)).Completed);
    }

    [Fact]
    public async Task An_exported_in_port_completed_before_the_run_starts_is_closed_at_the_start()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("count", log.Counter())
            .AddNode("sink", log.Relay())
            .Connect("count", "out", "sink", "in")
            .ExportInPort("in", "count", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        network.CompleteInput("in");

        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);

        Assert.True(result.Completed);
        Assert.Equal(["0", "closed in", "end", "stop"], log.Of("sink"));
    }

    [Fact]
    public async Task Closing_crosses_a_blocking_pool_an_async_actor_and_a_batch_actor_in_order()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 3)
            .AddNode("source", StreamSources.Emitting([.. StreamSources.Group("a", 1, 2), .. StreamSources.Range(3, 40)]))
            .AddNode("pooled", log.Relay(), Meta("pool", ExecutionPools.Blocking))
            .AddNode("async", Component.FromFactory(new ComponentDescription("test/AsyncRelay", [new("in")], [new("out")]), () => new AsyncRelay()))
            .AddNode("batch", Component.FromFactory(new ComponentDescription("test/BatchRelay", [new("in")], [new("out")]), () => new BatchRelay()))
            .AddNode("sink", log.Relay())
            .Connect("source", "out", "pooled", "in")
            .Connect("pooled", "out", "async", "in")
            .Connect("async", "out", "batch", "in")
            .Connect("batch", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });

        await network.RunAsync().WaitAsync(s_hangLimit);

        string[] expected = ["<a", "1", "2", "a>", .. Enumerable.Range(3, 38).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "closed in", "end", "stop"];
        Assert.Equal(expected, log.Of("pooled"));
        Assert.Equal(expected, log.Of("sink"));
    }

    private sealed class AsyncRelay : AsyncActor
    {
        public override async ValueTask ReceiveAsync(ActorContext context, CancellationToken cancellationToken)
        {
            Message message = context.Message;
            await Task.Yield();
            context.Emit("out", message);
        }
    }

    private sealed class BatchRelay() : BatchActor(maxBatchSize: 8)
    {
        public override void ReceiveBatch(ActorContext context, ReadOnlySpan<BatchMessage> batch)
        {
            foreach (BatchMessage item in batch)
            {
                context.Emit("out", item.Message);
            }
        }
    }

    [Fact]
    public async Task Each_index_of_an_addressable_in_port_closes_on_its_own_then_the_whole_port()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("short", TestComponents.Numbers(1))
            .AddNode("long", TestComponents.Numbers(300))
            .AddNode("merge", Component.FromFactory(
                new ComponentDescription("test/Indexed", [new("in") { Addressable = true }], []),
                () => new IndexedCloser(log)))
            .Connect("short", "out", "merge", "in", toIndex: 0)
            .Connect("long", "out", "merge", "in", toIndex: 1)
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });

        await network.RunAsync().WaitAsync(s_hangLimit);

        List<string> seen = log.Of("merge");
        Assert.Equal(["in[0]", "in[1]", "in", "end"], seen.Where(l => !char.IsDigit(l[0])));
        Assert.True(seen.IndexOf("in[0]") > seen.IndexOf("0:1"));
        Assert.True(seen.IndexOf("in[1]") > seen.IndexOf("1:300"));
    }

    [Fact]
    public async Task Initial_packets_to_indexes_and_ports_close_them_after_delivery_while_an_edge_keeps_its_own_port_open()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("source", TestComponents.Numbers(3))
            .AddNode("node", Component.FromFactory(
                new ComponentDescription("test/Indexed", [new("in") { Addressable = true }, new("more")], []),
                () => new IndexedCloser(log)))
            .AddInitial("node", "in", Message.Integer(10), index: 0)
            .AddInitial("node", "in", Message.Integer(11), index: 1)
            .AddInitial("node", "in", Message.Integer(12), index: 1)
            .AddInitial("node", "more", Message.Integer(20))
            .Connect("source", "out", "node", "more")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });

        await network.RunAsync().WaitAsync(s_hangLimit);

        List<string> seen = log.Of("node");
        Assert.Equal(["in[0]", "in[1]", "in", "more", "end"], seen.Where(l => !char.IsDigit(l[0]) && l[0] != '-'));
        Assert.True(seen.IndexOf("in") > seen.IndexOf("1:12")); // after every packet of the port
        Assert.True(seen.IndexOf("more") > seen.LastIndexOf("-1:3")); // the edge kept 'more' open past its packet
    }

    private sealed class IndexedCloser(StreamLog log) : Actor
    {
        public override void Receive(ActorContext context) => log.Add(context.NodeId, $"{context.InPortElement}:{context.Message.AsInteger()}");

        public override void OnInPortClosed(ActorContext context, int inPort, int index)
        {
            Assert.True(index >= 0 || context.IsInPortClosed(inPort));
            string name = context.Component.InPorts[inPort].Name;
            log.Add(context.NodeId, index >= 0 ? $"{name}[{index}]" : name);
        }

        public override void OnInputsClosed(ActorContext context) => log.Add(context.NodeId, "end");
    }

    [Fact]
    public async Task A_node_with_a_pending_timer_finishes_only_after_the_timer_so_what_the_timer_emits_is_counted()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("source", TestComponents.Numbers(4))
            .AddNode("late", Component.FromFactory(new ComponentDescription("test/Late", [new("in")], [new("out")]), () => new EmitsLater()))
            .AddNode("count", log.Counter())
            .AddNode("sink", log.Relay())
            .Connect("source", "out", "late", "in")
            .Connect("late", "out", "count", "in")
            .Connect("count", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });

        await network.RunAsync().WaitAsync(s_hangLimit);

        Assert.Equal(["4", "closed in", "end", "stop"], log.Of("sink")); // the timer's emissions came before the end
    }

    private sealed class EmitsLater : Actor
    {
        public override void Receive(ActorContext context)
        {
            Message message = context.Message;
            context.ScheduleTimer(TimeSpan.FromMilliseconds(20 * message.AsInteger()), message);
        }

        public override void OnTimer(ActorContext context, object? state) => context.Emit("out", (Message)state!);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_cycle_does_not_keep_the_run_open_and_every_node_in_it_hears_the_end(int workers)
    {
        var log = new StreamLog();
        var counted = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("source", TestComponents.Numbers(5))
            .AddNode("loop", Component.FromFactory(
                new ComponentDescription("test/Loop", [new("in"), new("back")], [new("out"), new("done")]),
                () => new Halver(log)))
            .AddNode("echo", log.Relay())
            .AddNode("count", log.Counter())
            .AddNode("sink", TestComponents.Collect(counted))
            .Connect("source", "out", "loop", "in")
            .Connect("loop", "out", "echo", "in")
            .Connect("echo", "out", "loop", "back")
            .Connect("loop", "done", "count", "in")
            .Connect("count", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = workers, MinActorsPerWorker = 1 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);

        Assert.True(result.Completed);
        Assert.Contains("end", log.Of("loop"));
        Assert.Contains("end", log.Of("echo"));
        Assert.Equal([5L + 1], counted.Select(m => m.AsInteger())); // five values reach zero, and the loop's own total
    }

    /// <summary>Sends a value around the loop, halved, until it is zero; then reports it done. At the end it sends its count of rounds.</summary>
    private sealed class Halver(StreamLog log) : Actor
    {
        public override void Receive(ActorContext context)
        {
            long value = context.Message.AsInteger();
            context.Emit(value == 0 ? "done" : "out", Message.Integer(value / 2));
        }

        public override void OnInputsClosed(ActorContext context)
        {
            log.Add(context.NodeId, "end");
            context.Emit("done", Message.Integer(-1));
        }
    }

    [Fact]
    public async Task A_stopped_actor_still_passes_the_end_on_so_the_aggregate_after_it_emits()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("source", TestComponents.Numbers(50))
            .AddNode("fragile", TestComponents.Relay(v => { if (v == 10) { throw new InvalidOperationException("ten"); } }))
            .AddNode("count", log.Counter())
            .AddNode("sink", log.Relay())
            .Connect("source", "out", "fragile", "in")
            .Connect("fragile", "out", "count", "in")
            .Connect("count", "out", "sink", "in")
            .Supervise("fragile", new SupervisionPolicy { Action = FailureAction.Stop })
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);

        Assert.Equal(["9", "closed in", "end", "stop"], log.Of("sink"));
        Assert.Equal(40, result.DeadLetters); // 11 to 50, turned away by the stopped actor
    }

    [Fact]
    public async Task A_draining_stop_ends_the_streams_so_aggregates_still_emit()
    {
        var log = new StreamLog();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("source", TestComponents.Numbers(long.MaxValue))
            .AddNode("count", log.Counter())
            .AddNode("sink", log.Relay())
            .Connect("source", "out", "count", "in")
            .Connect("count", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });
        await network.StartAsync();
        using (var timeout = new CancellationTokenSource(s_hangLimit))
        {
            while (network.GetSnapshot().Edges.Sum(e => e.Messages) == 0) // stop only once something has flowed
            {
                await Task.Delay(5, timeout.Token);
            }
        }

        NetworkRunResult result = await network.StopAsync(drain: true).WaitAsync(s_hangLimit);

        List<string> sink = log.Of("sink");
        Assert.Equal(["closed in", "end", "stop"], sink[1..]);
        Assert.True(long.Parse(sink[0], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(0, result.DeadLetters);
    }
}
