using Reflow.Permissions;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// The descriptors of one call into a plugin: 0-2 are stdin, stdout and stderr (handled by <see cref="WasiPreview1"/>),
/// then one preopened directory per existing directory the node is granted <c>read</c> or <c>write</c> (a grant of
/// both is one preopen), then what the plugin opens, at most <see cref="MaxOpen"/> at a time. Made on a call's first
/// file access, closed with the call: no handle outlives it.
/// </summary>
internal sealed class WasiFdTable : IDisposable
{
    /// <summary>The most descriptors a plugin may hold open at once (beyond the preopens): EMFILE past it.</summary>
    public const int MaxOpen = 64;

    public const int FirstPreopen = 3;

    private readonly List<WasiFd?> _fds = [null, null, null];
    private int _open;

    public WasiFdTable(PermissionSet permissions)
    {
        foreach ((string path, bool read, bool write) in Preopens(permissions))
        {
            long rights = (read ? WasiCodes.RightsDirectoryRead : WasiCodes.RightFdFilestatGet) | (write ? WasiCodes.RightsDirectoryWrite : 0);

            // Everything is inheritable: a libc then asks path_open for what it wants, and what the grant does not
            // cover is denied there with a message, not silently left out of the new descriptor.
            _fds.Add(new WasiFd(path, path, directory: true) { PreopenName = path, RightsBase = rights, RightsInheriting = WasiCodes.RightsAll });
        }
    }

    /// <summary>How host paths compare, as the permissions compare them: without case on Windows and macOS.</summary>
    public static StringComparison PathComparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public WasiFd? Get(int fd) => (uint)fd < (uint)_fds.Count ? _fds[fd] : null;

    /// <summary>Adds <paramref name="fd"/> at the lowest free number; false (EMFILE) when <see cref="MaxOpen"/> are open.</summary>
    public bool TryAdd(WasiFd fd, out int number)
    {
        number = -1;
        if (_open >= MaxOpen)
        {
            return false;
        }

        _open++;
        for (int i = FirstPreopen; i < _fds.Count; i++)
        {
            if (_fds[i] is null)
            {
                _fds[i] = fd;
                number = i;
                return true;
            }
        }

        _fds.Add(fd);
        number = _fds.Count - 1;
        return true;
    }

    public bool Close(int fd)
    {
        if (fd < FirstPreopen || Get(fd) is not { } open)
        {
            return false;
        }

        _fds[fd] = null;
        if (open.PreopenName is null)
        {
            _open--;
        }

        open.Handle?.Dispose();
        return true;
    }

    public void Dispose()
    {
        for (int i = FirstPreopen; i < _fds.Count; i++)
        {
            _fds[i]?.Handle?.Dispose();
            _fds[i] = null;
        }

        _open = 0;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it, by whole components (both canonical).</summary>
    public static bool IsUnder(string path, string root)
    {
        if (!path.StartsWith(root, PathComparison))
        {
            return false;
        }

        return path.Length == root.Length || IsSeparator(root[^1]) || IsSeparator(path[root.Length]);
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;

    /// <summary>The granted directories that exist, read grants first, each once; an unrestricted grant preopens the file system's root.</summary>
    private static List<(string Path, bool Read, bool Write)> Preopens(PermissionSet permissions)
    {
        var preopens = new List<(string Path, bool Read, bool Write)>();
        string root = Path.GetPathRoot(Environment.CurrentDirectory) ?? "/";
        Add(preopens, permissions.IsUnrestricted(PermissionKind.Read) ? [root] : permissions.Granted(PermissionKind.Read), read: true);
        Add(preopens, permissions.IsUnrestricted(PermissionKind.Write) ? [root] : permissions.Granted(PermissionKind.Write), read: false);
        return preopens;
    }

    private static void Add(List<(string Path, bool Read, bool Write)> preopens, IReadOnlyList<string> paths, bool read)
    {
        foreach (string path in paths)
        {
            int same = preopens.FindIndex(p => string.Equals(p.Path, path, PathComparison));
            if (same >= 0)
            {
                preopens[same] = (path, preopens[same].Read || read, preopens[same].Write || !read);
            }
            else if (Directory.Exists(path))
            {
                preopens.Add((path, read, !read));
            }
        }
    }
}
