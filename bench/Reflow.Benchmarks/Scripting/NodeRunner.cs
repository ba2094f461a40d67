using System.Diagnostics;
using System.Text.Json;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10 row (c): a long-lived Node.js child process running <c>js/b10-node.mjs</c>, which runs the workload's function
/// over the workload's messages (made once in node, see that file for the two modes) and answers with its own time for
/// the loop and the checksum of what came out. One line goes each way per run, so the time a benchmark measures
/// around <see cref="Run"/> is node's loop plus one round trip over the pipes (well under a millisecond).
/// </summary>
public sealed class NodeRunner : IDisposable
{
    /// <summary>The variable that names the node executable (else <c>node</c> is looked for on PATH).</summary>
    public const string NodeVariable = "REFLOW_NODE";

    private readonly Process _process;

    /// <summary>Starts node on <c>js/b10-node.mjs</c>.</summary>
    /// <exception cref="InvalidOperationException">No node executable was found.</exception>
    public NodeRunner()
    {
        string node = Find() ?? throw new InvalidOperationException(MissingMessage);
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(B10Workload.ScriptDirectory, "b10-node.mjs"));
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{node} did not start.");
        Version = Probe(node);
    }

    /// <summary>What to say when node is missing.</summary>
    public static string MissingMessage =>
        $"// B10: Node.js was not found (no '{NodeVariable}' and no 'node' on PATH), so the Node rows are skipped; install Node.js to measure them.";

    /// <summary>The node version (<c>node --version</c>).</summary>
    public string Version { get; }

    /// <summary>The node executable: <c>REFLOW_NODE</c> when it names a file, else the first <c>node</c> on PATH; null when neither exists.</summary>
    public static string? Find()
    {
        string? given = Environment.GetEnvironmentVariable(NodeVariable);
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(given) ? given : null;
        }

        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "node.exe" : "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs <paramref name="count"/> messages of <paramref name="workload"/> through <paramref name="scriptPath"/> in
    /// <paramref name="mode"/> (<c>native</c> or <c>json</c>) and returns node's own time for the loop and the checksum.
    /// </summary>
    public (double Milliseconds, B10Checksum Checksum) Run(string scriptPath, string workload, int count, string mode)
    {
        string request = JsonSerializer.Serialize(new Dictionary<string, object> { ["script"] = scriptPath, ["workload"] = workload, ["count"] = count, ["mode"] = mode });
        _process.StandardInput.WriteLine(request);
        _process.StandardInput.Flush();
        string answer = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"node exited (code {(_process.HasExited ? _process.ExitCode : -1)}) during {request}");
        using JsonDocument document = JsonDocument.Parse(answer);
        JsonElement root = document.RootElement;
        if (root.TryGetProperty("error", out JsonElement error))
        {
            throw new InvalidOperationException($"node failed on {request}: {error.GetString()}");
        }

        JsonElement sum = root.GetProperty("checksum");
        var checksum = new B10Checksum
        {
            Count = sum.GetProperty("count").GetInt64(),
            Integers = sum.GetProperty("integers").GetInt64(),
            Ids = sum.GetProperty("ids").GetInt64(),
            Ns = sum.GetProperty("ns").GetInt64(),
            LabelCodes = sum.GetProperty("labelCodes").GetInt64(),
            Totals = sum.GetProperty("totals").GetDouble(),
        };
        return (root.GetProperty("ns").GetDouble() / 1e6, checksum);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close(); // node's read loop ends and it exits
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

    private static string Probe(string node)
    {
        using var probe = Process.Start(new ProcessStartInfo(node, "--version") { RedirectStandardOutput = true, UseShellExecute = false });
        if (probe is null)
        {
            return "?";
        }

        string version = probe.StandardOutput.ReadToEnd().Trim();
        probe.WaitForExit();
        return version;
    }
}
