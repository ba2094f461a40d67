using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// Two actors (blocks, tasks) bouncing balls, <see cref="Window"/> in flight; an invocation plays
/// <see cref="RoundTrips"/> round trips and checks every reply came back. Messages per invocation = 2 per round trip.
/// </summary>
public abstract class PingPongSuite : PeerSuite
{
    private ReflowPingPong? _reflow;
    private ReflowPingPong? _reflowOneWorker;
    private ReflowPingPong? _reflowTwoWorkers;

    /// <summary>Balls in flight.</summary>
    public abstract int Window { get; set; }

    /// <summary>Round trips per invocation.</summary>
    protected abstract long RoundTrips { get; }

    [Benchmark]
    public Task Reflow() => Play(nameof(Reflow), score => (_reflow ??= new ReflowPingPong()).RunAsync(score));

    /// <summary>Reflow with both actors on one worker (B2 runs it: <see cref="ReflowHost.OneWorker"/>).</summary>
    protected Task ReflowOnOneWorker(string method) =>
        Play(method, score => (_reflowOneWorker ??= new ReflowPingPong(ReflowHost.OneWorker)).RunAsync(score));

    /// <summary>Reflow with each actor on a worker of its own (B2 runs it: <see cref="ReflowHost.TwoWorkers"/>).</summary>
    protected Task ReflowOnTwoWorkers(string method) =>
        Play(method, score => (_reflowTwoWorkers ??= new ReflowPingPong(ReflowHost.TwoWorkers)).RunAsync(score));

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
