using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reflow.Benchmarking;

/// <summary>
/// "alloc/msg": bytes allocated per message, from the memory diagnoser's bytes per invocation (every thread: the
/// workers' too) and the case's <c>Messages</c> parameter. It includes a run's fixed cost spread over the messages,
/// so it falls towards the steady-state figure as <c>Messages</c> grows.
/// </summary>
public sealed class AllocationPerMessageColumn : PerMessageColumn
{
    /// <inheritdoc/>
    public override string Id => nameof(AllocationPerMessageColumn);

    /// <inheritdoc/>
    public override string ColumnName => "alloc/msg";

    /// <inheritdoc/>
    public override string Legend => "Bytes allocated per message: allocated per invocation / Messages (needs the memory diagnoser)";

    /// <summary>Bytes per message for <paramref name="bytesPerInvocation"/> over <paramref name="messages"/> messages.</summary>
    public static double PerMessage(long bytesPerInvocation, long messages) => (double)bytesPerInvocation / messages;

    /// <inheritdoc/>
    protected override string Value(BenchmarkReport report, BenchmarkCase benchmarkCase, long messages)
    {
        long? bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return bytes is null ? "-" : PerMessage(bytes.Value, messages).ToString("0.###", CultureInfo.InvariantCulture) + " B";
    }
}
