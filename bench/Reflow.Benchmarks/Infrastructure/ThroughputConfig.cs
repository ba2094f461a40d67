using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Reflow.Benchmarks.Infrastructure;

/// <summary>
/// The configuration of the throughput suites: one launch, a fixed number of measured iterations (so a whole
/// suite fits in minutes on the 2-core machines), medians, events/s and the memory diagnoser.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithId("Throughput"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new ThroughputColumn());
        HideColumns(Column.Error, Column.StdDev);
    }
}
