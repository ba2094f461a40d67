using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// Managed bytes allocated per message: the memory diagnoser's bytes per invocation over the messages of one
/// invocation. Only the .NET heap of the benchmark process counts: V8's heap and the node process's are not in it.
/// </summary>
public sealed class BytesPerMessageColumn() : CustomNumericColumn(
    nameof(BytesPerMessageColumn), "B/msg", "Managed bytes allocated per message in this process (V8's and node's own heaps not included)", priority: 1)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        long? bytes = report?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return bytes is null || !CaseMetrics.Read(benchmarkCase).TryGetValue(CaseMetrics.Operations, out double messages) || messages <= 0
            ? "-"
            : (bytes.Value / messages).ToString("F1", CultureInfo.InvariantCulture);
    }
}
