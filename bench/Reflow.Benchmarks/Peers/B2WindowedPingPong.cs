using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B2: windowed ping-pong, 100 and 1000 balls in flight between two actors; the figure is messages per second
/// (<c>M msg/s</c>, two per round trip). Full scale: 2 M round trips (4 M messages) per invocation.
/// </summary>
public class B2WindowedPingPong : PingPongSuite
{
    [Params(100, 1000)]
    public override int Window { get; set; } = 100;

    protected override long RoundTrips => BenchScale.Pick(2_000_000, 200_000, 10_000);

    /// <summary>Reflow with every actor on one worker (issue 23 §2: the same graph on one worker and on two).</summary>
    [Benchmark]
    public Task ReflowOneWorker() => ReflowOnOneWorker(nameof(ReflowOneWorker));

    /// <summary>Reflow on two workers, whatever the placement estimates.</summary>
    [Benchmark]
    public Task ReflowTwoWorkers() => ReflowOnTwoWorkers(nameof(ReflowTwoWorkers));
}
