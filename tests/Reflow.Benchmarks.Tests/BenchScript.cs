using System.Diagnostics;
using System.Text;
using Reflow.Benchmarks.Tests.AccessLog;

namespace Reflow.Benchmarks.Tests;

/// <summary>Runs one of bench/'s Python scripts (the report tables and plots) as report.sh does: python3, UTF-8 out.</summary>
internal static class BenchScript
{
    public static (int Exit, string Output, string Error) Run(string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "bench", script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{script} did not finish within a minute.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
