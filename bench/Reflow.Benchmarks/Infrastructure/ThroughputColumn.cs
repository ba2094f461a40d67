using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reflow.Benchmarks.Infrastructure;

/// <summary>
/// Events per second, from the median time per operation. Suites set <c>OperationsPerInvoke</c> to the number of
/// events an invocation moves, so one operation is one event.
/// </summary>
public sealed class ThroughputColumn() : CustomNumericColumn(
    nameof(ThroughputColumn), "Median M events/s", "Millions of events per second, computed from the median time per event", priority: 0)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        Statistics? statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null || statistics.Median <= 0 ? "-" : (1e3 / statistics.Median).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
