using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// The base of the side-by-side suites B1–B8: each has the methods <c>Reflow</c>, <c>Akka</c>, <c>ProtoActor</c>,
/// <c>Dataflow</c> and <c>Channels</c> (those the workload can be written in), which the report turns into the
/// columns of one table. A peer's actor system is created on first use (in BenchmarkDotNet's jitting invocation,
/// which is not measured) and lives until the end of the case; each case runs in a process of its own.
/// </summary>
/// <remarks>
/// Settings, each written the way the peer's documentation recommends for speed (details in the classes named):
/// Reflow: up to one pinned worker per core (the default placement uses only those worth their crossings), every edge bounded at 1024, one network per invocation (<c>ReflowHost</c>);
/// Akka.NET 1.5.74: default dispatcher with <c>throughput = 100</c>, unbounded default mailboxes, <c>UntypedActor</c>
/// (<c>AkkaHost</c>); Proto.Actor 1.8.0: thread-pool dispatcher at throughput 300, unbounded default mailboxes,
/// <c>Send</c> with the reply address in the message (<c>ProtoHost</c>); TPL Dataflow: blocks bounded at 1024 with
/// completion propagation and <c>SingleProducerConstrained</c> where it holds (<c>DataflowPipeline</c>); Channels:
/// bounded 1024, one task per stage (<c>ChannelsPipeline</c>).
/// </remarks>
[Config(typeof(PeerSuiteConfig))]
public abstract class PeerSuite
{
    private readonly Dictionary<string, CaseMetrics> _metrics = new(StringComparer.Ordinal);
    private Akka.Actor.ActorSystem? _akka;
    private Proto.ActorSystem? _proto;

    /// <summary>The Akka.NET system of this case (<see cref="AkkaHost"/>).</summary>
    protected Akka.Actor.ActorSystem AkkaSystem => _akka ??= AkkaHost.Create();

    /// <summary>The Proto.Actor system of this case (<see cref="ProtoHost"/>).</summary>
    protected Proto.ActorSystem ProtoSystem => _proto ??= ProtoHost.Create();

    /// <summary>Starts an invocation of <paramref name="method"/>: its metrics, with the invocation counted.</summary>
    protected CaseMetrics Begin(string method)
    {
        if (!_metrics.TryGetValue(method, out CaseMetrics? metrics))
        {
            _metrics[method] = metrics = CaseMetrics.For(this, method);
        }

        metrics.BeginInvocation();
        return metrics;
    }

    /// <summary>Writes the case's own figures for the summary and stops the peers' systems.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (CaseMetrics metrics in _metrics.Values)
        {
            metrics.Flush();
        }

        AkkaHost.Terminate(_akka);
        ProtoHost.Shutdown(_proto);
        _akka = null;
        _proto = null;
    }
}
