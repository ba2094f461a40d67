using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Reflow.Scripting.Python;

/// <summary>
/// One worker process: started from a <see cref="PythonCommand"/> (no shell), its frames over stdin/stdout
/// (<see cref="Channel"/>), its stderr read line by line on a background thread (into a queue for the node's log, the
/// last lines kept for a crash report), a deadline kept by killing its whole process tree.
/// </summary>
internal sealed class PythonWorker : IDisposable
{
    private const int KeptLines = 20;

    /// <summary>The most stderr lines waiting for the node's log; a script that writes more between two calls loses the rest (counted).</summary>
    private const int PendingLines = 10_000;

    private readonly Process _process;
    private readonly Thread _stderrReader;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Queue<string> _lastLines = new(KeptLines);
    private readonly ManualResetEventSlim _stderrEnded = new();
    private readonly Timer _deadline;
    private int _timedOut; // 1 once the deadline killed the worker: set on the timer's thread, read on the node's
    private int _dropped; // stderr lines not queued since the last drain: written by the reader thread, exchanged by the node's
    private int _leftBehind; // processes killed because they held the output after the worker exited: set on the Exited thread
    private readonly string? _outputPipe;
    private bool _disposed;

    private PythonWorker(Process process, string name)
    {
        _process = process;
        _outputPipe = PipeHolders.Identify(process.StandardOutput.BaseStream);
        Channel = new PythonChannel(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        _deadline = new Timer(static state => ((PythonWorker)state!).OnDeadline(), this, Timeout.Infinite, Timeout.Infinite);
        _stderrReader = new Thread(ReadErrors) { IsBackground = true, Name = "python stderr " + name };
        _stderrReader.Start();
        _process.Exited += OnExited;
        _process.EnableRaisingEvents = true; // raised at once if it has exited already
    }

    public PythonChannel Channel { get; }

    /// <summary>The worker's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the last armed deadline passed (and killed the worker).</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut) == 1;

    /// <summary>Starts <paramref name="command"/>; <paramref name="name"/> names the worker's threads.</summary>
    /// <exception cref="ScriptException">The program cannot be started.</exception>
    public static PythonWorker Start(PythonCommand command, string name)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory,
        };
        foreach (string argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (command.ClearEnvironment)
        {
            start.Environment.Clear();
        }

        foreach ((string key, string? value) in command.Environment)
        {
            start.Environment[key] = value;
        }

        try
        {
            Process process = WorkerSpawner.Start(start);
            return new PythonWorker(process, name);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ScriptException($"{name}: cannot start the Python worker ({command}): {ex.Message}", file: name, innerException: ex);
        }
    }

    /// <summary>The deadline last armed (null: none), for the message that says the worker was killed at it.</summary>
    public TimeSpan? ArmedFor { get; private set; }

    /// <summary>Kills the worker if it is still running after <paramref name="timeout"/> (null: never).</summary>
    public void Arm(TimeSpan? timeout)
    {
        ArmedFor = timeout;
        Volatile.Write(ref _timedOut, 0);
        if (timeout is { } due)
        {
            _deadline.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    public void Disarm()
    {
        if (!_disposed)
        {
            _deadline.Change(Timeout.Infinite, Timeout.Infinite);
        }
    }

    /// <summary>Writes the stderr lines read since the last call to the node's log at level "warn" (never an error).</summary>
    public void DrainLog(ScriptContext context)
    {
        while (_log.TryDequeue(out string? line))
        {
            context.Log(line, "warn");
        }

        if (Volatile.Read(ref _dropped) > 0)
        {
            context.Log($"({Interlocked.Exchange(ref _dropped, 0)} more lines of the worker's stderr were left out of the log)", "warn");
        }
    }

    /// <summary>Waits (up to <paramref name="wait"/>) until the worker's stderr has ended, so a last drain has every line.</summary>
    public void WaitForErrors(TimeSpan wait) => _stderrEnded.Wait(wait);

    /// <summary>Kills the worker and every process it started.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // exited already
        }
    }

    /// <summary>
    /// How the worker ended, for a crash report: its exit code or signal, then the last lines of its stderr. Waits
    /// up to 5 s for it to exit (its output has ended) and for the rest of its stderr.
    /// </summary>
    public string ExitReport()
    {
        if (!_process.WaitForExit(5_000))
        {
            Kill();
            _process.WaitForExit(5_000);
        }

        _stderrEnded.Wait(2_000);
        string how;
        if (!_process.HasExited)
        {
            how = "it closed its output but did not exit";
        }
        else
        {
            int code = _process.ExitCode;
            // .NET reports a death by signal N as 128 + N.
            how = code > 128 && code < 128 + 65 && !OperatingSystem.IsWindows()
                ? $"it was killed by signal {code - 128}{SignalName(code - 128)}"
                : $"it exited with code {code.ToString(CultureInfo.InvariantCulture)}";
        }

        int leftBehind = Volatile.Read(ref _leftBehind);
        if (leftBehind > 0)
        {
            how += $", leaving {leftBehind} process(es) holding its output (killed, so the node could go on)";
        }

        string[] lines;
        lock (_lastLines)
        {
            lines = [.. _lastLines];
        }

        return lines.Length == 0 ? how + " (its stderr was empty)" : how + "; the last lines of its stderr:" + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => " (SIGABRT)",
        9 => " (SIGKILL: out of memory, or killed)",
        11 => " (SIGSEGV: a crash in native code)",
        15 => " (SIGTERM)",
        _ => "",
    };

    /// <summary>
    /// The worker process is gone: whatever still holds its output (see <see cref="PipeHolders"/>) would keep the node's
    /// read — its stop included — waiting forever, and is killed.
    /// </summary>
    private void OnExited(object? sender, EventArgs e)
    {
        if (_outputPipe is not null)
        {
            // Counted before the kill: the kill ends the node's read, and the crash report it then writes reads the count.
            List<int> holders = PipeHolders.Find(_outputPipe);
            Interlocked.Add(ref _leftBehind, holders.Count);
            PipeHolders.Kill(holders);
        }
    }

    private void OnDeadline()
    {
        Volatile.Write(ref _timedOut, 1); // before the kill, so the node that sees the end of the output sees why
        Kill();
    }

    private void ReadErrors()
    {
        try
        {
            StreamReader errors = _process.StandardError;
            while (errors.ReadLine() is { } line)
            {
                if (_log.Count < PendingLines)
                {
                    _log.Enqueue(line);
                }
                else
                {
                    Interlocked.Increment(ref _dropped); // the node drains on its own thread; this keeps a runaway writer bounded
                }

                lock (_lastLines)
                {
                    if (_lastLines.Count == KeptLines)
                    {
                        _lastLines.Dequeue();
                    }

                    _lastLines.Enqueue(line);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the worker is gone
        }
        finally
        {
            _stderrEnded.Set();
        }
    }

    /// <summary>Kills the worker (when it has not exited) and releases it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _deadline.Dispose();
        Kill();
        _process.WaitForExit(5_000);
        _stderrEnded.Wait(2_000);
        Channel.Dispose();
        _process.Dispose();
        _stderrEnded.Dispose();
    }

    /// <summary>Asks a worker to stop by closing its stdin, then waits up to <paramref name="wait"/> for it to exit.</summary>
    public bool CloseAndWait(TimeSpan wait)
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // gone already
        }

        return _process.WaitForExit(wait);
    }
}
