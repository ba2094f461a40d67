using Reflow.Permissions;

namespace Reflow.Scripting;

/// <summary>How one runtime's script nodes run: what they may reach and their limits, unless a node sets its own.</summary>
public sealed record ScriptingOptions
{
    /// <summary>The defaults: nothing granted, <see cref="ScriptLimits.Default"/>.</summary>
    public static ScriptingOptions Default { get; } = new();

    /// <summary>
    /// What scripts without a grant of their own (the node's <c>permissions</c> setting) may reach. Default nothing:
    /// not the network's grant either (<c>NetworkOptions.Permissions</c>, which the <c>reflow</c> command fills with the
    /// graph directory for the standard components), since a script is code the graph brings along.
    /// </summary>
    public PermissionSet Permissions { get; init; } = PermissionSet.None;

    /// <summary>The limits of a call; a node's settings override each.</summary>
    public ScriptLimits Limits { get; init; } = ScriptLimits.Default;
}
