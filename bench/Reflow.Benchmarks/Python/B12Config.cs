using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Benchmarks.Scripting;

namespace Reflow.Benchmarks.Python;

/// <summary>
/// The columns of <see cref="B12Python"/>, as B10's: median and P95 time per invocation, messages per second, managed
/// bytes per message, and Python's own time for the floor's loop. Each case runs in a BenchmarkDotNet child process of
/// its own; the job comes from the command line. Without python3 every row is left out, without the
/// <c>script/python</c> runtime the Reflow rows, each with a message saying so.
/// </summary>
public sealed class B12Config : ManualConfig
{
    /// <summary>The floor's figure: messages over Python's own time for the loop.</summary>
    public const string PythonRate = "python msg/s";

    private static readonly Lazy<(bool Python, bool Runtime)> s_present = new(() =>
    {
        bool python = PythonInterpreter.Current is not null;
        if (!python)
        {
            Console.WriteLine(PythonInterpreter.MissingMessage);
        }

        if (!PythonPipeline.Available)
        {
            Console.WriteLine(PythonPipeline.MissingMessage);
        }

        return (python, PythonPipeline.Available);
    });

    public B12Config()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new MessagesPerSecondColumn(), new BytesPerMessageColumn());
        AddColumn(new CaseMetricColumn(PythonRate, "F0", "Floor rows: messages over Python's own time for the loop (median over invocations), without the fold and the pipe round trip"));
        HideColumns(Column.Error, Column.StdDev);
        WithBuildTimeout(TimeSpan.FromMinutes(10));
        (bool python, bool runtime) = s_present.Value;
        if (!python)
        {
            AddFilter(new SimpleFilter(_ => false));
        }
        else if (!runtime)
        {
            AddFilter(new SimpleFilter(c => !c.Descriptor.WorkloadMethod.Name.StartsWith(nameof(B12Python.Reflow), StringComparison.Ordinal)));
        }
    }
}
