using System.Collections.Concurrent;
using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Tests.Nats;
using Reflow.Graphs;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Cluster;

/// <summary>
/// The processes a user starts: a two-server NATS cluster, three <c>reflow node</c> processes, and <c>reflow run
/// --cluster</c> (or a coordinator in this process), on loopback.
/// </summary>
public sealed class ClusterProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Three_reflow_node_processes_on_two_servers_run_the_fan_out_example_as_one_process_does()
    {
        await using NatsCluster nats = await NatsServer.StartClusterAsync(2);
        await using ReflowProcess a = await StartNodeAsync("a", nats.Servers[0].Url);
        await using ReflowProcess b = await StartNodeAsync("b", nats.Servers[1].Url);
        await using ReflowProcess c = await StartNodeAsync("c", nats.Servers[0].Url);

        (int code, string output, string error) = await ReflowProcess.RunAsync(
            "run", "examples/fan-out-fan-in/fan-out-fan-in.json", "--cluster", nats.Urls, "--deploy", "examples/distributed/deploy.toml");
        Assert.True(code == 0, $"exit {code}\n--- stdout\n{output}\n--- stderr\n{error}");

        string[] expected = File.ReadAllLines(RepositoryFiles.Path("examples", "fan-out-fan-in", "expected.txt"));
        Assert.Equal(expected, output.Split('\n').Where(l => l.StartsWith("results: ", StringComparison.Ordinal)));
        Assert.Contains("completed", output, StringComparison.Ordinal);
        foreach (string node in new[] { "a", "b", "c" })
        {
            Assert.Matches($"(?m)^{node} +finished", output);
        }

        Assert.Contains("PartFinished", a.Error + b.Error + c.Error, StringComparison.Ordinal);

        // Ctrl-C: each node stops and leaves the cluster cleanly.
        foreach (ReflowProcess node in new[] { a, b, c })
        {
            await node.InterruptAsync();
            Assert.Equal(0, await node.WaitForExitAsync());
            Assert.Contains("left the cluster", node.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_node_killed_mid_run_in_at_most_once_mode_ends_the_run_with_its_losses_reported()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using ReflowProcess b = await StartNodeAsync("b", nats.Url);
        await using ReflowProcess c = await StartNodeAsync("c", nats.Url);
        var events = new ConcurrentQueue<ClusterEvent>();
        await using DistributedRun run = await DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = GraphFile.Load(Path.Combine(AppContext.BaseDirectory, "Graphs", "relay.json")),
            Connection = new ClusterConnectionOptions { Url = nats.Url },
            OnEvent = events.Enqueue,
        });

        const int Sent = 300_000;
        long received = 0;
        Task reading = Task.Run(async () =>
        {
            await foreach (Message m in run.Output("results").ReadAllAsync())
            {
                Interlocked.Increment(ref received);
            }
        });
        Task feeding = Task.Run(async () =>
        {
            for (int i = 0; i < Sent; i++)
            {
                await run.SendAsync("numbers", Message.Integer(i));
            }

            run.CompleteInput("numbers");
        });

        // Kill b once the stream is flowing through it.
        while (Interlocked.Read(ref received) < 5_000)
        {
            Assert.False(run.Completion.IsCompleted, "the run ended before the node could be killed: " + string.Join("\n", events));
            await Task.Delay(10);
        }

        b.KillHard();
        DistributedRunResult result = await run.Completion.WaitAsync(Limit);
        await feeding.WaitAsync(Limit);
        await reading.WaitAsync(Limit);

        string log = string.Join("\n", events);
        Assert.Contains(events, e => e.Kind == ClusterEventKind.NodeLost && e.Node == "b");
        Assert.Equal("lost", result.Parts.Single(p => p.Node == "b").State);
        Assert.Equal("finished", result.Parts.Single(p => p.Node == "c").State);
        Assert.False(result.Succeeded);
        Assert.True(result.Lost > 0, log);
        Assert.True(Interlocked.Read(ref received) < Sent);

        // Every message the coordinator had for b was either taken by b (credited) or counted lost.
        RemoteEdgeStatistics toB = result.Edges.Single(e => e.FromNode.Length == 0);
        Assert.True(Sent == toB.Received + toB.Lost, $"{toB}\n{log}");
    }

    [Fact]
    public async Task A_node_killed_mid_run_in_at_least_once_mode_is_replaced_and_the_sink_sees_every_message_once()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using ReflowProcess a = await StartNodeAsync("a", nats.Url);
        await using ReflowProcess b = await StartNodeAsync("b", nats.Url);
        await using ReflowProcess c = await StartNodeAsync("c", nats.Url);
        var events = new ConcurrentQueue<ClusterEvent>();
        await using DistributedRun run = await DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = GraphFile.Load(Path.Combine(AppContext.BaseDirectory, "Graphs", "relay.json")),
            Deployment = DeploymentFile.Parse("[delivery]\ndefault = \"at-least-once\"\n", "deploy.toml"),
            Connection = new ClusterConnectionOptions { Url = nats.Url },
            OnEvent = events.Enqueue,
        });

        const int Sent = 100_000;
        var seen = new List<long>(Sent);
        Task reading = Task.Run(async () =>
        {
            await foreach (Message m in run.Output("results").ReadAllAsync())
            {
                lock (seen)
                {
                    seen.Add(m.AsInteger());
                }
            }
        });
        Task feeding = Task.Run(async () =>
        {
            for (int i = 0; i < Sent; i++)
            {
                await run.SendAsync("numbers", Message.Integer(i));
            }

            run.CompleteInput("numbers");
        });

        while (Count(seen) < 5_000)
        {
            Assert.False(run.Completion.IsCompleted, "the run ended before the node could be killed: " + string.Join("\n", events));
            await Task.Delay(10);
        }

        b.KillHard();
        DistributedRunResult result = await run.Completion.WaitAsync(Limit);
        await feeding.WaitAsync(Limit);
        await reading.WaitAsync(Limit);

        string log = string.Join("\n", events);
        Assert.Contains(events, e => e.Kind == ClusterEventKind.NodeLost && e.Node == "b");
        DistributedPartResult restarted = result.Parts.Single(p => p.Node == "b");
        Assert.Equal("finished", restarted.State);
        Assert.Equal(1, restarted.Restarts);
        Assert.Equal("a", restarted.RunningOn); // the live node with no part of the run
        Assert.True(result.Succeeded, log);
        Assert.Equal(0, result.Lost);

        // Every number, doubled and plus one, exactly once, in order (one path through the graph keeps the order).
        Assert.Equal(Enumerable.Range(0, Sent).Select(i => 2L * i + 1), seen);
    }

    [Fact]
    public async Task A_coordinator_killed_mid_run_leaves_no_part_behind_on_its_nodes()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using InProcessCluster cluster = await InProcessCluster.StartAsync(TimeSpan.FromSeconds(2), ("b", nats.Url), ("c", nats.Url));
        string numbers = Path.Combine(Path.GetTempPath(), $"reflow-numbers-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(numbers, Enumerable.Range(0, 2_000_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            await using ReflowProcess coordinator = ReflowProcess.Start(
                "run", Path.Combine(AppContext.BaseDirectory, "Graphs", "relay.json"), "--cluster", nats.Url, "--input", "numbers=@" + numbers);
            await coordinator.WaitForErrorAsync("RunPlaced");
            while (!cluster.Events.Any(e => e.Kind == ClusterEventKind.PartStarted))
            {
                await Task.Delay(10);
            }

            coordinator.KillHard();
            Assert.DoesNotContain(cluster.Events, e => e.Kind == ClusterEventKind.PartFinished); // killed mid-run

            // Each node notices its coordinator fell silent, stops its part and forgets it.
            using var limit = new CancellationTokenSource(Limit);
            while (cluster.Events.Count(e => e.Kind == ClusterEventKind.PartFailed && e.Message.Contains("coordinator has been silent", StringComparison.Ordinal)) < 2)
            {
                await Task.Delay(100, limit.Token);
            }
        }
        finally
        {
            File.Delete(numbers);
        }
    }

    private static int Count(List<long> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task<ReflowProcess> StartNodeAsync(string name, string url)
    {
        ReflowProcess node = ReflowProcess.Start("node", "--nats", url, "--name", name);
        await node.WaitForErrorAsync("joined the cluster");
        return node;
    }
}
