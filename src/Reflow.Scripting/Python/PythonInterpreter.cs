using System.Collections.Concurrent;
using System.Diagnostics;

namespace Reflow.Scripting.Python;

/// <summary>
/// Finds the real executable of an interpreter setting (<c>python3</c> on PATH may be a shim script, such as pyenv's):
/// asked once per setting with <c>-c "import sys; print(sys.executable)"</c> and kept for the process.
/// </summary>
internal static class PythonInterpreter
{
    /// <summary>The interpreter when nothing sets one.</summary>
    public const string Default = "python3";

    private static readonly ConcurrentDictionary<string, Lazy<string>> Resolved = new(StringComparer.Ordinal);

    /// <summary>The full path of the executable <paramref name="interpreter"/> (a path or a command on PATH) runs.</summary>
    /// <exception cref="ScriptException">It cannot be started, or does not say where it is.</exception>
    public static string Resolve(string interpreter)
    {
        Lazy<string> resolved = Resolved.GetOrAdd(interpreter, i => new Lazy<string>(() => Ask(i)));
        try
        {
            return resolved.Value;
        }
        catch (ScriptException)
        {
            Resolved.TryRemove(new KeyValuePair<string, Lazy<string>>(interpreter, resolved)); // an interpreter installed later is found
            throw;
        }
    }

    private static string Ask(string interpreter)
    {
        var start = new ProcessStartInfo(interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys; print(sys.executable)");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ScriptException(
                $"The Python interpreter '{interpreter}' cannot be started ({ex.Message}): install Python 3 or set the interpreter (the node setting or [runtimes.python] interpreter) to its path.",
                innerException: ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                throw new ScriptException($"The Python interpreter '{interpreter}' did not say where it is within 30 s.");
            }

            process.WaitForExit();
            string path = output.Result.Trim();
            if (process.ExitCode != 0 || path.Length == 0 || !Path.IsPathFullyQualified(path))
            {
                throw new ScriptException(
                    $"The Python interpreter '{interpreter}' exited with {process.ExitCode} when asked where it is{(errors.Result.Trim() is { Length: > 0 } e ? ": " + e : "")}; is it Python 3?");
            }

            return path;
        }
    }
}
