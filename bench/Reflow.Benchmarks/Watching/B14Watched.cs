using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Benchmarks.Peers.ReflowRuntime;
using Reflow.Networks;
using Reflow.Server.Hosting;

namespace Reflow.Benchmarks.Watching;

/// <summary>
/// B14 (issue 21): what watching a running network costs. The same graph (<see cref="B14Graph"/>: B4's ten-stage
/// pipeline of C# components, N Integers) run to completion
/// <list type="bullet">
/// <item><c>Unwatched</c> (the baseline): a plain Core network built from the graph;</item>
/// <item><c>Watched</c>: by a real <see cref="ReflowServer"/> on 127.0.0.1 in this process, driven by a WebSocket client
/// (<see cref="WatchingClient"/>) that gave it the graph, selected every edge, starts each run and polls the counters
/// ten times a second while reading everything the server sends — data events at the server's default budget
/// (<see cref="ReflowServerOptions.DataEventsPerEdgePerSecond"/>, 100 per edge per second);</item>
/// <item><c>WatchedEveryMessage</c>: the same with the budget off (0: a data event per packet, the server as it was
/// before the budget), for the record of what that costs; a tenth of <see cref="Messages"/> (at ~0.3 M msg/s the full
/// scale's 20 M took a minute per invocation, 6 of a full run's minutes per round).</item>
/// <item><c>WatchedInCore</c>: Core's share of <c>Watched</c> alone — a plain Core network with the subscription the
/// server makes (message events within the same budget), read by a loop that only counts them: no server, no JSON,
/// no client. <c>Watched</c> − <c>WatchedInCore</c> is what the server and its client cost.</item>
/// </list>
/// Each run checks that every message reached the sink once; a watched run also that each edge's data events and the
/// packets they say were skipped add up to no more than the packets sent, and that every edge was seen.
/// </summary>
[Config(typeof(B14Config))]
public class B14Watched
{
    public const string DataEventsMetric = "data events";
    public const string PollsMetric = "polls";

    private readonly Dictionary<string, CaseMetrics> _metrics = new(StringComparer.Ordinal);
    private B14Graph _graph = null!;
    private NetworkDefinition _definition = null!;
    private ReflowServer? _server;
    private WatchingClient? _client;

    /// <summary>The graph's shape (one: B4's ten stages); a column of its own so the round tables can name it.</summary>
    [Params("pipeline10")]
    public string Workload { get; set; } = "pipeline10";

    /// <summary>Messages per run at the current <see cref="BenchScale"/>: long enough at full scale for several seconds of the budget.</summary>
    public static long DefaultMessages => BenchScale.Pick(20_000_000L, 2_000_000L, 20_000L);

    /// <summary>Messages per run (<see cref="DefaultMessages"/>; the tests' dry runs set fewer).</summary>
    public long Messages { get; init; } = DefaultMessages;

    /// <summary>The poll the client used (network:snapshot when the server has it, else getstatus): after a watched set-up.</summary>
    internal string? PollCommand => _client?.PollCommand;

    [GlobalSetup(Target = nameof(Unwatched))]
    public void SetUpUnwatched()
    {
        _graph = new B14Graph(Messages);
        _definition = GraphNetworkLoader.Load(_graph.Graph, _graph.Registry);
    }

    [GlobalSetup(Target = nameof(WatchedInCore))]
    public void SetUpWatchedInCore() => SetUpUnwatched();

    [GlobalSetup(Target = nameof(Watched))]
    public void SetUpWatched() => SetUpServer(ReflowServerOptions.DefaultDataEventsPerEdgePerSecond, Messages);

    [GlobalSetup(Target = nameof(WatchedEveryMessage))]
    public void SetUpWatchedEveryMessage() => SetUpServer(0, Math.Max(1, Messages / 10));

    /// <summary>(a) A plain Core network of the graph: nobody watches.</summary>
    [Benchmark(Baseline = true)]
    public async Task Unwatched()
    {
        CaseMetrics metrics = Begin(nameof(Unwatched));
        _graph.Reset();
        await using (Network network = Network.Create(_definition, ReflowHost.Options))
        {
            NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
            if (result.Errors != 0)
            {
                throw new InvalidOperationException($"B14 Unwatched: {result.Errors} errors.");
            }
        }

        _graph.Verify(nameof(Unwatched));
        metrics.AddMedian(CaseMetrics.Operations, Messages);
    }

