namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B1: strict ping-pong, one message in flight; the figures are the round trip's p50 and p99
/// (<c>p50 µs</c>, <c>p99 µs</c>).
/// </summary>
/// <remarks>
/// BenchmarkDotNet's statistics describe invocations, not round trips, so the percentiles come from inside:
/// the pinger stamps <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> once per reply and records every
/// round trip in a log-linear histogram (1.6 % resolution; <see cref="LatencyHistogram"/>) that accumulates over
/// all invocations of the case except the first (JIT and the lazy set-up), so a full run's percentiles rest on
/// ~2 M round trips. The stamp costs ~20 ns of each round trip, the same for every variant. The time column is
/// BenchmarkDotNet's median per invocation, which includes Reflow's network start-up (one network per
/// invocation) but not the peers' system start-up. Every variant: see its class (<c>ReflowPingPong</c>,
/// <c>AkkaPingPong</c>, <c>ProtoPingPong</c>, <c>DataflowPingPong</c>, <c>ChannelsPingPong</c>).
/// </remarks>
public class B1StrictPingPong : PingPongSuite
{
    public override int Window { get; set; } = 1;

    protected override long RoundTrips => BenchScale.Pick(200_000, 20_000, 2_000);
}
