using System.Collections.Concurrent;
using Reflow.Components;
using Reflow.Distributed.Cluster;
using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Distributed.Tests.Cluster;

/// <summary>
/// Cluster nodes running in the test process (each its own NATS connection, heartbeat and parts), joined to given
/// servers; stopped and gone from the membership bucket on dispose. Their events are kept for the assertions.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private readonly List<(ClusterNode Node, CancellationTokenSource Stop, Task Run)> _nodes = [];

    public ConcurrentQueue<ClusterEvent> Events { get; } = new();

    public static Task<InProcessCluster> StartAsync(params (string Name, string Url)[] nodes) => StartAsync(TimeSpan.FromSeconds(15), nodes);

    public static async Task<InProcessCluster> StartAsync(TimeSpan coordinatorTimeout, params (string Name, string Url)[] nodes)
    {
        var cluster = new InProcessCluster();
        foreach ((string name, string url) in nodes)
        {
            var node = new ClusterNode(new ClusterNodeOptions
            {
                Name = name,
                Connection = new ClusterConnectionOptions { Url = url },
                CreateNetwork = CreateNetwork,
                CoordinatorTimeout = coordinatorTimeout,
                OnEvent = cluster.Events.Enqueue,
            });
            var stop = new CancellationTokenSource();
            cluster._nodes.Add((node, stop, node.RunAsync(stop.Token)));
            await node.Joined.WaitAsync(TimeSpan.FromSeconds(30));
        }

        return cluster;
    }

    public static Network CreateNetwork(Graph graph, string? baseDirectory)
    {
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents();
        NetworkDefinition definition = GraphNetworkLoader.Load(graph, registry, new GraphLoadOptions { BaseDirectory = baseDirectory });
        return Network.Create(definition);
    }

    public async ValueTask DisposeAsync()
    {
        foreach ((ClusterNode node, CancellationTokenSource stop, Task run) in _nodes)
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await node.DisposeAsync();
            stop.Dispose();
        }
    }
}
