using System.Diagnostics;
using System.Text;

namespace Reflow.Scripting.Python;

/// <summary>
/// Runs a <see cref="PythonCommand"/> to its end: the interpreter probe, venv creation and pip. Output is read as it
/// comes (each stdout line can go to a progress callback) and the last lines are kept for error messages.
/// </summary>
internal static class PythonCommandRunner
{
    /// <summary>How many trailing lines of each stream a result keeps.</summary>
    public const int TailLines = 40;

    /// <summary>Builds the start information of <paramref name="command"/>, its streams redirected.</summary>
    public static ProcessStartInfo StartInfo(PythonCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var info = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (command.ClearEnvironment)
        {
            info.Environment.Clear();
        }

        foreach ((string name, string? value) in command.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    /// <summary>Runs <paramref name="command"/> with <paramref name="input"/> on stdin and waits for it to exit.</summary>
    /// <param name="command">The program.</param>
    /// <param name="input">What to write to its stdin before closing it; null for nothing.</param>
    /// <param name="onLine">Called with each stdout line as it comes (on a reader thread); null for none.</param>
    /// <param name="timeout">The longest it may run; it is killed (with its children) after that.</param>
    /// <param name="cancellationToken">Kills it (with its children) when cancelled.</param>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started.</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PythonCommandResult Run(PythonCommand command, string? input, Action<string>? onLine, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        using var process = new Process { StartInfo = StartInfo(command) };
        var stdout = new StringBuilder();
        var stdoutTail = new Queue<string>();
        var stderrTail = new Queue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdoutTail)
            {
                stdout.Append(e.Data).Append('\n');
                Keep(stdoutTail, e.Data);
            }

            onLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderrTail)
                {
                    Keep(stderrTail, e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (input is not null)
            {
                process.StandardInput.Write(input);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited without reading its input: its exit code and output say why.
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(timeoutSource.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{command.FileName}' did not finish within {timeout.TotalSeconds:0} s and was stopped.");
        }

        process.WaitForExit(); // the output readers reach the end of both streams
        lock (stdoutTail)
        {
            lock (stderrTail)
            {
                return new PythonCommandResult(process.ExitCode, stdout.ToString(), [.. stdoutTail], [.. stderrTail]);
            }
        }
    }

    private static void Keep(Queue<string> tail, string line)
    {
        tail.Enqueue(line);
        if (tail.Count > TailLines)
        {
            tail.Dequeue();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }
}
