using System.Globalization;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Scripting;

/// <summary>Messages per second: the messages of one invocation (<see cref="CaseMetrics.Operations"/>) over the median time per invocation.</summary>
public sealed class MessagesPerSecondColumn() : CustomNumericColumn(
    nameof(MessagesPerSecondColumn), "msg/s", "Messages per second: messages per invocation over the median time per invocation", priority: 0)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        Statistics? statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null || statistics.Median <= 0 || !CaseMetrics.Read(benchmarkCase).TryGetValue(CaseMetrics.Operations, out double messages)
            ? "-"
            : (messages / statistics.Median * 1e9).ToString("F0", CultureInfo.InvariantCulture); // the median is in ns
    }
}
