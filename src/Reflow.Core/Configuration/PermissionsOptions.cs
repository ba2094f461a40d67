using Microsoft.Extensions.Configuration;
using Reflow.Permissions;

namespace Reflow.Configuration;

/// <summary>
/// The <c>[permissions]</c> section: what graphs run with these options may reach
/// (<see cref="Networks.NetworkOptions.Permissions"/>, and the <c>env_vars</c> a graph asks for). Each array adds to
/// what is granted; an entry <c>"*"</c> grants the whole kind (like a Deno flag without a list). Relative paths
/// resolve against the current directory, as the command-line flags do. Nothing is granted by default; the
/// <c>reflow</c> command adds read and write under the graph file's directory unless told not to.
/// </summary>
public sealed record PermissionsOptions
{
    /// <summary>The entry that grants a whole kind: <c>net = ["*"]</c> is <c>--allow-net</c>.</summary>
    public const string Everything = "*";

    /// <summary><c>read</c>: path prefixes the nodes may read under (<c>--allow-read</c>).</summary>
    [ConfigurationKeyName("read")]
    public IReadOnlyList<string> Read { get; init; } = [];

    /// <summary><c>write</c>: path prefixes the nodes may write under (<c>--allow-write</c>).</summary>
    [ConfigurationKeyName("write")]
    public IReadOnlyList<string> Write { get; init; } = [];

    /// <summary><c>net</c>: hosts, each on every port (<c>example.com</c>) or one (<c>example.com:443</c>) (<c>--allow-net</c>).</summary>
    [ConfigurationKeyName("net")]
    public IReadOnlyList<string> Net { get; init; } = [];

    /// <summary><c>env</c>: environment variable names, or prefixes ending in <c>*</c> (<c>--allow-env</c>).</summary>
    [ConfigurationKeyName("env")]
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary><c>run</c>: programs, by name or path (<c>--allow-run</c>).</summary>
    [ConfigurationKeyName("run")]
    public IReadOnlyList<string> Run { get; init; } = [];

    /// <summary><c>allow_all</c>: grants everything (<c>--allow-all</c>), for graphs the host trusts entirely. Default false.</summary>
    [ConfigurationKeyName("allow_all")]
    public bool AllowAll { get; init; }

    /// <summary>The entries of <paramref name="kind"/>.</summary>
    public IReadOnlyList<string> Entries(PermissionKind kind) => kind switch
    {
        PermissionKind.Read => Read,
        PermissionKind.Write => Write,
        PermissionKind.Net => Net,
        PermissionKind.Env => Env,
        PermissionKind.Run => Run,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown permission kind."),
    };

    /// <summary>These options with <paramref name="entries"/> added to <paramref name="kind"/>'s.</summary>
    public PermissionsOptions With(PermissionKind kind, IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        IReadOnlyList<string> all = [.. Entries(kind), .. entries];
        return kind switch
        {
            PermissionKind.Read => this with { Read = all },
            PermissionKind.Write => this with { Write = all },
            PermissionKind.Net => this with { Net = all },
            PermissionKind.Env => this with { Env = all },
            _ => this with { Run = all },
        };
    }

    /// <summary>The grant these entries stand for.</summary>
    /// <exception cref="ArgumentException">An entry does not fit its kind (a host that is not one, a port out of range); the message names it.</exception>
    public PermissionSet ToPermissionSet()
    {
        if (AllowAll)
        {
            return PermissionSet.All;
        }

        PermissionSet permissions = PermissionSet.None;
        foreach (PermissionKind kind in Enum.GetValues<PermissionKind>())
        {
            IReadOnlyList<string> entries = Entries(kind);
            permissions = entries.Contains(Everything) ? permissions.WithAll(kind) : permissions.With(kind, entries);
        }

        return permissions;
    }
}
