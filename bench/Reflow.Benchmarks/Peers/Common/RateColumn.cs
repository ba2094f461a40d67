using System.Globalization;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Reflow.Benchmarks.Infrastructure;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// Millions of messages per second: the messages of one invocation (<see cref="CaseMetrics.Operations"/>, which
/// depends on <see cref="BenchScale"/>, so it cannot be a constant <c>OperationsPerInvoke</c>) over
/// BenchmarkDotNet's median time per invocation. The peer suites' counterpart of <see cref="ThroughputColumn"/>.
/// </summary>
public sealed class RateColumn() : CustomNumericColumn(
    nameof(RateColumn), "M msg/s", "Millions of messages per second: messages per invocation over the median time per invocation", priority: 0)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        Statistics? statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null || statistics.Median <= 0 || !CaseMetrics.Read(benchmarkCase).TryGetValue(CaseMetrics.Operations, out double operations)
            ? "-"
            : (operations / statistics.Median * 1e3).ToString("F2", CultureInfo.InvariantCulture); // the median is in ns
    }

    public override bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => CaseMetrics.Read(c).ContainsKey(CaseMetrics.Operations));
}
