using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B8: skynet, a tree of actors ten wide down to 1 000 000 leaves (1 111 111 actors at full scale; 100 000 leaves
/// short, 1 000 dry) whose sums come back to the root; the figure is the time per tree (median per invocation),
/// checked against 0 + 1 + … + 999 999. Akka.NET and Proto.Actor spawn the tree as they go, and so does <c>Reflow</c>
/// (one node whose actors spawn their children: <see cref="ReflowSpawningSkynet"/>), the row the peer table compares;
/// <c>ReflowStatic</c> builds the tree as a static graph, a definition built once (<c>build ms</c>, outside the
/// timing), and each invocation creates the network's 1.1 M actors and runs the wave (<see cref="ReflowSkynet"/>).
/// TPL Dataflow and Channels have no actors that spawn actors and are left out.
/// </summary>
public class B8Skynet : PeerSuite
{
    private static readonly SkynetShape s_shape = new(BenchScale.Pick(1_000_000L, 100_000L, 1_000L));
    private ReflowSkynet? _reflow;
    private ReflowSpawningSkynet? _spawning;

    /// <summary>B8 as a static graph of 1.1 M nodes (<see cref="ReflowSkynet"/>).</summary>
    [Benchmark]
    public async Task ReflowStatic()
    {
        CaseMetrics metrics = Begin(nameof(ReflowStatic));
        if (_reflow is null)
        {
            long start = Stopwatch.GetTimestamp();
            _reflow = new ReflowSkynet(s_shape);
            metrics.AddMedian("build ms", Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Check(metrics, await _reflow.RunAsync().ConfigureAwait(false));
    }

    /// <summary>B8 the way the peers write it: one node, and each actor spawns its children as it runs (<see cref="ReflowSpawningSkynet"/>).</summary>
    [Benchmark]
    public async Task Reflow()
    {
        CaseMetrics metrics = Begin(nameof(Reflow));
        _spawning ??= new ReflowSpawningSkynet(s_shape);
        Check(metrics, await _spawning.RunAsync().ConfigureAwait(false));
    }

    [Benchmark]
    public async Task Akka() => Check(Begin(nameof(Akka)), await AkkaSkynet.RunAsync(AkkaSystem, s_shape).ConfigureAwait(false));

    [Benchmark]
    public async Task ProtoActor() => Check(Begin(nameof(ProtoActor)), await ProtoSkynet.RunAsync(ProtoSystem, s_shape).ConfigureAwait(false));

    private static void Check(CaseMetrics metrics, long answer)
    {
        GC.KeepAlive(metrics);
        Expect.Equal(s_shape.ExpectedSum, answer, "skynet sum");
    }
}
