using Reflow.Permissions;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Turns a plugin's path (relative to a directory descriptor) into the host path to use, or a denial. The path is
/// joined to the descriptor's directory, <c>..</c> removed and every symbolic link replaced by its target exactly as
/// the permission check does (<see cref="PermissionSet.CheckRead"/>); the result must lie under the preopened
/// directory the descriptor came from (else ENOTCAPABLE: an escape by <c>..</c>, a link or an absolute path) and be
/// granted for the access (else EACCES). Each denial is logged to the node's log as a warning naming the path and
/// the flag that grants it, and remembered in the call, whose failure message then ends with it.
/// </summary>
internal static class WasiPaths
{
    /// <summary>
    /// Resolves <paramref name="guestPath"/> under <paramref name="directory"/> for <paramref name="kind"/>. With
    /// <paramref name="followLast"/> false (unlink, rename, rmdir) the result names the last component itself, not
    /// what a link there points to; both it and the path followed through every link must stay under the preopen.
    /// </summary>
    public static int Resolve(WasmCall call, string plugin, string function, WasiFd directory, string guestPath, PermissionKind kind,
        bool followLast, out string hostPath)
    {
        hostPath = "";
        PermissionSet permissions = call.Node.Context?.Permissions ?? PermissionSet.None;
        if (guestPath.Length == 0)
        {
            return WasiCodes.NoEntry;
        }

        if (guestPath.Contains('\0', StringComparison.Ordinal))
        {
            return WasiCodes.Invalid;
        }

        if (Path.IsPathRooted(guestPath))
        {
            return Deny(call, plugin, function, guestPath, WasiCodes.NotCapable,
                $"'{guestPath}' is an absolute path: a plugin names files relative to a preopened directory ({Preopens(call)})");
        }

        string full;
        try
        {
            full = Path.GetFullPath(Path.Join(directory.Path, guestPath));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return ex is PathTooLongException ? WasiCodes.NameTooLong : WasiCodes.Invalid;
        }

        int errno = Check(call, plugin, function, permissions, directory.Root, guestPath, kind, full, out string canonical);
        if (errno != WasiCodes.Success || followLast)
        {
            hostPath = canonical;
            return errno;
        }

        // The entry itself: its folder canonical, its own name as written, strictly below the preopen.
        string? parent = Path.GetDirectoryName(full);
        string name = Path.GetFileName(full);
        if (parent is null || name.Length == 0)
        {
            return WasiCodes.Invalid;
        }

        errno = Check(call, plugin, function, permissions, directory.Root, guestPath, kind, parent, out string canonicalParent);
        hostPath = Path.Join(canonicalParent, name);
        if (errno == WasiCodes.Success && string.Equals(hostPath, directory.Root, WasiFdTable.PathComparison))
        {
            return Deny(call, plugin, function, guestPath, WasiCodes.NotCapable, $"'{guestPath}' is the preopened directory '{directory.Root}' itself");
        }

        return errno;
    }

    /// <summary>
    /// EBADF for a path relative to a descriptor that is no open directory. When the node is granted no directory at
    /// all (nothing is preopened) that is the likely cause, so it is a denial saying so (logged, and in a failure).
    /// </summary>
    public static int NotADirectory(WasmCall call, string plugin, string function, string guestPath) =>
        call.Files.Get(WasiFdTable.FirstPreopen) is { PreopenName: not null }
            ? WasiCodes.BadFileDescriptor
            : Deny(call, plugin, function, guestPath, WasiCodes.BadFileDescriptor,
                "the node is granted no directory, so none is preopened (grant one with --allow-read=DIR or --allow-write=DIR, or the node's permissions setting)");

    /// <summary>Logs a denial as a warning and remembers it in the call; returns <paramref name="errno"/>.</summary>
    public static int Deny(WasmCall call, string plugin, string function, string guestPath, int errno, string reason)
    {
        string denial = $"{function}('{guestPath}') was denied: {reason}";
        call.Denial = denial;
        call.Node.Log($"{plugin}: {denial}", "warn");
        return errno;
    }

    private static int Check(WasmCall call, string plugin, string function, PermissionSet permissions, string root, string guestPath,
        PermissionKind kind, string full, out string canonical)
    {
        PermissionDeniedException? denial = null;
        try
        {
            canonical = kind == PermissionKind.Read ? permissions.CheckRead(full) : permissions.CheckWrite(full);
        }
        catch (PermissionDeniedException ex)
        {
            denial = ex;
            canonical = ex.Target;
        }

        if (!WasiFdTable.IsUnder(canonical, root))
        {
            return Deny(call, plugin, function, guestPath, WasiCodes.NotCapable, denial?.Message
                ?? $"it leads out of the preopened directory '{root}' (to '{canonical}'); open it through the preopen that holds it");
        }

        return denial is null ? WasiCodes.Success : Deny(call, plugin, function, guestPath, WasiCodes.Access, denial.Message);
    }

    private static string Preopens(WasmCall call)
    {
        var names = new List<string>();
        for (int fd = WasiFdTable.FirstPreopen; call.Files?.Get(fd) is { PreopenName: { } name }; fd++)
        {
            names.Add(name);
        }

        return names.Count == 0 ? "none: the node is granted no directory" : string.Join(", ", names);
    }
}
