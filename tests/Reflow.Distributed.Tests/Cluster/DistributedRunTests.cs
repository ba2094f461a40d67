using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Tests.Nats;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Distributed.Tests.Cluster;

/// <summary>A graph split over three in-process nodes on a two-server NATS cluster gives what one process gives.</summary>
public sealed class DistributedRunTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_fan_out_example_over_three_nodes_on_two_servers_equals_the_single_process_run()
    {
        await using NatsCluster nats = await NatsServer.StartClusterAsync(2);
        await using InProcessCluster cluster = await InProcessCluster.StartAsync(
            ("a", nats.Servers[0].Url), ("b", nats.Servers[1].Url), ("c", nats.Servers[0].Url));
        string file = RepositoryFiles.Path("examples", "fan-out-fan-in", "fan-out-fan-in.json");
        Graph graph = GraphFile.Load(file);
        DeploymentFile deployment = DeploymentFile.Load(RepositoryFiles.Path("examples", "distributed", "deploy.toml"));

        var events = new System.Collections.Concurrent.ConcurrentQueue<ClusterEvent>();
        await using DistributedRun run = await DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = graph,
            Deployment = deployment,
            Connection = new ClusterConnectionOptions { Url = nats.Servers[1].Url },
            BaseDirectory = Path.GetDirectoryName(file),
            OnEvent = events.Enqueue,
        });
        Task<List<Message>> results = ReadAllAsync(run.Output("results"));
        DistributedRunResult result = await run.Completion.WaitAsync(Limit);

        List<Message> expected = await SingleProcessAsync(graph, Path.GetDirectoryName(file)!);
        Assert.Equal(expected.Select(m => m.ToString()), (await results.WaitAsync(Limit)).Select(m => m.ToString()));
        Assert.True(result.Succeeded, string.Join("\n", events));
        Assert.Equal(["a", "b", "c"], result.Parts.Select(p => p.Node));
        Assert.All(result.Parts, p => Assert.Equal("finished", p.State));
        Assert.Equal(0, result.Lost);

        // fork -> square (a -> b), fork -> shift (a -> c), square -> join (b -> a), shift -> join (c -> a), named -> results (a -> coordinator)
        Assert.Equal(5, result.Edges.Count);
        Assert.All(result.Edges, e => Assert.Equal(e.Sent, e.Received));
        Assert.All(result.Edges, e => Assert.Equal(8, e.Sent));
        Assert.Equal("a", run.Placement["join"]);
    }

    [Fact]
    public async Task A_slow_consumer_on_another_machine_holds_the_whole_run_back_with_a_bounded_number_of_messages_in_flight()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using InProcessCluster cluster = await InProcessCluster.StartAsync(("b", nats.Url), ("c", nats.Url));
        await using DistributedRun run = await DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = GraphFile.Load(Path.Combine(AppContext.BaseDirectory, "Graphs", "relay.json")),
            Connection = new ClusterConnectionOptions { Url = nats.Url },
        });

        // The consumer (this test, reading the run's out-port) does not read at first: the feeder must stall.
        const int Total = 1_000_000;
        long accepted = 0;
        Task feeding = Task.Run(async () =>
        {
            for (int i = 0; i < Total; i++)
            {
                await run.SendAsync("numbers", Message.Integer(i));
                Interlocked.Increment(ref accepted);
            }

            run.CompleteInput("numbers");
        });

        long before;
        do
        {
            before = Interlocked.Read(ref accepted);
            await Task.Delay(500);
        }
        while (Interlocked.Read(ref accepted) != before);

        // Stalled: what the whole run holds is its edges' capacities (each 1024 here, over 3 remote edges, the
        // part networks' own edges and the coordinator's two channels), not the million messages offered.
        Assert.InRange(before, 1, 64 * 1024);
        Assert.False(feeding.IsCompleted);

        List<Message> results = await ReadAllAsync(run.Output("results")).WaitAsync(Limit);
        await feeding.WaitAsync(Limit);
        DistributedRunResult result = await run.Completion.WaitAsync(Limit);
        Assert.True(result.Succeeded);
        Assert.Equal(Total, results.Count);
        Assert.Equal(Enumerable.Range(0, Total).Select(i => 2L * i + 1), results.Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task A_remote_edge_that_fails_stops_the_run_instead_of_leaving_it_waiting()
    {
        // A server that takes frames of at most 8 KB: one 20 KB message cannot cross, and the sending edge fails.
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: "max_payload: 8192");
        await using InProcessCluster cluster = await InProcessCluster.StartAsync(("a", nats.Url), ("b", nats.Url));
        Graph graph = GraphFile.Read("""
            {
              "processes": {
                "first": { "component": "core/Repeat", "metadata": { "placement": "a" } },
                "second": { "component": "core/Repeat", "metadata": { "placement": "b" } }
              },
              "connections": [ { "src": { "process": "first", "port": "out" }, "tgt": { "process": "second", "port": "in" } } ],
              "inports": { "text": { "process": "first", "port": "in" } },
              "outports": { "text": { "process": "second", "port": "out" } }
            }
            """, GraphFormat.NoFloJson, "big.json");
        var events = new System.Collections.Concurrent.ConcurrentQueue<ClusterEvent>();
        await using DistributedRun run = await DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = graph,
            Connection = new ClusterConnectionOptions { Url = nats.Url },
            OnEvent = events.Enqueue,
        });
        Task<List<Message>> output = ReadAllAsync(run.Output("text"));
        await run.SendAsync("text", Message.String("small"));
        await run.SendAsync("text", Message.String(string.Concat(Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid().ToString("N"))))); // LZ4 cannot fold it under 8 KB
        run.CompleteInputs();

        Task<DistributedRunResult> completion = run.Completion;
        await Task.WhenAny(completion, Task.Delay(Short));
        Assert.True(completion.IsCompleted, "the run did not end:\n" + string.Join("\n", events.Concat(cluster.Events)));
        DistributedRunResult result = await completion;
        Assert.False(result.Succeeded);
        Assert.Contains(events, e => e.Message.Contains("remote edge", StringComparison.Ordinal) && e.Message.Contains("failed", StringComparison.Ordinal));
        Assert.Contains(result.Parts, p => !p.Succeeded);
        await output.WaitAsync(Limit);
    }

    [Fact]
    public async Task A_part_that_does_not_build_on_its_node_fails_the_start_with_the_nodes_problems()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using InProcessCluster cluster = await InProcessCluster.StartAsync(("a", nats.Url), ("b", nats.Url));
        Graph graph = GraphFile.Read("""
            src(flow/Split) OUT -> IN worker(no/SuchComponent) OUT -> IN sink(core/Drop)
            '[1,2]' -> IN src
            """, GraphFormat.Fbp, "bad.fbp");
        DeploymentFile deployment = DeploymentFile.Parse("[placement]\nsrc = \"a\"\nworker = \"b\"\n", "deploy.toml");

        var error = await Assert.ThrowsAsync<ClusterException>(() => DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = graph,
            Deployment = deployment,
            Connection = new ClusterConnectionOptions { Url = nats.Url },
        }));
        Assert.Contains("node 'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no/SuchComponent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_with_no_live_node_says_how_to_start_one()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        var error = await Assert.ThrowsAsync<ClusterException>(() => DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = GraphFile.Read("a(flow/Split) OUT -> IN b(core/Drop)", GraphFormat.Fbp),
            Connection = new ClusterConnectionOptions { Url = nats.Url },
        }));
        Assert.Contains("reflow node --nats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_node_with_a_live_nodes_name_is_refused()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using InProcessCluster cluster = await InProcessCluster.StartAsync(("a", nats.Url));
        await using var twin = new ClusterNode(new ClusterNodeOptions
        {
            Name = "a",
            Connection = new ClusterConnectionOptions { Url = nats.Url },
            CreateNetwork = InProcessCluster.CreateNetwork,
        });
        using var limit = new CancellationTokenSource(Limit);
        var error = await Assert.ThrowsAsync<ClusterException>(() => twin.RunAsync(limit.Token));
        Assert.Contains("already has that name", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<List<Message>> ReadAllAsync(System.Threading.Channels.ChannelReader<Message> reader)
    {
        var messages = new List<Message>();
        await foreach (Message message in reader.ReadAllAsync())
        {
            messages.Add(message);
        }

        return messages;
    }

    private static async Task<List<Message>> SingleProcessAsync(Graph graph, string directory)
    {
        await using Network network = InProcessCluster.CreateNetwork(graph, directory);
        Task<List<Message>> results = ReadAllAsync(network.Output("results"));
        NetworkRunResult result = await network.RunAsync().WaitAsync(Limit);
        Assert.True(result.Completed);
        return await results;
    }
}
