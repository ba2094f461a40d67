using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// The columns of the side-by-side suites: median and P95 time per invocation, messages per second
/// (<see cref="RateColumn"/>), the figures the suites measure themselves (<see cref="CaseMetrics"/>) and the
/// memory diagnoser (bytes allocated per invocation). Like <c>ThroughputConfig</c>, the job comes from the
/// command line (<c>bench/report.sh</c> rounds, CI's <c>--job dry</c>).
/// </summary>
public sealed class PeerSuiteConfig : ManualConfig
{
    public PeerSuiteConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new RateColumn());
        AddColumn(
            new CaseMetricColumn("p50 µs", "F3", "Median latency (round trip in B1, end to end in the latency suites), microseconds"),
            new CaseMetricColumn("p99 µs", "F3", "99th percentile latency, microseconds"),
            new CaseMetricColumn("p99.9 µs", "F3", "99.9th percentile latency, microseconds"),
            new CaseMetricColumn("max µs", "F3", "Largest latency recorded (exact), microseconds"),
            new CaseMetricColumn("samples", "F0", "Latencies recorded (first invocation dropped)"),
            new CaseMetricColumn("max M/s", "F3", "Latency suites: the variant's maximum rate, measured unpaced once per process, millions of messages per second from the producer"),
            new CaseMetricColumn("rate M/s", "F3", "Latency suites: the paced rate, Load % of the variant's maximum, millions of messages per second from the producer"),
            new CaseMetricColumn("producer late ms", "F2", "How far the paced producer fell behind its schedule at worst (its lateness counts in every later message's latency), maximum over invocations"),
            new CaseMetricColumn("producer waits", "F0", "Latency suites: sends that found the first stage full and waited for room, per invocation (median)"),
            new CaseMetricColumn("peak heap MB", "F1", "Peak managed heap above the start of the invocation (sampled every 2 ms), maximum over invocations"),
            new CaseMetricColumn("peak WS MB", "F1", "Peak working set above the start of the invocation (sampled every 2 ms), maximum over invocations"),
            new CaseMetricColumn("stall ms", "F1", "Time the producer was held back by backpressure per invocation (median)"),
            new CaseMetricColumn("B/actor", "F0", "Retained managed bytes per idle actor, after a full GC (median)"),
            new CaseMetricColumn("start ms", "F1", "From nothing to every actor having handled its first message (median)"),
            new CaseMetricColumn("build ms", "F1", "Building the network definition once (Reflow B8; not in the timed invocation)"));
        HideColumns(Column.Error, Column.StdDev);
    }
}