    /// <summary>(d) Core's share of watching: the server's subscription on a plain network, its events only counted.</summary>
    [Benchmark]
    public async Task WatchedInCore()
    {
        CaseMetrics metrics = Begin(nameof(WatchedInCore));
        _graph.Reset();
        long dataEvents = 0;
        await using (Network network = Network.Create(_definition, ReflowHost.Options))
        {
            ChannelReader<NetworkEvent> events = network.SubscribeEvents(new NetworkEventSubscription
            {
                IncludeMessages = true,
                MessageRateLimit = ReflowServerOptions.DefaultDataEventsPerEdgePerSecond,
            });
            Task<long> counted = Task.Run(async () =>
            {
                long count = 0;
                await foreach (NetworkEvent e in events.ReadAllAsync().ConfigureAwait(false))
                {
                    count += e.Kind == NetworkEventKind.MessageSent ? 1 : 0;
                }

                return count;
            });
            NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
            if (result.Errors != 0)
            {
                throw new InvalidOperationException($"B14 WatchedInCore: {result.Errors} errors.");
            }

            dataEvents = await counted.ConfigureAwait(false);
        }

        _graph.Verify(nameof(WatchedInCore));
        if (dataEvents == 0)
        {
            throw new InvalidOperationException("B14 WatchedInCore: no message events came.");
        }

        metrics.AddMedian(CaseMetrics.Operations, Messages);
        metrics.AddMedian(DataEventsMetric, dataEvents);
    }

    /// <summary>(b) Watched through the protocol server, every edge selected, data events within the default budget.</summary>
    [Benchmark]
    public Task Watched() => RunWatched(nameof(Watched));

    /// <summary>(c) Watched with a data event for every packet (the budget off).</summary>
    [Benchmark]
    public Task WatchedEveryMessage() => RunWatched(nameof(WatchedEveryMessage));

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (CaseMetrics metrics in _metrics.Values)
        {
            metrics.Flush();
        }

        _client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        (_client, _server) = (null, null);
    }

    private void SetUpServer(int budget, long messages)
    {
        _graph = new B14Graph(messages);
        _server = ReflowServer.StartAsync(new ReflowServerOptions
        {
            Port = 0,
            Components = _graph.Registry,
            NetworkOptions = ReflowHost.Options,
            DataEventsPerEdgePerSecond = budget,
            Log = _ => { },
        }).GetAwaiter().GetResult();
        _client = WatchingClient.ConnectAsync(_server.Url, _graph).GetAwaiter().GetResult();
        Console.WriteLine($"// B14: the client polls with network:{_client.PollCommand}");
    }

    private async Task RunWatched(string method)
    {
        CaseMetrics metrics = Begin(method);
        _graph.Reset();
        WatchingClient client = _client!;
        await client.RunAsync().ConfigureAwait(false);
        _graph.Verify(method);
        int edges = B14Graph.Edges.Count();
        if (client.Edges.Count != edges)
        {
            throw new InvalidOperationException($"B14 {method}: data events came for {client.Edges.Count} of the {edges} edges.");
        }

        foreach ((string edge, WatchingClient.EdgeTally tally) in client.Edges)
        {
            if (tally.DataEvents + tally.Skipped > _graph.Messages || tally.DataEvents == 0)
            {
                throw new InvalidOperationException($"B14 {method}: edge {edge} had {tally.DataEvents} data events and {tally.Skipped} skipped packets, for {_graph.Messages} packets sent.");
            }
        }

        metrics.AddMedian(CaseMetrics.Operations, _graph.Messages);
        metrics.AddMedian(DataEventsMetric, client.Edges.Values.Sum(t => t.DataEvents));
        metrics.AddMedian(PollsMetric, client.Polls);
    }

    private CaseMetrics Begin(string method)
    {
        if (!_metrics.TryGetValue(method, out CaseMetrics? metrics))
        {
            _metrics[method] = metrics = CaseMetrics.For(this, method);
        }

        metrics.BeginInvocation();
        return metrics;
    }
}
