using System.Collections.Concurrent;
using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Tests.Cluster;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// In-process cluster nodes started with connection options of the test's choosing (credentials, TLS) and, for the
/// script tests, a registry with JavaScript; stopped on dispose. Also runs a relay graph through a coordinator.
/// </summary>
internal sealed class SecureNodes : IAsyncDisposable
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly List<(ClusterNode Node, CancellationTokenSource Stop, Task Run)> _nodes = [];

    public ConcurrentQueue<ClusterEvent> Events { get; } = new();

    /// <summary>Starts a node and waits until it joined; a node that cannot join throws what <see cref="ClusterNode.RunAsync"/> threw.</summary>
    public async Task<ClusterNode> StartAsync(string name, ClusterConnectionOptions connection, Func<Graph, string?, Network>? createNetwork = null, bool acceptScripts = false)
    {
        var node = new ClusterNode(new ClusterNodeOptions
        {
            Name = name,
            Connection = connection,
            CreateNetwork = createNetwork ?? InProcessCluster.CreateNetwork,
            AcceptScripts = acceptScripts,
            OnEvent = Events.Enqueue,
        });
        var stop = new CancellationTokenSource();
        Task run = node.RunAsync(stop.Token);
        _nodes.Add((node, stop, run));
        await Task.WhenAny(node.Joined, run).WaitAsync(Limit);
        await node.Joined;
        return node;
    }

    /// <summary>
    /// A graph of two pass-through nodes, <c>forwardFirst</c> on <paramref name="first"/> and <c>forwardSecond</c> on
    /// <paramref name="second"/>, fed by the coordinator's <c>in</c> and read at <c>out</c>.
    /// </summary>
    public static (Graph Graph, DeploymentFile Deployment) RelayGraph(string first, string second) => (
        GraphFile.Read("""
            {
              "properties": { "name": "secure-relay" },
              "processes": { "forwardFirst": { "component": "core/Repeat" }, "forwardSecond": { "component": "core/Repeat" } },
              "connections": [ { "src": { "process": "forwardFirst", "port": "out" }, "tgt": { "process": "forwardSecond", "port": "in" } } ],
              "inports": { "in": { "process": "forwardFirst", "port": "in" } },
              "outports": { "out": { "process": "forwardSecond", "port": "out" } }
            }
            """, GraphFormat.NoFloJson, "secure-relay.json"),
        DeploymentFile.Parse($"[placement]\nforwardFirst = \"{first}\"\nforwardSecond = \"{second}\"\n"));

    /// <summary>Runs <paramref name="graph"/> through a coordinator: sends <paramref name="inputs"/> to <c>in</c>, returns what <c>out</c> carried and the result.</summary>
    public static async Task<(List<string> Output, DistributedRunResult Result, IReadOnlyList<string> Nodes)> RunAsync(
        Graph graph, DeploymentFile deployment, ClusterConnectionOptions connection, IEnumerable<Message> inputs, string? baseDirectory = null)
    {
        await using DistributedRun run = await DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = graph,
            Deployment = deployment,
            Connection = connection,
            BaseDirectory = baseDirectory,
        });
        Task<List<Message>> output = DistributedRunTests.ReadAllAsync(run.Output("out"));
        foreach (Message message in inputs)
        {
            await run.SendAsync("in", message);
        }

        run.CompleteInput("in");
        DistributedRunResult result = await run.Completion.WaitAsync(Limit);
        return ([.. (await output.WaitAsync(Limit)).Select(m => m.ToString())], result, [.. run.Placement.Values.Distinct().Order(StringComparer.Ordinal)]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach ((ClusterNode node, CancellationTokenSource stop, Task run) in _nodes)
        {
            await stop.CancelAsync();
            await run.WaitAsync(Limit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await node.DisposeAsync();
            stop.Dispose();
        }
    }
}
