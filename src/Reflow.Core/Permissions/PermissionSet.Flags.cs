namespace Reflow.Permissions;

public sealed partial class PermissionSet
{
    /// <summary>
    /// Reads Deno-style flags: <c>--allow-read</c> (every path), <c>--allow-read=/a,/b</c>, likewise
    /// <c>--allow-write</c>, <c>--allow-net</c>, <c>--allow-env</c>, <c>--allow-run</c>, and <c>--allow-all</c> (or
    /// <c>-A</c>). The flags of the <c>[runtimes.*] permissions</c> configuration arrays take this form.
    /// </summary>
    /// <param name="flags">The flags, in any order; repeated flags add up.</param>
    /// <param name="baseDirectory">Where relative paths start; the current directory when null.</param>
    /// <exception cref="ArgumentException">A flag is unknown or its list does not fit it; the message names it.</exception>
    public static PermissionSet FromFlags(IEnumerable<string> flags, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        PermissionSet permissions = None;
        foreach (string flag in flags)
        {
            ArgumentNullException.ThrowIfNull(flag);
            string text = flag.Trim();
            if (text is "--allow-all" or "-A")
            {
                permissions = All;
                continue;
            }

            int equals = text.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? text : text[..equals];
            PermissionKind? kind = name switch
            {
                "--allow-read" => PermissionKind.Read,
                "--allow-write" => PermissionKind.Write,
                "--allow-net" => PermissionKind.Net,
                "--allow-env" => PermissionKind.Env,
                "--allow-run" => PermissionKind.Run,
                _ => null,
            };
            if (kind is not PermissionKind granted)
            {
                throw new ArgumentException(
                    $"'{flag}' is not a permission flag: expected --allow-read, --allow-write, --allow-net, --allow-env, --allow-run (each with an optional =list) or --allow-all.",
                    nameof(flags));
            }

            permissions = equals < 0
                ? permissions.WithAll(granted)
                : permissions.With(granted, SplitList(text[(equals + 1)..]), baseDirectory);
        }

        return permissions;
    }

    /// <summary>Splits a flag's comma-separated list, dropping empty entries.</summary>
    public static IReadOnlyList<string> SplitList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>The flags that grant what this set grants (<see cref="FromFlags"/> reads them back): <c>--allow-read=/srv/data --allow-net=example.com:443</c>.</summary>
    public IReadOnlyList<string> ToFlags()
    {
        if (_unrestricted == All._unrestricted)
        {
            return ["--allow-all"];
        }

        var flags = new List<string>();
        for (int i = 0; i < KindCount; i++)
        {
            var kind = (PermissionKind)i;
            IReadOnlyList<string> granted = Granted(kind);
            if (IsUnrestricted(kind))
            {
                flags.Add(FlagName(kind));
            }
            else if (granted.Count > 0)
            {
                flags.Add(FlagName(kind) + "=" + string.Join(',', granted));
            }
        }

        return flags;
    }

    /// <summary>The flags (see <see cref="ToFlags"/>), or <c>(none)</c>.</summary>
    public override string ToString() => IsNone ? "(none)" : string.Join(' ', ToFlags());
}
