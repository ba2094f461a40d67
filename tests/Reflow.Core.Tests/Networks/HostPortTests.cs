using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>The host feeding exported in-ports and reading exported out-ports of a running network.</summary>
public sealed class HostPortTests
{
    private static readonly TimeSpan s_hangLimit = TimeSpan.FromSeconds(60);

    private static readonly Component s_double = Component.FromFunc(
        new ComponentDescription("test/Double", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        context => context.Emit("out", Message.Integer(context.Message.AsInteger() * 2)));

    private sealed class Numbers(long count) : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            context.Emit("out", Message.Integer(_next++));
            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }

    [Fact]
    public async Task The_host_sends_in_and_reads_out_in_order_while_the_network_runs()
    {
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 8)
            .AddNode("double", s_double)
            .ExportInPort("values", "double", "in")
            .ExportOutPort("result", "double", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0, HostEdgeCapacity = 16 });

        Task<NetworkRunResult> run = network.RunAsync();
        var results = new List<long>();
        Task reading = Task.Run(async () =>
        {
            await foreach (Message m in network.Output("result").ReadAllAsync())
            {
                results.Add(m.AsInteger());
            }
        });

        for (int i = 0; i < 10_000; i++)
        {
            await network.SendAsync("values", Message.Integer(i));
        }

        network.CompleteInput("values");
        NetworkRunResult result = await run.WaitAsync(s_hangLimit);
        await reading.WaitAsync(s_hangLimit);

        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => 2L * i), results);
        Assert.Equal(new[] { 10_000L, 10_000L }, result.Edges.Select(e => e.Messages));
        Assert.Equal(("(host)", "values"), (result.Edges[0].From, result.Edges[0].FromPort));
        Assert.Equal(("(host)", "result"), (result.Edges[1].To, result.Edges[1].ToPort));
    }

    [Fact]
    public async Task TrySend_reports_a_full_edge_and_SendAsync_waits_for_room()
    {
        // The join's second port is never fed, so every message on "a" keeps its credit: the edge fills up.
        NetworkDefinition definition = JoinOfTwoHostInputs();
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0, HostEdgeCapacity = 2 });
        Task<NetworkRunResult> run = network.RunAsync();

        Assert.True(network.TrySend("a", Message.Integer(1)));
        Assert.True(network.TrySend("a", Message.Integer(2)));
        Assert.False(network.TrySend("a", Message.Integer(3)));
        ValueTask waiting = network.SendAsync("a", Message.Integer(3));
        Assert.False(waiting.IsCompleted);

        await network.SendAsync("b", Message.Integer(10)); // completes one set: a credit of "a" comes back
        await waiting.AsTask().WaitAsync(s_hangLimit);

        network.CompleteInputs();
        NetworkRunResult result = await run.WaitAsync(s_hangLimit);
        Assert.Equal(1, result.Nodes[0].Invocations);
        Assert.Equal(2, result.Nodes[0].Dropped); // 2 and 3 never found a partner
    }

    [Fact]
    public async Task Host_threads_sending_at_once_never_get_more_credits_than_the_edge_has()
    {
        // As above, every message on "a" keeps its credit until a "b" pairs it, so the accepted sends must stop at
        // exactly the capacity however the host threads race (the credit check reads a cached copy of the
        // consumer's count first), and one pairing frees exactly one more.
        const int Capacity = 16;
        NetworkDefinition definition = JoinOfTwoHostInputs();
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, HostEdgeCapacity = Capacity });
        Task<NetworkRunResult> run = network.RunAsync();

        int SendFromFourThreads(int refusalsEach)
        {
            int accepted = 0;
            Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
            {
                for (int refused = 0, i = 0; refused < refusalsEach; i++)
                {
                    if (network.TrySend("a", Message.Integer((thread * 1_000_000) + i)))
                    {
                        Interlocked.Increment(ref accepted);
                    }
                    else
                    {
                        refused++;
                    }
                }
            });
            return accepted;
        }

        Assert.Equal(Capacity, SendFromFourThreads(refusalsEach: 200));
        await network.SendAsync("b", Message.Integer(0)); // one set fires: one credit of "a" comes back
        await WaitUntil(() => network.TrySend("a", Message.Integer(-1)));
        Assert.Equal(0, SendFromFourThreads(refusalsEach: 200));

        network.CompleteInputs();
        NetworkRunResult result = await run.WaitAsync(s_hangLimit);
        Assert.Equal(1, result.Nodes[0].Invocations);
        Assert.Equal(Capacity, result.Nodes[0].Dropped); // the unpaired rest: 15 + the one sent after the pairing
    }

    /// <summary>An await-all join whose in-ports "a" and "b" are both fed by the host.</summary>
    private static NetworkDefinition JoinOfTwoHostInputs()
    {
        Component join = Component.FromFunc(
            new ComponentDescription("test/Join", [new("a"), new("b")], inputMode: InputMode.AwaitAllInPorts), _ => { });
        return new NetworkBuilder()
            .AddNode("join", join)
            .ExportInPort("a", "join", "a")
            .ExportInPort("b", "join", "b")
            .Build(_ => null);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(s_hangLimit);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    [Fact]
    public async Task An_unread_output_holds_its_producer_back_at_the_edge_capacity()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("numbers", Component.FromFactory(new ComponentDescription("test/Numbers", outPorts: [new("out", PortType.Integer)]), () => new Numbers(1_000)))
            .ExportOutPort("numbers", "numbers", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0, HostEdgeCapacity = 4 });
        Task<NetworkRunResult> run = network.RunAsync();
        var output = network.Output("numbers");

        var deadline = DateTime.UtcNow + s_hangLimit;
        while (output.Count < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, "the output never filled up");
            await Task.Yield();
        }

        Assert.Equal(4, output.Count); // never more than the capacity, however long the host waits
        Assert.False(run.IsCompleted); // 996 messages are still to come: the producer is held back, not finished

        var read = new List<long>();
        await foreach (Message m in output.ReadAllAsync().WithCancellation(new CancellationTokenSource(s_hangLimit).Token))
        {
            read.Add(m.AsInteger());
        }

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (long)i), read);
        await run.WaitAsync(s_hangLimit);
    }

    [Fact]
    public async Task Misuse_gets_a_clear_error()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("double", s_double)
            .ExportInPort("values", "double", "in")
            .ExportOutPort("result", "double", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition);

        var notRunning = Assert.Throws<InvalidOperationException>(() => network.TrySend("values", Message.Integer(1)));
        Assert.Contains("RunAsync first", notRunning.Message);
        var unknownIn = Assert.Throws<ArgumentException>(() => network.TrySend("value", Message.Integer(1)));
        Assert.Contains("it has: values", unknownIn.Message);
        var unknownOut = Assert.Throws<ArgumentException>(() => network.Output("results"));
        Assert.Contains("it has: result", unknownOut.Message);

        Task<NetworkRunResult> run = network.RunAsync();
        network.CompleteInput("values");
        var completed = Assert.Throws<InvalidOperationException>(() => network.TrySend("values", Message.Integer(1)));
        Assert.Contains("has been completed", completed.Message);
        await run.WaitAsync(s_hangLimit);
    }
}
