using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Tests.Networks.Loading;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>Named execution pools: chosen by a node's <c>pool</c> metadata or its component, never on a worker thread.</summary>
public sealed class ExecutionPoolTests
{
    private static MessageObject OnPool(string pool) => MessageObject.Create(new KeyValuePair<string, Message>("pool", Message.String(pool)));

    /// <summary>Records the thread of every call, then waits on <paramref name="gate"/> (if any) as a blocking call would.</summary>
    private static Component Where(ConcurrentQueue<string?> threads, ManualResetEventSlim? gate = null, string? pool = null) => Component.FromFunc(
        new ComponentDescription("test/Where", [new("in")], []) { Pool = pool },
        context =>
        {
            threads.Enqueue(Thread.CurrentThread.Name);
            gate?.Wait();
        });

    [Fact]
    public async Task An_actor_blocked_on_a_named_pool_does_not_delay_a_native_pipeline_beside_it()
    {
        using var gate = new ManualResetEventSlim();
        var threads = new ConcurrentQueue<string?>();
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 4)
            .AddNode("numbers1", Numbers(100))
            .AddNode("blocked", Where(threads, gate), OnPool("python"))
            .AddNode("numbers2", Numbers(10_000))
            .AddNode("double", Relay(_ => { }))
            .AddNode("sink", Collect(sink))
            .Connect("numbers1", "out", "blocked", "in")
            .Connect("numbers2", "out", "double", "in")
            .Connect("double", "out", "sink", "in")
            .Build(_ => null);
        var options = new NetworkOptions { WorkerCount = 1, MinActorsPerWorker = 1, CrossWorkerCost = 0, Pools = new Dictionary<string, int> { ["python"] = 1 } };
        await using Network network = Network.Create(definition, options);
        try
        {
            Task<NetworkRunResult> run = network.RunAsync();

            // One worker: the native chain could not move if the blocked actor ran on it. Its edge (capacity 4) holds
            // the source back meanwhile: the blocked actor has had one call, the rest wait.
            Assert.True(SpinWait.SpinUntil(() => sink.Count == 10_000 && !threads.IsEmpty, HangLimit));
            Assert.Equal(["reflow python 0"], threads);
            Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), sink.Select(m => m.AsInteger()));
            Assert.False(run.IsCompleted);

            gate.Set();
            NetworkRunResult result = await run.WaitAsync(HangLimit);
            Assert.Equal(100, result.Nodes.Single(n => n.Id == "blocked").Invocations);
            Assert.All(threads, name => Assert.Equal("reflow python 0", name));
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public async Task A_component_declares_its_default_pool_and_a_node_overrides_it()
    {
        var declared = new ConcurrentQueue<string?>();
        var overridden = new ConcurrentQueue<string?>();
        var blocking = new ConcurrentQueue<string?>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("declared", Where(declared, pool: "io"))
            .AddNode("overridden", Where(overridden, pool: "io"), OnPool(ExecutionPools.Blocking))
            .AddNode("blocking", Component.FromFunc(
                new ComponentDescription("test/MayBlock", [new("in")], [], mayBlock: true), _ => blocking.Enqueue(Thread.CurrentThread.Name)))
            .AddInitial("declared", "in", Message.Integer(1))
            .AddInitial("overridden", "in", Message.Integer(1))
            .AddInitial("blocking", "in", Message.Integer(1))
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { Pools = new Dictionary<string, int> { ["io"] = 3 } });

        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(["reflow io 0"], declared);
        Assert.Single(overridden, name => name!.StartsWith("reflow blocking ", StringComparison.Ordinal));
        Assert.Single(blocking, name => name!.StartsWith("reflow blocking ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_pool_in_node_metadata_is_reported_naming_the_node_and_the_pools_that_exist()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("a", Where(new ConcurrentQueue<string?>()), OnPool("gpu"))
            .AddNode("b", Where(new ConcurrentQueue<string?>(), pool: "wasm"))
            .Build(_ => null);

        var error = Assert.Throws<NetworkValidationException>(
            () => Network.Create(definition, new NetworkOptions { Pools = new Dictionary<string, int> { ["python"] = 2 } }));

        // The component's pool is made (see the next test); the node's metadata is a typo until the host names it.
        Assert.Single(error.Problems);
        Assert.Contains("node 'a': its pool metadata names execution pool 'gpu', which the network does not have (it has: blocking, async, python, wasm;", error.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_a_component_names_is_made_with_the_async_pools_size_when_the_options_do_not_name_it()
    {
        var threads = new ConcurrentQueue<string?>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("b", Where(threads, pool: "wasm"))
            .AddInitial("b", "in", Message.Integer(1))
            .Build(_ => null);

        await using Network network = Network.Create(definition, new NetworkOptions { AsyncWorkerCount = 1 });
        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal(["reflow wasm 0"], threads);
    }

    [Fact]
    public void A_pool_metadata_that_is_not_a_name_is_a_build_problem()
    {
        var error = Assert.Throws<NetworkValidationException>(() => new NetworkBuilder()
            .AddNode("a", Where(new ConcurrentQueue<string?>()), MessageObject.Create(new KeyValuePair<string, Message>("pool", Message.Integer(3))))
            .Build(_ => null));

        Assert.Contains(error.Problems, p => p.StartsWith("node 'a': metadata 'pool' must name an execution pool", StringComparison.Ordinal));
    }

    [Fact]
    public void An_elastic_edge_between_two_pools_is_refused()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("numbers", Numbers(1), OnPool("a"))
            .AddNode("sink", Where(new ConcurrentQueue<string?>()), OnPool("b"))
            .Connect("numbers", "out", "sink", "in", elastic: true)
            .Build(_ => null);

        var error = Assert.Throws<NetworkValidationException>(
            () => Network.Create(definition, new NetworkOptions { Pools = new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 } }));

        Assert.Contains("numbers → sink needs both ends on one thread, but they run on pool 'a' and pool 'b'", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_named_in_a_graph_file_runs_the_node_there()
    {
        var threads = new ConcurrentQueue<string?>();
        var registry = new ComponentRegistry().Add(Where(threads));
        using var files = new TempDirectory();
        string path = files.Write("pooled.json", """
            {
              "processes": {
                "where": { "component": "test/Where", "metadata": { "pool": "python" } }
              },
              "connections": [ { "data": 7, "tgt": { "process": "where", "port": "in" } } ]
            }
            """);

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(path, registry);
        await using Network network = Network.Create(definition, new NetworkOptions { Pools = new Dictionary<string, int> { ["python"] = 2 } });
        await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal("python", definition.Nodes.Single().Pool);
        Assert.Equal(["reflow python 0"], threads);
    }

    /// <summary>An attributed async actor that names its pool; records the thread it ran on.</summary>
    [Component("test/PooledAsync", Pool = "io")]
    [InPort("in")]
    private sealed class PooledAsync : AsyncActor
    {
        public static readonly ConcurrentQueue<string?> Threads = new();

        public override async ValueTask ReceiveAsync(ActorContext context, CancellationToken cancellationToken)
        {
            Threads.Enqueue(Thread.CurrentThread.Name);
            await Task.Yield();
        }
    }

    [Fact]
    public async Task The_component_attribute_names_the_pool_of_an_async_actor()
    {
        Component component = Component.FromActor<PooledAsync>();
        NetworkDefinition definition = new NetworkBuilder().AddNode("a", component).AddInitial("a", "in", Message.Integer(1)).Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { Pools = new Dictionary<string, int> { ["io"] = 1 } });

        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal("io", component.Description.Pool);
        Assert.Equal(["reflow io 0"], PooledAsync.Threads);
        Assert.Equal(1, result.Nodes.Single().Invocations);
    }

    [Fact]
    public void Pool_sizes_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Network.Create(
            new NetworkBuilder().Build(_ => null), new NetworkOptions { Pools = new Dictionary<string, int> { ["python"] = 0 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Network.Create(new NetworkBuilder().Build(_ => null), new NetworkOptions { AsyncWorkerCount = 0 }));
    }
}
