using System.Diagnostics;
using System.Text.Json;

namespace Reflow.Benchmarks.Python;

/// <summary>
/// B12's floor: a long-lived python3 child running <c>python/b12_floor.py</c>, which calls the workload's
/// <c>process</c> in a plain Python loop over the workload's messages (made once in Python) and answers with its own
/// time for the loop and the checksum of what came out; framed, with the worker's Python-side framing (marshal) around
/// each batch as well. One line goes each way per run, so the time a benchmark measures
/// around <see cref="Run"/> is the loop, the fold after it and one round trip over the pipes.
/// </summary>
public sealed class PythonFloor : IDisposable
{
    private readonly Process _process;

    /// <summary>Starts <paramref name="python"/> on <c>python/b12_floor.py</c>.</summary>
    public PythonFloor(PythonInterpreter python)
    {
        var start = new ProcessStartInfo(python.Executable) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-I"); // isolated: no user site-packages, no PYTHON* variables, as the worker runs
        start.ArgumentList.Add(Path.Combine(B12Workload.ScriptDirectory, "b12_floor.py"));
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{python.Executable} did not start.");
    }

    /// <summary>
    /// Runs <paramref name="count"/> messages of <paramref name="workload"/> through its script's <c>process</c>; returns
    /// Python's own time for the loop and the checksum. <paramref name="framedBatch"/> above 0: each run of that many
    /// messages decoded from a batch frame's payload and the reply encoded, as the worker would (<c>b12_floor.py</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Python failed or exited.</exception>
    public (double Nanoseconds, B12Checksum Checksum) Run(string workload, int count, int framedBatch = 0)
    {
        var fields = new Dictionary<string, object> { ["script"] = B12Workload.ScriptPath(workload), ["workload"] = workload, ["count"] = count };
        if (framedBatch > 0)
        {
            (fields["mode"], fields["batch"]) = ("framed", framedBatch);
        }

        string request = JsonSerializer.Serialize(fields);
        _process.StandardInput.WriteLine(request);
        _process.StandardInput.Flush();
        string answer = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"python exited (code {(_process.HasExited ? _process.ExitCode : -1)}) during {request}");
        using JsonDocument document = JsonDocument.Parse(answer);
        JsonElement root = document.RootElement;
        if (root.TryGetProperty("error", out JsonElement error))
        {
            throw new InvalidOperationException($"python failed on {request}: {error.GetString()}");
        }

        JsonElement sum = root.GetProperty("checksum");
        var checksum = new B12Checksum
        {
            Count = sum.GetProperty("count").GetInt64(),
            Integers = sum.GetProperty("integers").GetInt64(),
            Lengths = sum.GetProperty("lengths").GetInt64(),
            Characters = sum.GetProperty("characters").GetInt64(),
            Ids = sum.GetProperty("ids").GetInt64(),
            Cents = sum.GetProperty("cents").GetInt64(),
        };
        return (root.GetProperty("ns").GetDouble(), checksum);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close(); // the read loop ends and python exits
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
