using System.Net;
using System.Net.Sockets;
using Reflow.Distributed;
using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Graphs;
using Reflow.Messages;

namespace Reflow.Soak.Distributed;

/// <summary>
/// One round of the distributed soak: a nats-server with JetStream on 127.0.0.1, two <c>reflow node</c> processes (a, b),
/// and a chain of relays placed on both, run from this process at-least-once. The host sends numbered messages and,
/// part-way, node b is killed (SIGKILL); its part must start again on a and every message reach the host exactly once.
/// </summary>
internal sealed class DistributedRound(int seed, SoakOptions options, string natsServer, string reflowDll)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public long Messages { get; private set; }

    public async Task<IReadOnlyList<Violation>> RunAsync(FaultCounts faults)
    {
        var violations = new List<Violation>();
        var random = new Random(seed);
        DirectoryInfo directory = Directory.CreateTempSubdirectory("reflow-soak-nats-");
        try
        {
            int port = FreePort();
            string configuration = Path.Combine(directory.FullName, "nats.conf");
            await File.WriteAllTextAsync(configuration, $"listen: 127.0.0.1:{port}\njetstream {{ store_dir: \"{Path.Combine(directory.FullName, "js")}\" }}\n");
            await using ChildProcess nats = ChildProcess.Start(natsServer, "-c", configuration);
            await nats.WaitForLineAsync("Server is ready", StartTimeout);
            string url = $"nats://127.0.0.1:{port}";
            await using ChildProcess a = ChildProcess.Start("dotnet", reflowDll, "node", "--nats", url, "--name", "a");
            await using ChildProcess b = ChildProcess.Start("dotnet", reflowDll, "node", "--nats", url, "--name", "b");
            await Task.WhenAll(a.WaitForLineAsync("joined the cluster", StartTimeout), b.WaitForLineAsync("joined the cluster", StartTimeout));

            int relays = random.Next(2, 5);
            int count = random.Next(2_000, 20_000);
            int killAfter = random.Next(count / 10, count / 2);
            await using DistributedRun run = await DistributedRun.StartAsync(new DistributedRunOptions
            {
                Graph = GraphFile.Read(Chain(relays), GraphFormat.NoFloJson, "soak-chain.json"),
                Deployment = DeploymentFile.Parse("[delivery]\ndefault = \"at-least-once\"\n", "deploy.toml"),
                Connection = new ClusterConnectionOptions { Url = url },
            });
            var seen = new Dictionary<string, int>();
            Task reading = Task.Run(async () =>
            {
                await foreach (Message m in run.Output("out").ReadAllAsync())
                {
                    lock (seen)
                    {
                        seen[m.AsString()] = seen.GetValueOrDefault(m.AsString()) + 1;
                    }
                }
            });
            Task feeding = Task.Run(async () =>
            {
                for (int i = 0; i < count; i++)
                {
                    await run.SendAsync("in", Message.String($"d.{i}"));
                }

                run.CompleteInput("in");
            });

            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (Count(seen) < killAfter && !run.Completion.IsCompleted && waited.Elapsed < options.GraphTimeout)
            {
                await Task.Delay(5);
            }

            bool midRun = !run.Completion.IsCompleted;
            b.KillHard();
            if (midRun)
            {
                faults.Add(FaultKind.NodeKilled); // a kill after the run ended tests nothing: not counted
            }

            DistributedRunResult result = await run.Completion.WaitAsync(options.GraphTimeout);
            await Task.WhenAll(feeding, reading).WaitAsync(options.GraphTimeout);
            Messages = count;
            Check(result, seen, count, relays, violations);
        }
        catch (Exception ex) when (ex is TimeoutException or ClusterException or InvalidOperationException or IOException)
        {
            violations.Add(new Violation(seed, "distributed", $"{ex.GetType().Name}: {ex.Message}"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        return violations;
    }

    private void Check(DistributedRunResult result, Dictionary<string, int> seen, int count, int relays, List<Violation> violations)
    {
        string where = $"{relays} relays over nodes a and b, {count} messages, b killed";
        if (!result.Succeeded || result.Lost != 0)
        {
            violations.Add(new Violation(seed, "distributed", $"the run {(result.Succeeded ? "succeeded" : "failed")} with {result.Lost} lost ({where})"));
        }

        List<string> missing = [.. Enumerable.Range(0, count).Select(i => $"d.{i}").Where(id => !seen.ContainsKey(id))];
        List<string> doubled = [.. seen.Where(p => p.Value > 1).Select(p => p.Key)];
        if (missing.Count > 0)
        {
            violations.Add(new Violation(seed, "unaccounted", $"edge 'host -> … -> host' ({where}): {missing.Count} message(s) never arrived: {string.Join(", ", missing.Take(8))}"));
        }

        if (doubled.Count > 0)
        {
            violations.Add(new Violation(seed, "duplicated", $"edge 'host -> … -> host' ({where}): {doubled.Count} message(s) arrived twice: {string.Join(", ", doubled.Take(8))}"));
        }
    }

    /// <summary>A chain of core/Repeat relays placed b, a, b, … from the host's in-port to its out-port (NoFlo JSON).</summary>
    private static string Chain(int relays)
    {
        var processes = new Dictionary<string, object>();
        var connections = new List<object>();
        for (int i = 0; i < relays; i++)
        {
            processes[$"n{i}"] = new { component = "core/Repeat", metadata = new { placement = i % 2 == 0 ? "b" : "a" } };
            if (i > 0)
            {
                connections.Add(new { src = new { process = $"n{i - 1}", port = "out" }, tgt = new { process = $"n{i}", port = "in" } });
            }
        }

        return System.Text.Json.JsonSerializer.Serialize(new
        {
            processes,
            connections,
            inports = new Dictionary<string, object> { ["in"] = new { process = "n0", port = "in" } },
            outports = new Dictionary<string, object> { ["out"] = new { process = $"n{relays - 1}", port = "out" } },
        });
    }

    private static int Count(Dictionary<string, int> seen)
    {
        lock (seen)
        {
            return seen.Count;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
