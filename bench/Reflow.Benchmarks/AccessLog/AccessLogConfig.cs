using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// The columns of <see cref="AccessLogBenchmarks"/>: median time, the ratio to the hand-written loop at the same size,
/// lines per second, and the memory figures the suite measures itself (<see cref="CaseMetrics"/>). Each case runs in a
/// BenchmarkDotNet child process of its own, so a case's process peak is its own. While the graph file does not exist,
/// the graph's cases are left out with a message saying so.
/// </summary>
public sealed class AccessLogConfig : ManualConfig
{
    private static readonly Lazy<bool> s_graphPresent = new(() =>
    {
        bool present = AccessLogGraph.DefaultPath() is not null;
        if (!present)
        {
            Console.WriteLine(
                $"// access-log: the graph file examples/access-log/access-log.json (or ${AccessLogGraph.GraphVariable}) does not exist, " +
                $"so the {nameof(AccessLogBenchmarks.Graph)} cases are skipped; only the hand-written loop runs.");
        }

        return present;
    });

    public AccessLogConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, BaselineRatioColumn.RatioMean, new RateColumn());
        AddColumn(
            new CaseMetricColumn("process peak MB", "F1", "Peak working set of the case's process (VmHWM, start-up and every invocation included), MB"),
            new CaseMetricColumn("peak WS MB", "F1", "Peak working set above the start of the invocation (sampled every 2 ms), maximum over invocations"),
            new CaseMetricColumn("peak heap MB", "F1", "Peak managed heap above the start of the invocation (sampled every 2 ms), maximum over invocations"));
        HideColumns(Column.Error, Column.StdDev, Column.RatioSD);
        if (!s_graphPresent.Value)
        {
            AddFilter(new SimpleFilter(c => c.Descriptor.WorkloadMethod.Name != nameof(AccessLogBenchmarks.Graph)));
        }
    }
}
