namespace Reflow.Permissions;

/// <summary>
/// Turns a path into the one a permission is checked against: absolute, <c>.</c> and <c>..</c> removed the way .NET's
/// file APIs remove them (<see cref="Path.GetFullPath(string, string)"/>), then every symbolic link of the part that
/// exists replaced by its target, so a link cannot lead out of a granted directory.
/// </summary>
internal static class CanonicalPath
{
    /// <summary>More links than this on one path is a loop (Linux gives up at 40 too).</summary>
    private const int MaxLinks = 40;

    private static readonly char[] s_separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>How paths compare: without case where the usual file systems ignore it (Windows, macOS).</summary>
    public static StringComparison Comparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The canonical form of <paramref name="path"/>; a relative path is taken from <paramref name="baseDirectory"/> (the current directory when null).</summary>
    /// <exception cref="ArgumentException">The path is empty, cannot be a path (a NUL character) or goes through a loop of links.</exception>
    public static string Resolve(string path, string? baseDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a path: it holds a NUL character.", nameof(path));
        }

        string full = baseDirectory is null ? Path.GetFullPath(path) : Path.GetFullPath(path, Path.GetFullPath(baseDirectory));
        return ResolveLinks(full) ?? throw new ArgumentException($"'{path}' cannot be resolved: it goes through more than {MaxLinks} symbolic links (a loop).", nameof(path));
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="prefix"/> or lies under it (whole components: <c>/data</c> holds <c>/data/x</c>, not <c>/database</c>); both canonical.</summary>
    public static bool IsUnder(string path, string prefix)
    {
        if (!path.StartsWith(prefix, Comparison))
        {
            return false;
        }

        return path.Length == prefix.Length || IsSeparator(prefix[^1]) || IsSeparator(path[prefix.Length]);
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;

    /// <summary>Walks <paramref name="full"/> from its root, replacing each existing link by its target (whose <c>..</c> then means the target's parent, as the system reads it).</summary>
    private static string? ResolveLinks(string full)
    {
        string current = Path.GetPathRoot(full)!;
        var remaining = new Queue<string>(full[current.Length..].Split(s_separators, StringSplitOptions.RemoveEmptyEntries));
        bool exists = true; // below a missing component nothing exists, so nothing is a link
        int links = 0;
        while (remaining.TryDequeue(out string? part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current; // the root's parent is the root
                continue;
            }

            string next = Path.Join(current, part);
            if (exists && LinkTarget(next) is string target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }

                string? root = Path.IsPathRooted(target) ? Path.GetPathRoot(target) : null;
                if (!string.IsNullOrEmpty(root))
                {
                    current = Path.GetFullPath(root);
                    target = target[root.Length..];
                }

                // The target's parts come first, then what followed the link; a relative target starts at the link's folder.
                remaining = new Queue<string>([.. target.Split(s_separators, StringSplitOptions.RemoveEmptyEntries), .. remaining]);
                continue;
            }

            exists = exists && (File.Exists(next) || Directory.Exists(next));
            current = next;
        }

        return current;
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable: the system could not follow it either
        }
    }
}
