using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// The columns of <see cref="B10Scripting"/>: median and P95 time per invocation, messages per second, managed bytes
/// per message, and node's own time for its loop. Each case runs in a BenchmarkDotNet child process of its own; the job
/// comes from the command line (<c>bench/report.sh</c> rounds, CI's <c>--job dry</c>). Without Node.js the Node rows
/// are left out with a message saying so.
/// </summary>
public sealed class B10Config : ManualConfig
{
    private static readonly Lazy<bool> s_nodePresent = new(() =>
    {
        bool present = NodeRunner.Find() is not null;
        if (!present)
        {
            Console.WriteLine(NodeRunner.MissingMessage);
        }

        return present;
    });

    public B10Config()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new MessagesPerSecondColumn(), new BytesPerMessageColumn());
        AddColumn(new CaseMetricColumn("engine msg/s", "F0", "Node rows: messages over node's own time for its loop (median over invocations), without the pipe round trip"));
        HideColumns(Column.Error, Column.StdDev);
        if (!s_nodePresent.Value)
        {
            AddFilter(new SimpleFilter(c => !c.Descriptor.WorkloadMethod.Name.StartsWith(nameof(B10Scripting.Node), StringComparison.Ordinal)));
        }
    }
}
