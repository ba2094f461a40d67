using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// A column showing one figure the benchmark measured itself (<see cref="CaseMetrics"/>), e.g. the round-trip
/// p99 or the peak heap. Shown only when some case of the summary has the figure.
/// </summary>
public sealed class CaseMetricColumn(string metric, string format, string legend) : IColumn
{
    public string Id => nameof(CaseMetricColumn) + "." + metric;
    public string ColumnName => metric;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        CaseMetrics.Read(benchmarkCase).TryGetValue(metric, out double value) && double.IsFinite(value)
            ? value.ToString(format, CultureInfo.InvariantCulture)
            : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => CaseMetrics.Read(c).ContainsKey(metric));
}
