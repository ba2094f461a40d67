using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Reflow.Benchmarks.Infrastructure;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// A column showing one figure the benchmark measured itself (<see cref="CaseMetrics"/>), e.g. the round-trip
/// p99 or the peak heap. Shown only when some case of the summary has the figure.
/// </summary>
public sealed class CaseMetricColumn(string name, string format, string legend)
    : CustomNumericColumn(nameof(CaseMetricColumn) + "." + name, name, legend, priority: 1)
{
    private readonly string _metric = name;

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        CaseMetrics.Read(benchmarkCase).TryGetValue(_metric, out double value) && double.IsFinite(value)
            ? value.ToString(format, CultureInfo.InvariantCulture)
            : "-";

    public override bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => CaseMetrics.Read(c).ContainsKey(_metric));
}
