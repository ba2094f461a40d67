using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// Millions of messages per second: the messages of one invocation (<see cref="CaseMetrics.Operations"/>, which
/// depends on <see cref="BenchScale"/>, so it cannot be a constant <c>OperationsPerInvoke</c>) over
/// BenchmarkDotNet's median time per invocation. The peer suites' counterpart of <c>ThroughputColumn</c>.
/// </summary>
public sealed class RateColumn : IColumn
{
    public string Id => nameof(RateColumn);
    public string ColumnName => "M msg/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Millions of messages per second: messages per invocation over the median time per invocation";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        Statistics? statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null || statistics.Median <= 0 || !CaseMetrics.Read(benchmarkCase).TryGetValue(CaseMetrics.Operations, out double operations)
            ? "-"
            : (operations / statistics.Median * 1e3).ToString("F2", CultureInfo.InvariantCulture); // median is in ns
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => CaseMetrics.Read(c).ContainsKey(CaseMetrics.Operations));
}
