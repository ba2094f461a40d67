using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Reflow.Benchmarks.Infrastructure;

/// <summary>
/// The columns and diagnosers of the throughput suites: medians, P95, events/s and the memory diagnoser. The job
/// (warm-up and iteration counts) comes from the command line, so <c>bench/report.sh</c> can run short rounds and
/// CI can run <c>--job dry</c> without a second job being added here.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new ThroughputColumn());
        HideColumns(Column.Error, Column.StdDev);
    }
}
