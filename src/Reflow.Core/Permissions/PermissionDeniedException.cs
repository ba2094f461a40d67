namespace Reflow.Permissions;

/// <summary>
/// An access that the <see cref="PermissionSet"/> in effect does not grant. The message names what was denied and
/// the exact flag (and configuration key) that grants it:
/// <c>read access to '/etc/passwd' is not granted; grant it with --allow-read=/etc/passwd (or the permissions.read configuration key)</c>.
/// </summary>
public sealed class PermissionDeniedException : Exception
{
    /// <summary>Creates the exception for a denied access.</summary>
    /// <param name="kind">The permission that was missing.</param>
    /// <param name="target">What was asked for, as it is granted: a full path, <c>host:port</c>, a variable or program name.</param>
    /// <param name="requested">What the caller named, when it differs from <paramref name="target"/> (a path through a symbolic link); null otherwise.</param>
    public PermissionDeniedException(PermissionKind kind, string target, string? requested = null)
        : base(Describe(kind, target, requested))
    {
        ArgumentNullException.ThrowIfNull(target);
        Kind = kind;
        Target = target;
    }

    /// <summary>The permission that was missing.</summary>
    public PermissionKind Kind { get; }

    /// <summary>What was denied, in the form a grant takes (a full path with links resolved, <c>host:port</c>, a name).</summary>
    public string Target { get; }

    /// <summary>The command-line flag that grants it: <c>--allow-read=/etc/passwd</c>.</summary>
    public string Flag => PermissionSet.FlagName(Kind) + "=" + Target;

    /// <summary>The configuration key whose array grants it: <c>permissions.read</c>.</summary>
    public string ConfigurationKey => "permissions." + PermissionSet.KindName(Kind);

    private static string Describe(PermissionKind kind, string target, string? requested)
    {
        string what = requested is not null && requested != target ? $"'{requested}' (which is '{target}')" : $"'{target}'";
        string name = PermissionSet.KindName(kind);
        return $"{name} access to {what} is not granted; grant it with {PermissionSet.FlagName(kind)}={target} (or the permissions.{name} configuration key)";
    }
}
