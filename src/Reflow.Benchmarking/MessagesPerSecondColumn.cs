using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reflow.Benchmarking;

/// <summary>"msg/s": messages per second, from the median time per invocation and the case's <c>Messages</c> parameter.</summary>
public sealed class MessagesPerSecondColumn : PerMessageColumn
{
    /// <inheritdoc/>
    public override string Id => nameof(MessagesPerSecondColumn);

    /// <inheritdoc/>
    public override string ColumnName => "msg/s";

    /// <inheritdoc/>
    public override string Legend => "Messages per second: Messages / median time per invocation";

    /// <summary>Messages per second for <paramref name="messages"/> messages in <paramref name="nanosecondsPerInvocation"/>.</summary>
    public static double Rate(long messages, double nanosecondsPerInvocation) => messages * 1e9 / nanosecondsPerInvocation;

    /// <inheritdoc/>
    protected override string Value(BenchmarkReport report, BenchmarkCase benchmarkCase, long messages)
    {
        double? median = report.ResultStatistics?.Median;
        return median is not > 0 ? "-" : Rate(messages, median.Value).ToString("N0", CultureInfo.InvariantCulture);
    }
}
