using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Reflow.Benchmarks.Python;

/// <summary>
/// The Python every B12 row uses: <c>python3</c> on PATH (a pyenv shim is fine), asked once for its real executable,
/// its prefix, version and shared library (<c>sysconfig</c>'s <c>LIBDIR</c>/<c>LDLIBRARY</c>), so that the floor
/// and pythonnet run the same interpreter, found at run time and never at a fixed path.
/// </summary>
/// <param name="Executable">sys.executable.</param>
/// <param name="Prefix">sys.prefix: pythonnet's home, where the embedded interpreter finds its standard library.</param>
/// <param name="Version">sys.version's first word (3.11.7).</param>
/// <param name="Library">The libpython shared library, or null when this build of Python has none.</param>
public sealed record PythonInterpreter(string Executable, string Prefix, string Version, string? Library)
{
    private const string Probe =
        "import json, os, sys, sysconfig\n" +
        "d, n = sysconfig.get_config_var('LIBDIR'), sysconfig.get_config_var('LDLIBRARY')\n" +
        "lib = os.path.join(d, n) if d and n and not n.endswith('.a') else None\n" +
        "print(json.dumps({'executable': sys.executable, 'prefix': sys.prefix, 'version': sys.version.split()[0], 'library': lib}))";

    private static readonly Lazy<(PythonInterpreter? Found, string Why)> s_current = new(Locate);

    /// <summary>python3 on PATH, or null when there is none (see <see cref="MissingMessage"/>).</summary>
    public static PythonInterpreter? Current => s_current.Value.Found;

    /// <summary>What to say when <see cref="Current"/> is null.</summary>
    public static string MissingMessage => $"// B12: no usable python3 ({s_current.Value.Why}), so the B12 rows are skipped; install Python 3 to measure them.";

    /// <summary><see cref="Current"/>, or an exception saying why there is none.</summary>
    public static PythonInterpreter Require() => Current ?? throw new InvalidOperationException(MissingMessage);

    private static (PythonInterpreter?, string) Locate()
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Probe);
        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                return (null, $"python3 exited with {process.ExitCode}: {error.Trim()}");
            }

            using JsonDocument document = JsonDocument.Parse(output);
            JsonElement root = document.RootElement;
            string? library = root.GetProperty("library").GetString();
            return (new PythonInterpreter(
                root.GetProperty("executable").GetString()!,
                root.GetProperty("prefix").GetString()!,
                root.GetProperty("version").GetString()!,
                library is not null && File.Exists(library) ? library : null), "");
        }
        catch (Win32Exception error)
        {
            return (null, $"python3 is not on PATH: {error.Message}");
        }
    }
}
