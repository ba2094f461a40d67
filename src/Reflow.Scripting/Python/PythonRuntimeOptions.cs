namespace Reflow.Scripting.Python;

/// <summary>
/// How the Python runtime starts its workers (<c>[runtimes.python]</c>); a node's settings of the same names win.
/// </summary>
public sealed record PythonRuntimeOptions
{
    /// <summary>The defaults: <c>python3</c> on PATH, 5 restarts, the sandbox when bubblewrap is found, no packages.</summary>
    public static PythonRuntimeOptions Default { get; } = new();

    /// <summary><c>interpreter</c>: the Python 3 to run, a path or a command on PATH; null for <c>python3</c>.</summary>
    public string? Interpreter { get; init; }

    /// <summary><c>max_restarts</c>: how many times a node's worker is started again after it died or was killed; then the node's calls fail. Default 5.</summary>
    public int MaxRestarts { get; init; } = 5;

    /// <summary><c>sandbox</c>: <c>auto</c> (bubblewrap when found; the default), <c>bubblewrap</c> (required) or <c>none</c>.</summary>
    public string Sandbox { get; init; } = "auto";

    /// <summary><c>requirements</c>: pip requirement strings installed into the nodes' virtual environment.</summary>
    public IReadOnlyList<string> Requirements { get; init; } = [];

    /// <summary><c>requirements_file</c>: a pip requirements file installed into the nodes' virtual environment; null for none.</summary>
    public string? RequirementsFile { get; init; }

    /// <summary><c>wheels</c>: a folder of wheels pip installs from instead of an index; null for the user's pip configuration.</summary>
    public string? Wheels { get; init; }

    /// <summary><c>system_site_packages</c>: whether the virtual environment sees the interpreter's own packages. Default false.</summary>
    public bool SystemSitePackages { get; init; }

    /// <summary>
    /// <c>shared_environment</c>: whether nodes with the same interpreter and packages share one virtual environment
    /// (the default), or each node of each graph file gets its own (the original's per-session environments).
    /// </summary>
    public bool SharedEnvironment { get; init; } = true;

    /// <summary>
    /// Where the runtime makes its virtual environments (in a <c>venvs</c> folder inside); null for
    /// <c>$XDG_CACHE_HOME/reflow/python</c>, else <c>~/.cache/reflow/python</c>. A CI job may point it at a cached folder.
    /// </summary>
    public string? CacheDirectory { get; init; }
}
