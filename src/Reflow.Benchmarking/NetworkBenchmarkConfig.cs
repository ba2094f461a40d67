using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Reflow.Benchmarking;

/// <summary>
/// The config of <see cref="NetworkBenchmark"/> suites: the memory diagnoser, the median and P95, and the
/// <see cref="MessagesPerSecondColumn"/> and <see cref="AllocationPerMessageColumn"/> columns. The job (warm-up and
/// iteration counts) comes from the command line (<c>--job short</c>, <c>--job dry</c>).
/// </summary>
public sealed class NetworkBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public NetworkBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new MessagesPerSecondColumn(), new AllocationPerMessageColumn());
    }
}
