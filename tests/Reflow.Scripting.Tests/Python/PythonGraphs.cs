using System.Diagnostics;
using System.Text.Json;
using Reflow.Components;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Scripting.Python;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Python;

/// <summary>Graphs of the Python tests: a temporary folder whose registry has the standard components and Python, everything granted (the sandbox is not what these test).</summary>
internal static class PythonGraphs
{
    public static readonly ScriptingOptions AllGranted = new() { Permissions = PermissionSet.All };

    public static JsGraph Create(PythonRuntimeOptions? python = null) =>
        new() { MakeRegistry = options => new ComponentRegistry().AddStandardComponents().AddPython(options ?? AllGranted, python) };

    /// <summary>"py" (the script file, in → out plus <paramref name="extraOutPorts"/>) beside a native core/Repeat (nums → copy).</summary>
    public static string ScriptBesideNative(string file = "./script.py", object? settings = null, params string[] extraOutPorts)
    {
        var outports = new Dictionary<string, object> { ["out"] = new { process = "py", port = "out" }, ["copy"] = new { process = "copy", port = "out" } };
        foreach (string port in extraOutPorts)
        {
            outports[port] = new { process = "py", port };
        }

        return JsonSerializer.Serialize(new
        {
            processes = new Dictionary<string, object>
            {
                ["py"] = new { component = file, metadata = settings },
                ["copy"] = new { component = "core/Repeat" },
            },
            connections = Array.Empty<object>(),
            inports = new Dictionary<string, object> { ["in"] = new { process = "py", port = "in" }, ["nums"] = new { process = "copy", port = "in" } },
            outports,
        });
    }

    /// <summary>How many runner processes are alive (for the no-orphans checks).</summary>
    public static int RunnerProcesses()
    {
        var start = new ProcessStartInfo("pgrep") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("reflow_runner");
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>The runner processes whose working directory is <paramref name="directory"/> (a test graph's folder): a worker left behind by that test.</summary>
    public static IReadOnlyList<int> WorkersIn(string directory)
    {
        var found = new List<int>();
        foreach (string proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out int pid))
            {
                continue;
            }

            try
            {
                string commandLine = File.ReadAllText(Path.Combine(proc, "cmdline"));
                if (commandLine.Contains("reflow_runner", StringComparison.Ordinal) &&
                    new DirectoryInfo(Path.Combine(proc, "cwd")).ResolveLinkTarget(returnFinalTarget: false)?.FullName == directory)
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the process ended meanwhile
            }
        }

        return found;
    }
}
