using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Reflow.Hosting.Tests;

/// <summary>
/// The Worker Service example as a process, as an operator runs it: started with <c>dotnet</c>, fed on standard
/// input, stopped with SIGTERM. It must drain what it accepted, log its summary and exit 0.
/// </summary>
public sealed class WorkerServiceProcessTests
{
    private const int Lines = 200;

    [Fact]
    public async Task The_worker_service_drains_on_SIGTERM_logs_its_summary_and_exits_0()
    {
        string dll = typeof(WorkerServiceProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkerServiceDll").Value!;
        Assert.True(File.Exists(dll), "the example is built with the tests: " + dll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(), // the example finds its files next to itself
        };
        start.Environment["Readings__LookupDelayMs"] = "10"; // environment variables override appsettings.json…
        start.Environment["Reflow__actor_system__host_buffer_size"] = "32"; // …the Reflow keys too: up to 32 lines wait in the graph
        var output = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue("stderr: " + e.Data); };
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            for (int i = 1; i <= Lines; i++)
            {
                await process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"sensor-{i % 4},{i / 10.0}"));
            }

            await process.StandardInput.FlushAsync(); // standard input stays open: only the signal stops the service
            await TestHost.WaitUntil(() => output.Any(l => l.Contains($"Fed {Lines} lines", StringComparison.Ordinal)), "every line was fed", seconds: 60);

            using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // only on failure: the test's own child
            }
        }

        string log = string.Join('\n', output);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{log}");
        Assert.Contains("Network readings is stopping", log, StringComparison.Ordinal);
        Assert.Contains("Network readings drained: every accepted message was handled", log, StringComparison.Ordinal);
        Assert.Contains($"summary: {Lines} lines fed, {Lines} readings processed, health Healthy, exit code 0", output);
        Assert.DoesNotContain(output, l => l.StartsWith("stderr: ", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal));
    }
}
