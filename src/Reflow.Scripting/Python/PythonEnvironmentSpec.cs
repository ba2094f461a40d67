namespace Reflow.Scripting.Python;

/// <summary>What a node's Python environment holds: the <c>requirements</c>, <c>requirements_file</c>, <c>wheels</c> and <c>system_site_packages</c> settings.</summary>
/// <param name="Requirements">pip requirement strings (<c>"numpy&gt;=1.24"</c>).</param>
/// <param name="RequirementsFile">A requirements file (absolute), or null.</param>
/// <param name="Wheels">A folder of wheels to install from instead of an index (pip <c>--no-index --find-links</c>), or null.</param>
/// <param name="SystemSitePackages">Whether the environment also sees the interpreter's installed packages.</param>
internal sealed record PythonEnvironmentSpec(IReadOnlyList<string> Requirements, string? RequirementsFile, string? Wheels, bool SystemSitePackages)
{
    /// <summary>No requirements and no system packages: the interpreter itself, no venv.</summary>
    public static PythonEnvironmentSpec None { get; } = new([], null, null, false);

    /// <summary>Who the environment belongs to when it is not shared (<c>shared_environment = false</c>: a graph file and node), or null.</summary>
    public string? Owner { get; init; }

    /// <summary>Whether a venv is needed at all.</summary>
    public bool NeedsEnvironment => Requirements.Count > 0 || RequirementsFile is not null || SystemSitePackages;

    /// <summary>Whether pip has anything to install.</summary>
    public bool HasRequirements => Requirements.Count > 0 || RequirementsFile is not null;
}
