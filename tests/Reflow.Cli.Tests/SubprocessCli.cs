using System.Diagnostics;
using System.Text;

namespace Reflow.Cli.Tests;

/// <summary>
/// Runs the real <c>reflow</c> (the reflow.dll built with these tests) as a child process: <c>dotnet reflow.dll …</c>
/// in the repository root, so example paths resolve as the README writes them.
/// </summary>
internal sealed class SubprocessCli : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    private SubprocessCli(Process process)
    {
        _process = process;
    }

    /// <summary>The repository root (where README.md and examples/ are).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "reflow.dll");

    public static SubprocessCli Start(params string[] args) => StartIn(RepositoryRoot, args);

    /// <summary>Starts <c>reflow</c> with <paramref name="workingDirectory"/> as its current directory.</summary>
    public static SubprocessCli StartIn(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        var cli = new SubprocessCli(new Process { StartInfo = info, EnableRaisingEvents = true });
        cli._process.Exited += (_, _) => cli.FailWaiters();
        cli._process.OutputDataReceived += (_, e) => cli.Received(cli._output, e.Data);
        cli._process.ErrorDataReceived += (_, e) => cli.Received(cli._error, e.Data);
        cli._process.Start();
        cli._process.BeginOutputReadLine();
        cli._process.BeginErrorReadLine();
        return cli;
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunInAsync(RepositoryRoot, args);

    /// <summary>Runs <c>reflow</c> to its end with <paramref name="workingDirectory"/> as its current directory.</summary>
    public static async Task<CliRun> RunInAsync(string workingDirectory, params string[] args)
    {
        using SubprocessCli cli = StartIn(workingDirectory, args);
        cli.Input.Close();
        return await cli.WaitForExitAsync();
    }

    public StreamWriter Input => _process.StandardInput;

    public int Id => _process.Id;

    /// <summary>Completes when a line of standard output matches; fails after the patience runs out.</summary>
    public Task WaitForOutputAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.ToString().Split('\n').Any(match))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((match, seen));
        }

        return seen.Task.WaitAsync(Patience);
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public async Task InterruptAsync()
    {
        using Process kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public async Task<CliRun> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Patience);
        _process.WaitForExit(); // flushes the asynchronous readers
        lock (_gate)
        {
            return new CliRun(_process.ExitCode, _output.ToString(), _error.ToString());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>The process ended: a line not seen by now never will be, so the waiters fail at once instead of timing out.</summary>
    private void FailWaiters()
    {
        _process.WaitForExit(); // the last lines are read before the waiters are told
        lock (_gate)
        {
            foreach ((Func<string, bool> _, TaskCompletionSource seen) in _waiters)
            {
                seen.TrySetException(new InvalidOperationException(
                    $"reflow exited with code {_process.ExitCode} before printing the line waited for.\n--- stdout\n{_output}\n--- stderr\n{_error}"));
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
            if (ReferenceEquals(buffer, _output))
            {
                foreach ((Func<string, bool> match, TaskCompletionSource seen) in _waiters)
                {
                    if (match(line))
                    {
                        seen.TrySetResult();
                    }
                }
            }
        }
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Reflow.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: Reflow.Core.sln was not found above " + AppContext.BaseDirectory);
    }
}
