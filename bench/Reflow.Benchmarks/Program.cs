using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Reflow.Benchmarks.AccessLog;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Benchmarks.Remote;

// Entry point for every suite in this assembly: `dotnet run -c Release --project bench/Reflow.Benchmarks -- --filter '*Ring*'`.
// The peer suites' own figures travel from the child processes through files in a fresh directory per run
// (CaseMetrics); the children inherit its name. The exit code is non-zero when a case failed (e.g. a variant
// whose result check threw), so CI's dry run fails with it; each failed case is named on a line of its own
// ("// failed case: …"), which bench/report.sh lists in the report.
// A directory given by the caller is kept (to inspect the figures); the fresh one is deleted at the end.
// `-- access-log generate|answers …` is the access-log example's tool (AccessLogCommand), not a benchmark run.
// `-- remote-loop system workload [messages] [rounds]` runs one B13 system round after round, for a profiler (RemoteLoopCommand).
// `-- nats-floor [samples]` measures bare NATS on this machine the way B13 measures the remote edge (NatsRoundTripCommand).
if (args.Length > 0 && args[0] == AccessLogCommand.Name)
{
    return AccessLogCommand.Run(args[1..], Console.Out, Console.Error);
}

if (args.Length > 0 && args[0] == RemoteLoopCommand.Name)
{
    return await RemoteLoopCommand.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == NatsRoundTripCommand.Name)
{
    return await NatsRoundTripCommand.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
}

string? given = Environment.GetEnvironmentVariable(CaseMetrics.DirectoryVariable);
string metrics = string.IsNullOrEmpty(given) ? Path.Combine(Path.GetTempPath(), $"reflow-bench-metrics-{Environment.ProcessId}") : given;
Environment.SetEnvironmentVariable(CaseMetrics.DirectoryVariable, metrics);
try
{
    Summary[] summaries = [.. BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args)];
    bool filtered = args.Contains("--filter") || args.Contains("-f");
    // One line per failed case ("// failed case: …"), which bench/report.sh lists in the report.
    var failures = new List<string>();
    foreach (Summary summary in summaries)
    {
        foreach (BenchmarkReport report in summary.Reports)
        {
            if (!report.Success)
            {
                failures.Add($"{report.BenchmarkCase.DisplayInfo}{ExitOf(report)}");
            }
        }

        if (summary.HasCriticalValidationErrors)
        {
            failures.Add($"{summary.Title} (validation errors)");
        }
    }

    int failed = failures.Count;
    int run = summaries.Sum(s => s.Reports.Length);
    Console.WriteLine($"// {run - failed} benchmark cases succeeded, {failed} failed");
    foreach (string failure in failures)
    {
        Console.WriteLine($"// failed case: {failure}");
    }

    return failed > 0 || (filtered && run == 0) ? 1 : 0;
}
finally
{
    if (string.IsNullOrEmpty(given) && Directory.Exists(metrics))
    {
        Directory.Delete(metrics, recursive: true);
    }
}

// How a failed case's process ended, if it ran: 137 is SIGKILL, which the kernel sends when memory runs out.
static string ExitOf(BenchmarkReport report)
{
    if (report.ExecuteResults.Count == 0 || report.ExecuteResults[^1].ExitCode is not int code)
    {
        return "";
    }

    return code == 137 ? $" (exit code {code}: killed, as the kernel kills a process when memory runs out)" : $" (exit code {code})";
}
