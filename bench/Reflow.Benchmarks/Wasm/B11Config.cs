using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Reflow.Benchmarks.Scripting;

namespace Reflow.Benchmarks.Wasm;

/// <summary>
/// The columns of <see cref="B11Wasm"/>, as B10's: median and P95 time per invocation, messages (or calls) per second
/// and managed bytes per message. Each case runs in a BenchmarkDotNet child process of its own; the job comes from the
/// command line (<c>bench/report.sh</c> rounds, CI's <c>--job dry</c>).
/// </summary>
public sealed class B11Config : ManualConfig
{
    public B11Config()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new MessagesPerSecondColumn(), new BytesPerMessageColumn());
        HideColumns(Column.Error, Column.StdDev);
        WithBuildTimeout(TimeSpan.FromMinutes(10)); // the boilerplate's build on a busy 2-vCPU machine can pass BenchmarkDotNet's default 2 minutes
    }
}
