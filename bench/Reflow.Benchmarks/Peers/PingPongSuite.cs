using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// Two actors (blocks, tasks) bouncing balls, <see cref="Window"/> in flight; an invocation plays
/// <see cref="RoundTrips"/> round trips and checks every reply came back. Messages per invocation = 2 per round trip.
/// </summary>
public abstract class PingPongSuite : PeerSuite
{
    private ReflowPingPong? _reflow;

    /// <summary>Balls in flight.</summary>
    public abstract int Window { get; set; }

    /// <summary>Round trips per invocation.</summary>
    protected abstract long RoundTrips { get; }

    [Benchmark]
    public Task Reflow() => Play(nameof(Reflow), score => (_reflow ??= new ReflowPingPong()).RunAsync(score));

    [Benchmark]
    public Task Akka() => Play(nameof(Akka), score => AkkaPingPong.RunAsync(AkkaSystem, score));

    [Benchmark]
    public Task ProtoActor() => Play(nameof(ProtoActor), score => ProtoPingPong.RunAsync(ProtoSystem, score));

    [Benchmark]
    public Task Dataflow() => Play(nameof(Dataflow), DataflowPingPong.RunAsync);

    [Benchmark]
    public Task Channels() => Play(nameof(Channels), ChannelsPingPong.RunAsync);

    private async Task Play(string method, Func<PingPongScore, Task> run)
    {
        CaseMetrics metrics = Begin(method);
        var score = new PingPongScore(RoundTrips, Window, metrics.Latency);
        await run(score).ConfigureAwait(false);
        score.Verify();
        metrics.AddMedian(CaseMetrics.Operations, score.Messages);
    }
}
