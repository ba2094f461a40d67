using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Benchmarks.Scripting;

namespace Reflow.Benchmarks.Watching;

/// <summary>
/// The columns of <see cref="B14Watched"/>: median time per run, messages per second, the ratio to the unwatched run
/// of the same process (BenchmarkDotNet's baseline ratio), and what the client saw (data events and polls per run).
/// </summary>
public sealed class B14Config : ManualConfig
{
    public B14Config()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, new MessagesPerSecondColumn());
        AddColumn(new CaseMetricColumn(B14Watched.DataEventsMetric, "F0", "Data events the client received per run (all edges)"));
        AddColumn(new CaseMetricColumn(B14Watched.PollsMetric, "F0", "Polls (network:snapshot or getstatus) answered per run"));
        HideColumns(Column.Error, Column.StdDev);
        WithBuildTimeout(TimeSpan.FromMinutes(10)); // the boilerplate's build on a busy 2-vCPU machine can pass BenchmarkDotNet's default 2 minutes
    }
}
