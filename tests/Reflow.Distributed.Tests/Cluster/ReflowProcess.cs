using System.Diagnostics;
using System.Text;

namespace Reflow.Distributed.Tests.Cluster;

/// <summary>
/// The real <c>reflow</c> (the reflow.dll built with these tests) as a child process in the repository root:
/// <c>reflow node</c> processes to kill, and <c>reflow run --cluster</c> to run to its end.
/// </summary>
internal sealed class ReflowProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private ReflowProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    public static ReflowProcess Start(params string[] args) => StartWith(null, args);

    /// <summary>Starts <c>reflow</c> with these environment variables added to the test's own.</summary>
    public static ReflowProcess StartWith(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reflow.dll"));
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new ReflowProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        process._process.OutputDataReceived += (_, e) => process.Received(process._output, e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Received(process._error, e.Data);
        process._process.Exited += (_, _) => process.FailWaiters();
        process._process.Start();
        process._process.StandardInput.Close();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs <c>reflow</c> to its end: exit code, standard output, standard error.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunWithAsync(null, args);

    /// <summary>Runs <c>reflow</c> to its end with these environment variables added.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        await using ReflowProcess process = StartWith(environment, args);
        int code = await process.WaitForExitAsync();
        return (code, process.Output, process.Error);
    }

    /// <summary>Completes when standard error has a line containing <paramref name="text"/>; fails if the process ends first.</summary>
    public Task WaitForErrorAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_error.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            if (_process.HasExited)
            {
                return Task.FromException(Ended(text));
            }

            _waiters.Add((text, seen));
        }

        return seen.Task.WaitAsync(Patience);
    }

    /// <summary>Kills the process with SIGKILL, as a machine that vanishes: no goodbye, no cleanup.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl-C does.</summary>
    public async Task InterruptAsync()
    {
        using Process kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Patience);
        _process.WaitForExit(); // flushes the asynchronous readers
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        KillHard();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private InvalidOperationException Ended(string text) =>
        new($"reflow exited with code {_process.ExitCode} before printing '{text}'.\n--- stdout\n{Output}\n--- stderr\n{Error}");

    private void FailWaiters()
    {
        _process.WaitForExit();
        lock (_gate)
        {
            foreach ((string text, TaskCompletionSource seen) in _waiters)
            {
                seen.TrySetException(Ended(text));
            }
        }
    }

    private void Received(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            buffer.Append(line).Append('\n');
            if (ReferenceEquals(buffer, _error))
            {
                foreach ((string text, TaskCompletionSource seen) in _waiters)
                {
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        seen.TrySetResult();
                    }
                }
            }
        }
    }
}
