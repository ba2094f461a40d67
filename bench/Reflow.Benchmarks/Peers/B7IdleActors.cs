using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B7: 100 000 idle actors; the figures are the retained bytes per actor (<c>B/actor</c>, after a full GC) and the
/// start-up time (<c>start ms</c>: from nothing to every actor having handled one message), both measured by
/// <see cref="IdleActorMeasure"/>. Akka.NET and Proto.Actor get a fresh system per invocation, created before the
/// measurement. DESIGN.md §4's targets: ≤ 512 bytes per idle actor, start-up under a second.
/// </summary>
public class B7IdleActors : PeerSuite
{
    private static readonly int s_actors = BenchScale.Pick(100_000, 100_000, 1_000);
    private static readonly string[] s_ids = [.. Enumerable.Range(0, s_actors).Select(i => $"n{i}")];

    [Benchmark]
    public Task Reflow() => IdleActorMeasure.RunAsync(Begin(nameof(Reflow)), s_actors, handled => ReflowIdleActors.StartAsync(s_ids, handled));

    [Benchmark]
    public Task Akka()
    {
        Akka.Actor.ActorSystem system = AkkaHost.Create();
        return IdleActorMeasure.RunAsync(Begin(nameof(Akka)), s_actors, handled => AkkaIdleActors.StartAsync(system, s_actors, handled));
    }

    [Benchmark]
    public Task ProtoActor()
    {
        Proto.ActorSystem system = ProtoHost.Create();
        return IdleActorMeasure.RunAsync(Begin(nameof(ProtoActor)), s_actors, handled => ProtoIdleActors.StartAsync(system, s_actors, handled));
    }

    [Benchmark]
    public Task Dataflow() => IdleActorMeasure.RunAsync(Begin(nameof(Dataflow)), s_actors, handled => DataflowIdleActors.StartAsync(s_actors, handled));

    [Benchmark]
    public Task Channels() => IdleActorMeasure.RunAsync(Begin(nameof(Channels)), s_actors, handled => ChannelsIdleActors.StartAsync(s_actors, handled));
}
