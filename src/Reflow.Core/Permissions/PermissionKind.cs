namespace Reflow.Permissions;

/// <summary>What a <see cref="PermissionSet"/> grants access to, named like Deno's permissions.</summary>
public enum PermissionKind
{
    /// <summary>Reading files and directories under granted path prefixes (<c>--allow-read</c>).</summary>
    Read,

    /// <summary>Creating and writing files under granted path prefixes (<c>--allow-write</c>).</summary>
    Write,

    /// <summary>Network connections to granted hosts, on any port or on one (<c>--allow-net</c>).</summary>
    Net,

    /// <summary>Reading granted environment variables (<c>--allow-env</c>).</summary>
    Env,

    /// <summary>Starting granted programs (<c>--allow-run</c>).</summary>
    Run,
}
