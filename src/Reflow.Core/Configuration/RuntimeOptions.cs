using Microsoft.Extensions.Configuration;

namespace Reflow.Configuration;

/// <summary>
/// One <c>[runtimes.NAME]</c> table: the limits and permissions of a script runtime's actors. The script runtimes
/// read them when they create a script actor; the native components ignore them.
/// </summary>
public sealed record RuntimeOptions
{
    /// <summary><c>enabled</c>: whether graphs may use this runtime's components. Default true.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// <c>permissions</c>: what the runtime's scripts may reach, as Deno-style flags (<c>"--allow-net=api.example.com"</c>),
    /// for script nodes without a <c>permissions</c> setting of their own. The <c>reflow</c> command adds the run's
    /// explicit grants (<c>[permissions]</c>, <c>--allow-*</c>) but not its default grant of the graph's directory.
    /// Default none.
    /// </summary>
    [ConfigurationKeyName("permissions")]
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary><c>memory_limit</c>: the most memory one script call may allocate, as a size (<c>"512MB"</c>); unset for the runtime's default (256 MB), <c>"0"</c> for no limit.</summary>
    [ConfigurationKeyName("memory_limit")]
    public string? MemoryLimit { get; init; }

    /// <summary><c>timeout</c>: the longest one script call may run (<c>"5s"</c>); unset for the runtime's default (10 s), <c>"0"</c> for no limit.</summary>
    [ConfigurationKeyName("timeout")]
    public TimeSpan? Timeout { get; init; }

    /// <summary><c>use_docker</c>: run the interpreter in a container (Python). Default false.</summary>
    [ConfigurationKeyName("use_docker")]
    public bool UseDocker { get; init; }

    /// <summary><c>shared_environment</c>: (Python) nodes with the same interpreter and packages share one virtual environment; false gives each node its own. Default true.</summary>
    [ConfigurationKeyName("shared_environment")]
    public bool SharedEnvironment { get; init; } = true;

    /// <summary>(Python) <c>interpreter</c>: the Python 3 to run, a path or a command on PATH; unset for <c>python3</c>.</summary>
    [ConfigurationKeyName("interpreter")]
    public string? Interpreter { get; init; }

    /// <summary>(Python) <c>sandbox</c>: <c>"auto"</c> (bubblewrap when found; the default), <c>"bubblewrap"</c> (required) or <c>"none"</c>.</summary>
    [ConfigurationKeyName("sandbox")]
    public string? Sandbox { get; init; }

    /// <summary>(Python) <c>requirements</c>: pip requirement strings installed into the nodes' virtual environment. Default none.</summary>
    [ConfigurationKeyName("requirements")]
    public IReadOnlyList<string> Requirements { get; init; } = [];

    /// <summary>(Python) <c>requirements_file</c>: a pip requirements file installed into the nodes' virtual environment.</summary>
    [ConfigurationKeyName("requirements_file")]
    public string? RequirementsFile { get; init; }

    /// <summary>(Python) <c>wheels</c>: a folder of wheels pip installs from (no index) instead of the user's pip configuration.</summary>
    [ConfigurationKeyName("wheels")]
    public string? Wheels { get; init; }

    /// <summary>(Python) <c>system_site_packages</c>: whether the virtual environment sees the interpreter's own packages. Default false.</summary>
    [ConfigurationKeyName("system_site_packages")]
    public bool SystemSitePackages { get; init; }

    /// <summary>(Python) <c>max_restarts</c>: how many times a node's worker is started again after it died or was killed. Default 5.</summary>
    [ConfigurationKeyName("max_restarts")]
    public int MaxRestarts { get; init; } = 5;

    /// <summary><see cref="MemoryLimit"/> in bytes, or null when there is none.</summary>
    /// <exception cref="FormatException"><see cref="MemoryLimit"/> is not a size.</exception>
    public long? MemoryLimitBytes => MemoryLimit is null
        ? null
        : ConfigurationText.TryParseSize(MemoryLimit, out long bytes) ? bytes : throw new FormatException($"memory_limit '{MemoryLimit}' is not a size such as \"512MB\".");
}
