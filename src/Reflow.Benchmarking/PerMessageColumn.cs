using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reflow.Benchmarking;

/// <summary>A column of a figure per message: the case's value per invocation divided by its <c>Messages</c> parameter.</summary>
public abstract class PerMessageColumn : IColumn
{
    /// <summary>The name of the parameter that holds the messages per invocation.</summary>
    public const string MessagesParameter = "Messages";

    /// <inheritdoc/>
    public abstract string Id { get; }

    /// <inheritdoc/>
    public abstract string ColumnName { get; }

    /// <inheritdoc/>
    public abstract string Legend { get; }

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <summary>The messages per invocation of <paramref name="benchmarkCase"/>, or null when it has no such parameter.</summary>
    public static long? MessagesOf(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        object? value = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == MessagesParameter)?.Value;
        return value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(summary);
        BenchmarkReport? report = summary[benchmarkCase];
        long? messages = MessagesOf(benchmarkCase);
        return report is null || messages is not > 0 ? "-" : Value(report, benchmarkCase, messages.Value);
    }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <summary>The figure for <paramref name="report"/>, <paramref name="messages"/> per invocation; "-" when there is none.</summary>
    protected abstract string Value(BenchmarkReport report, BenchmarkCase benchmarkCase, long messages);
}
