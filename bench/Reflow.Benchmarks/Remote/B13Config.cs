using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Benchmarks.Scripting;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// The columns of <see cref="B13Remote"/>: median and P95 time per invocation, messages per second (throughput rows:
/// over BenchmarkDotNet's median time, and from the first arrival to the last), managed bytes per message, and the
/// one-way latency percentiles of the latency rows. Each case runs in a BenchmarkDotNet child process of its own; the
/// job comes from the command line. Without a nats-server on the machine, the
/// Reflow rows are left out, with a message saying so.
/// </summary>
public sealed class B13Config : ManualConfig
{
    private static readonly Lazy<bool> s_reflow = new(() =>
    {
        string? missing = ReflowRemotePeer.Missing();
        if (missing is not null)
        {
            Console.WriteLine(missing);
        }

        return missing is null;
    });

    public B13Config()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new MessagesPerSecondColumn(), new BytesPerMessageColumn());
        AddColumn(
            new CaseMetricColumn(RemoteRuns.EdgeRate, "F0", "Throughput rows: messages from the first arrival to the last over that time (median over invocations), without the invocation's set-up of sender and receiver"),
            new CaseMetricColumn("p50 µs", "F1", "Latency rows: median one-way latency, microseconds (first invocation dropped)"),
            new CaseMetricColumn("p99 µs", "F1", "Latency rows: 99th percentile one-way latency, microseconds"),
            new CaseMetricColumn("p99.9 µs", "F1", "Latency rows: 99.9th percentile one-way latency, microseconds"),
            new CaseMetricColumn("max µs", "F1", "Latency rows: largest one-way latency, microseconds"),
            new CaseMetricColumn("samples", "F0", "Latency rows: latencies recorded (first invocation dropped)"));
        HideColumns(Column.Error, Column.StdDev);
        WithBuildTimeout(TimeSpan.FromMinutes(10)); // the boilerplate build compiles src/ and both peers' packages: slow on a busy 2-core machine
        if (!s_reflow.Value)
        {
            AddFilter(new SimpleFilter(c => !c.Descriptor.WorkloadMethod.Name.StartsWith(nameof(B13Remote.Reflow), StringComparison.Ordinal)));
        }
    }
}
