using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Distributed;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// B13 (issue 20): one remote edge on loopback — two endpoints in this process talking over TCP on 127.0.0.1, the
/// receiver on one, the sender on the other — with the same work for every system (<see cref="RemoteWorkload"/>):
/// <c>throughput</c>, N 8-byte integers under a credit window of 1024 (messages per second: <c>msg/s</c>, over
/// BenchmarkDotNet's time per invocation, and <c>edge msg/s</c>, first to last arrival), actor to actor; <c>latency</c>,
/// one message at a time at low load (one-way p50/p99/p99.9/max, first invocation dropped); and <c>back-to-back</c>,
/// the same with no pause between messages; side by side:
/// <list type="bullet">
/// <item><c>Akka</c>: Akka.Remote 1.5.74, DotNetty TCP, boxed longs through its primitive serializer (<see cref="AkkaRemotePeer"/>);</item>
/// <item><c>ProtoActor</c>: Proto.Remote 1.8.0, gRPC, protobuf <c>Int64Value</c> (<see cref="ProtoRemotePeer"/>);</item>
/// <item><c>Reflow</c>: Reflow's remote edge (src/Reflow.Distributed/Transport) through a nats-server the benchmark
/// starts, batched, at-most-once, between two part networks for throughput (<see cref="ReflowRemoteNetworks"/>); <c>ReflowUnbatched</c>: the same with one message per frame (MaxBatch = 1);
/// <c>ReflowAtLeastOnce</c>: batched, at-least-once, each frame published into the run's JetStream stream (its
/// PubAck awaited) and read back by the receiver, a fresh run and stream per invocation (<see cref="ReflowRemotePeer"/>;
/// left out on a machine without nats-server).</item>
/// </list>
/// Each case sets its systems up once (not timed) and runs one fresh sender and receiver per invocation; every
/// throughput invocation fails unless each integer arrived exactly once (count and sum).
/// </summary>
[Config(typeof(B13Config))]
public class B13Remote
{
    private readonly Dictionary<string, CaseMetrics> _metrics = new(StringComparer.Ordinal);
    private IRemotePeer? _peer;

    /// <summary>Which of the three workloads.</summary>
    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = RemoteWorkload.Throughput;

    /// <summary>The three workloads.</summary>
    public static IEnumerable<string> Workloads => RemoteWorkload.All;

    /// <summary>Messages per throughput invocation (the tests' dry runs set fewer).</summary>
    public long Messages { get; init; } = RemoteWorkload.DefaultMessages;

    /// <summary>Messages per latency invocation (the tests' dry runs set fewer).</summary>
    public int LatencyMessages { get; init; } = RemoteWorkload.DefaultLatencyMessages;

    [GlobalSetup(Target = nameof(Akka))]
    public void SetUpAkka() => _peer = AkkaRemotePeer.Start();

    [GlobalSetup(Target = nameof(ProtoActor))]
    public void SetUpProtoActor() => _peer = ProtoRemotePeer.StartAsync().GetAwaiter().GetResult();

    [GlobalSetup(Target = nameof(Reflow))]
    public void SetUpReflow() => _peer = ReflowRemotePeer.StartAsync(ReflowRemotePeer.Batched).GetAwaiter().GetResult();

    [GlobalSetup(Target = nameof(ReflowUnbatched))]
    public void SetUpReflowUnbatched() => _peer = ReflowRemotePeer.StartAsync(ReflowRemotePeer.Unbatched).GetAwaiter().GetResult();

    [GlobalSetup(Target = nameof(ReflowAtLeastOnce))]
    public void SetUpReflowAtLeastOnce() =>
        _peer = ReflowRemotePeer.StartAsync(ReflowRemotePeer.Batched, DeliveryMode.AtLeastOnce).GetAwaiter().GetResult();

    /// <summary>Akka.Remote between two actor systems.</summary>
    [Benchmark]
    public Task Akka() => Run(nameof(Akka));

    /// <summary>Proto.Remote between two actor systems.</summary>
    [Benchmark]
    public Task ProtoActor() => Run(nameof(ProtoActor));

    /// <summary>Reflow's remote edge over NATS, batched, at-most-once.</summary>
    [Benchmark]
    public Task Reflow() => Run(nameof(Reflow));

    /// <summary>Reflow's remote edge over NATS, one message per frame, at-most-once.</summary>
    [Benchmark]
    public Task ReflowUnbatched() => Run(nameof(ReflowUnbatched));

    /// <summary>Reflow's remote edge over NATS JetStream, batched, at-least-once.</summary>
    [Benchmark]
    public Task ReflowAtLeastOnce() => Run(nameof(ReflowAtLeastOnce));

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (CaseMetrics metrics in _metrics.Values)
        {
            metrics.Flush();
        }

        _peer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _peer = null;
    }

    private Task Run(string method)
    {
        if (!_metrics.TryGetValue(method, out CaseMetrics? metrics))
        {
            _metrics[method] = metrics = CaseMetrics.For(this, method);
        }

        metrics.BeginInvocation();
        IRemotePeer peer = _peer ?? throw new InvalidOperationException($"B13 {method}: not set up.");
        return RemoteWorkload.Check(Workload) switch
        {
            RemoteWorkload.Throughput => RemoteRuns.ThroughputAsync(peer, Messages, metrics, $"B13 {method}"),
            RemoteWorkload.Latency => RemoteRuns.LatencyAsync(peer, LatencyMessages, metrics, $"B13 {method}", pause: true),
            _ => RemoteRuns.LatencyAsync(peer, LatencyMessages, metrics, $"B13 {method}", pause: false),
        };
    }
}
