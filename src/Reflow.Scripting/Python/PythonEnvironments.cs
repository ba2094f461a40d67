using System.Text.RegularExpressions;

namespace Reflow.Scripting.Python;

/// <summary>
/// The cached virtual environments of Python nodes: one per interpreter, version, requirement set and
/// <c>system_site_packages</c> flag, under <c>&lt;root&gt;/venvs/&lt;16 hex of a sha256&gt;</c>, made once with
/// <c>python -m venv</c> and pip. A lock file keeps two processes (or two nodes) from making the same one at once; a
/// <c>.complete</c> marker, written last, tells a finished environment from a half-made one, which is made again.
/// </summary>
internal sealed partial class PythonEnvironments
{
    /// <summary>The marker written into a venv once everything is installed.</summary>
    public const string CompleteMarker = ".complete";

    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    /// <summary>An environment cache under <paramref name="root"/> (null for <see cref="DefaultRoot"/>).</summary>
    public PythonEnvironments(string? root = null)
    {
        Root = Path.GetFullPath(root ?? DefaultRoot());
    }

    /// <summary>The cache's directory; environments live in its <c>venvs</c> folder.</summary>
    public string Root { get; }

    /// <summary>How long to wait for another process making the same environment. Default 15 minutes.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest venv creation or pip may run. Default 15 minutes.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary><c>$XDG_CACHE_HOME/reflow/python</c>, else <c>~/.cache/reflow/python</c>: where the runner is kept too.</summary>
    public static string DefaultRoot() => PythonRunnerFile.CacheDirectory();

    /// <summary>The directory of the environment for <paramref name="spec"/> on <paramref name="interpreter"/> (made or not).</summary>
    public string DirectoryOf(PythonInterpreter interpreter, PythonEnvironmentSpec spec) =>
        Path.Combine(Root, "venvs", Key(interpreter, spec));

    /// <summary>
    /// The environment <paramref name="spec"/> asks for: <paramref name="interpreter"/> itself when it asks for nothing,
    /// else its venv, made now (progress lines to <paramref name="progress"/>) unless a complete one is cached.
    /// </summary>
    /// <exception cref="ScriptException">venv or pip failed (the message names the requirement and has pip's last lines), or another process held the lock too long.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the half-made venv is made again next time).</exception>
    public PythonEnvironment Ensure(PythonInterpreter interpreter, PythonEnvironmentSpec spec, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interpreter);
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.NeedsEnvironment)
        {
            return new PythonEnvironment(interpreter, null, Created: false);
        }

        string directory = DirectoryOf(interpreter, spec);
        if (IsComplete(directory))
        {
            return new PythonEnvironment(PythonInterpreter.Resolve(PythonOf(directory)), directory, Created: false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        using FileStream lockFile = Lock(directory + ".lock", directory, progress, cancellationToken);
        if (IsComplete(directory))
        {
            return new PythonEnvironment(PythonInterpreter.Resolve(PythonOf(directory)), directory, Created: false); // made while we waited
        }

        if (Directory.Exists(directory))
        {
            progress?.Report($"python: removing the incomplete environment {directory} (a creation was interrupted) and making it again");
            Directory.Delete(directory, recursive: true);
        }

        try
        {
            Create(interpreter, spec, directory, progress, cancellationToken);
        }
        catch
        {
            TryDelete(directory);
            throw;
        }

        return new PythonEnvironment(PythonInterpreter.Resolve(PythonOf(directory)), directory, Created: true);
    }

    private void Create(PythonInterpreter interpreter, PythonEnvironmentSpec spec, string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report($"python: creating the environment {directory} ({interpreter}{(spec.SystemSitePackages ? ", with the system's packages" : "")})");
        var venvArguments = new List<string> { "-m", "venv" };
        if (spec.SystemSitePackages)
        {
            venvArguments.Add("--system-site-packages");
        }

        if (!spec.HasRequirements)
        {
            venvArguments.Add("--without-pip"); // nothing to install: ensurepip would only cost time
        }

        venvArguments.Add(directory);
        PythonCommandResult venv = Run(new PythonCommand(interpreter.Executable, venvArguments, NoEnvironment, false, Root), progress, cancellationToken);
        if (venv.ExitCode != 0)
        {
            string hint = venv.Tail().Contains("ensurepip", StringComparison.Ordinal)
                ? " The interpreter lacks venv or ensurepip: on Debian or Ubuntu install python3-venv (apt-get install python3-venv)."
                : "";
            throw new ScriptException($"python -m venv failed with exit code {venv.ExitCode} making {directory} with {interpreter}.{hint} Its last lines:\n{venv.Tail()}");
        }

        if (spec.HasRequirements)
        {
            Install(spec, directory, progress, cancellationToken);
        }

        File.WriteAllText(Path.Combine(directory, CompleteMarker), Describe(interpreter, spec));
        progress?.Report($"python: environment {directory} ready");
    }

    private void Install(PythonEnvironmentSpec spec, string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off" };
        if (spec.Wheels is not null)
        {
            arguments.AddRange(["--no-index", "--find-links", spec.Wheels]);
        }

        if (spec.RequirementsFile is not null)
        {
            arguments.AddRange(["-r", spec.RequirementsFile]);
        }

        arguments.AddRange(spec.Requirements);
        string wanted = string.Join(", ", spec.Requirements.Concat(spec.RequirementsFile is null ? [] : [$"-r {spec.RequirementsFile}"]));
        progress?.Report($"python: pip install {wanted}{(spec.Wheels is null ? "" : $" from the wheels in {spec.Wheels}")}");
        PythonCommandResult pip = Run(new PythonCommand(PythonOf(directory), arguments, NoEnvironment, false, Root), progress, cancellationToken);
        if (pip.ExitCode != 0)
        {
            string tail = pip.Tail(15);
            string which = FailedRequirement().Match(tail) is { Success: true } match
                ? $"the requirement '{match.Groups["name"].Value}'"
                : $"the requirements ({wanted})";
            throw new ScriptException(
                $"pip could not install {which} into the Python environment {directory} (exit code {pip.ExitCode}" +
                $"{(spec.Wheels is null ? "; the index comes from your pip configuration" : $"; installing only from the wheels in {spec.Wheels}")}). pip's last lines:\n{tail}");
        }
    }

    private PythonCommandResult Run(PythonCommand command, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return PythonCommandRunner.Run(command, null, progress is null ? null : line => progress.Report("python: " + line), CommandTimeout, cancellationToken);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            throw new ScriptException($"'{command.FileName} {string.Join(' ', command.Arguments)}' failed: {e.Message}");
        }
    }

    private FileStream Lock(string path, string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + LockTimeout;
        bool told = false;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix: held by another process (or another stream of this one), it fails at once.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!told)
                {
                    progress?.Report($"python: waiting for another process making the environment {directory}");
                    told = true;
                }

                if (cancellationToken.CanBeCanceled)
                {
                    cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
                }
                else
                {
                    Thread.Sleep(200);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (IOException e)
            {
                throw new ScriptException(
                    $"the Python environment {directory} was still being made by another process after {LockTimeout.TotalMinutes:0} minutes " +
                    $"(its lock file {path} is held): {e.Message}");
            }
        }
    }

    private static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, CompleteMarker)) && File.Exists(PythonOf(directory));

    private static string PythonOf(string directory) => Path.Combine(directory, "bin", "python");

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left half-made: without its marker it is made again next time.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"(?:satisfies the requirement|No matching distribution found for) (?<name>[^\s(]+)")]
    private static partial Regex FailedRequirement();
}
