using System.Diagnostics;
using System.Text;

namespace Reflow.Server.Tests.Hosting;

/// <summary>
/// A child process with its output collected: the real <c>reflow</c> (the reflow.dll built with these tests, run with
/// <c>dotnet</c>) or node's fbp-test. Killed on dispose if still running.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    private ChildProcess(Process process) => _process = process;

    /// <summary>The repository root (where Reflow.Core.sln is).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ReflowDll => Path.Combine(AppContext.BaseDirectory, "reflow.dll");

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written so far, stdout then stderr, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate)
            {
                return $"--- stdout\n{_output}--- stderr\n{_error}";
            }
        }
    }

    /// <summary>Starts <c>dotnet reflow.dll</c> with <paramref name="args"/>.</summary>
    public static ChildProcess StartReflow(params string[] args) => StartReflow(null, args);

    /// <summary>Starts <c>dotnet reflow.dll</c> with <paramref name="args"/> and these environment variables besides the test's.</summary>
    public static ChildProcess StartReflow(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start("dotnet", RepositoryRoot, environment, [ReflowDll, .. args]);

    public static ChildProcess Start(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var child = new ChildProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        child._process.Exited += (_, _) => child.FailWaiters();
        child._process.OutputDataReceived += (_, e) => child.Received(child._output, e.Data, matchWaiters: true);
        child._process.ErrorDataReceived += (_, e) => child.Received(child._error, e.Data, matchWaiters: false);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The first line of standard output that matches; fails when the process exits first or after <paramref name="patience"/>.</summary>
    public Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan patience)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.ToString().Split('\n').FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }

            if (_process.HasExited)
            {
                return Task.FromException<string>(new Xunit.Sdk.XunitException($"The process exited ({_process.ExitCode}) before printing what was awaited.\n{Transcript}"));
            }

            _waiters.Add((match, seen));
        }

        return seen.Task.WaitAsync(patience);
    }

    /// <summary>Sends SIGTERM (as a service manager, or fbp-test's own runner, stops a runtime).</summary>
    public async Task TerminateAsync()
    {
        using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end; false after <paramref name="patience"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan patience)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(patience);
            _process.WaitForExit(); // flushes the asynchronous readers
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    private void Received(StringBuilder into, string? line, bool matchWaiters)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            into.Append(line).Append('\n');
            if (!matchWaiters)
            {
                return;
            }

            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Seen.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void FailWaiters()
    {
        _process.WaitForExit(); // the last lines first
        lock (_gate)
        {
            foreach ((_, TaskCompletionSource<string> seen) in _waiters)
            {
                seen.TrySetException(new Xunit.Sdk.XunitException($"The process exited ({_process.ExitCode}) before printing what was awaited.\n--- stdout\n{_output}--- stderr\n{_error}"));
            }

            _waiters.Clear();
        }
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reflow.Core.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Reflow.Core.sln) was not found above " + AppContext.BaseDirectory);
    }
}
