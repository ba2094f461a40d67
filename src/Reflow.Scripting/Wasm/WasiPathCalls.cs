using System.Text;
using Microsoft.Win32.SafeHandles;
using Reflow.Permissions;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// WASI preview 1's path functions and <c>fd_readdir</c>: each path is resolved under its directory descriptor's
/// preopen and checked against the node's grant for its access (<see cref="WasiPaths"/>): opening to read, stat and
/// listing need <c>read</c>; creating, truncating, appending, writing, removing and renaming need <c>write</c>.
/// </summary>
internal static class WasiPathCalls
{
    /// <summary><c>path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, opened_fd)</c>.</summary>
    public static int Open(WasmCall call, Memory memory, string plugin, ReadOnlySpan<ValueBox> a)
    {
        const string function = "path_open";
        string path = Text(memory, a[2].AsInt32(), a[3].AsInt32());
        if (call.Files.Get(a[0].AsInt32()) is not { IsDirectory: true } directory)
        {
            return WasiPaths.NotADirectory(call, plugin, function, path);
        }

        int open = a[4].AsInt32();
        long rights = a[5].AsInt64();
        bool append = (a[7].AsInt32() & WasiCodes.FdFlagAppend) != 0;
        bool write = (rights & WasiCodes.RightsWriting) != 0 || (open & (WasiCodes.OpenCreate | WasiCodes.OpenTruncate)) != 0 || append;
        bool read = (rights & (WasiCodes.RightFdRead | WasiCodes.RightFdReaddir)) != 0 || !write;
        // Opened by its canonical path, so through every link (each checked), whatever the lookup flags say.
        string host = "";
        int errno = read ? WasiPaths.Resolve(call, plugin, function, directory, path, PermissionKind.Read, followLast: true, out host) : WasiCodes.Success;
        if (errno == WasiCodes.Success && write)
        {
            errno = WasiPaths.Resolve(call, plugin, function, directory, path, PermissionKind.Write, followLast: true, out host);
        }

        if (errno != WasiCodes.Success)
        {
            return errno;
        }

        if (Directory.Exists(host))
        {
            if (write)
            {
                return WasiCodes.IsDirectory;
            }

            if ((open & WasiCodes.OpenExclusive) != 0 && (open & WasiCodes.OpenCreate) != 0)
            {
                return WasiCodes.Exists;
            }

            var opened = new WasiFd(host, directory.Root, directory: true)
            {
                RightsBase = rights & (WasiCodes.RightsDirectoryRead | WasiCodes.RightsDirectoryWrite),
                RightsInheriting = WasiCodes.RightsAll,
            };
            return Add(call, memory, plugin, path, opened, a[8].AsInt32());
        }

        if ((open & WasiCodes.OpenDirectory) != 0)
        {
            return File.Exists(host) ? WasiCodes.NotDirectory : WasiCodes.NoEntry;
        }

        FileMode mode = (open & WasiCodes.OpenCreate) == 0 ? ((open & WasiCodes.OpenTruncate) != 0 ? FileMode.Truncate : FileMode.Open)
            : (open & WasiCodes.OpenExclusive) != 0 ? FileMode.CreateNew
            : (open & WasiCodes.OpenTruncate) != 0 ? FileMode.Create
            : FileMode.OpenOrCreate;
        if (mode == FileMode.CreateNew && File.Exists(host))
        {
            return WasiCodes.Exists;
        }

        FileAccess access = read && write ? FileAccess.ReadWrite : write ? FileAccess.Write : FileAccess.Read;
        SafeFileHandle? handle = null;
        errno = WasiFiles.Io(() =>
        {
            handle = File.OpenHandle(host, mode, access, FileShare.ReadWrite | FileShare.Delete);
            return WasiCodes.Success;
        });
        if (handle is null)
        {
            return errno;
        }

        var file = new WasiFd(host, directory.Root, directory: false)
        {
            Handle = handle,
            Append = append,
            RightsBase = rights & ((read ? WasiCodes.RightsFileRead : 0) | (write ? WasiCodes.RightsWriting | WasiCodes.RightFdSeek | WasiCodes.RightFdTell | WasiCodes.RightFdFilestatGet : 0)),
        };
        errno = Add(call, memory, plugin, path, file, a[8].AsInt32());
        if (errno != WasiCodes.Success)
        {
            handle.Dispose();
        }

        return errno;
    }

    /// <summary><c>path_filestat_get(fd, lookupflags, path, path_len, filestat)</c>.</summary>
    public static int FilestatGet(WasmCall call, Memory memory, string plugin, ReadOnlySpan<ValueBox> a)
    {
        string path = Text(memory, a[2].AsInt32(), a[3].AsInt32());
        if (call.Files.Get(a[0].AsInt32()) is not { IsDirectory: true } directory)
        {
            return WasiPaths.NotADirectory(call, plugin, "path_filestat_get", path);
        }

        bool follow = (a[1].AsInt32() & WasiCodes.LookupFollowLinks) != 0;
        int errno = WasiPaths.Resolve(call, plugin, "path_filestat_get", directory, path, PermissionKind.Read, follow, out string host);
        int result = a[4].AsInt32();
        return errno != WasiCodes.Success ? errno : WasiFiles.Io(() => WasiFiles.WriteFilestat(memory, result, host, follow));
    }

    /// <summary><c>path_create_directory(fd, path, path_len)</c>: the parent must exist.</summary>
    public static int CreateDirectory(WasmCall call, Memory memory, string plugin, ReadOnlySpan<ValueBox> a) =>
        Change(call, memory, plugin, "path_create_directory", a, host =>
            File.Exists(host) || Directory.Exists(host) ? WasiCodes.Exists
            : !Directory.Exists(Path.GetDirectoryName(host)) ? WasiCodes.NoEntry
            : Done(() => Directory.CreateDirectory(host)));

    /// <summary><c>path_unlink_file(fd, path, path_len)</c>: a file or a link (never what the link points to).</summary>
    public static int UnlinkFile(WasmCall call, Memory memory, string plugin, ReadOnlySpan<ValueBox> a) =>
        Change(call, memory, plugin, "path_unlink_file", a, host =>
            new FileInfo(host) is { LinkTarget: null } info && !info.Exists ? (Directory.Exists(host) ? WasiCodes.IsDirectory : WasiCodes.NoEntry)
            : Done(() => File.Delete(host)));

    /// <summary><c>path_remove_directory(fd, path, path_len)</c>: an empty directory.</summary>
    public static int RemoveDirectory(WasmCall call, Memory memory, string plugin, ReadOnlySpan<ValueBox> a) =>
        Change(call, memory, plugin, "path_remove_directory", a, host =>
            new DirectoryInfo(host) is not { Exists: true, LinkTarget: null } ? (File.Exists(host) || Directory.Exists(host) ? WasiCodes.NotDirectory : WasiCodes.NoEntry)
            : Directory.EnumerateFileSystemEntries(host).Any() ? WasiCodes.NotEmpty
            : Done(() => Directory.Delete(host)));

    /// <summary><c>path_rename(fd, old_path, old_len, new_fd, new_path, new_len)</c>: both under the <c>write</c> grant; a file replaces a file.</summary>
    public static int Rename(WasmCall call, Memory memory, string plugin, ReadOnlySpan<ValueBox> a)
    {
        const string function = "path_rename";
        if (call.Files.Get(a[0].AsInt32()) is not { IsDirectory: true } from || call.Files.Get(a[3].AsInt32()) is not { IsDirectory: true } to)
        {
            return WasiCodes.BadFileDescriptor;
        }

        string oldPath = Text(memory, a[1].AsInt32(), a[2].AsInt32());
        string newPath = Text(memory, a[4].AsInt32(), a[5].AsInt32());
        int errno = WasiPaths.Resolve(call, plugin, function, from, oldPath, PermissionKind.Write, followLast: false, out string source);
        if (errno == WasiCodes.Success)
        {
            errno = WasiPaths.Resolve(call, plugin, function, to, newPath, PermissionKind.Write, followLast: false, out string target);
            if (errno == WasiCodes.Success)
            {
                return Directory.Exists(source)
                    ? (File.Exists(target) ? WasiCodes.NotDirectory : Directory.Exists(target) ? WasiCodes.Exists : Done(() => Directory.Move(source, target)))
                    : !File.Exists(source) && new FileInfo(source).LinkTarget is null ? WasiCodes.NoEntry
                    : Directory.Exists(target) ? WasiCodes.IsDirectory
                    : Done(() => File.Move(source, target, overwrite: true));
            }
        }

        return errno;
    }

    /// <summary><c>fd_readdir(fd, buf, buf_len, cookie, bufused)</c>: ".", ".." and the entries in ordinal order; the cookie is the next entry's index.</summary>
    public static int Readdir(WasmCall call, Memory memory, string plugin, int fd, int buffer, int length, long cookie, int used)
    {
        if (call.Files.Get(fd) is not { } directory)
        {
            return WasiCodes.BadFileDescriptor;
        }

        if (!directory.IsDirectory)
        {
            return WasiCodes.NotDirectory;
        }

        PermissionSet permissions = call.Node.Context?.Permissions ?? PermissionSet.None;
        if (!permissions.TryCheck(PermissionKind.Read, directory.Path, out PermissionDeniedException? denial))
        {
            return WasiPaths.Deny(call, plugin, "fd_readdir", directory.Path, WasiCodes.Access, denial.Message);
        }

        if (cookie == 0 || directory.Listing is null)
        {
            int errno = WasiFiles.Io(() =>
            {
                directory.Listing = List(directory.Path);
                return WasiCodes.Success;
            });
            if (errno != WasiCodes.Success)
            {
                return errno;
            }
        }

        List<(string Name, byte Type)> listing = directory.Listing!;
        int written = 0;
        Span<byte> entry = stackalloc byte[24];
        for (long i = Math.Max(cookie, 0); i < listing.Count && written < length; i++)
        {
            byte[] name = Encoding.UTF8.GetBytes(listing[(int)i].Name);
            entry.Clear();
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(entry, i + 1);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(entry[16..], name.Length);
            entry[20] = listing[(int)i].Type;

            // What does not fit is cut: a libc that sees a full buffer asks again with a larger one.
            int header = Math.Min(entry.Length, length - written);
            entry[..header].CopyTo(memory.GetSpan(buffer + written, header));
            written += header;
            int text = Math.Min(name.Length, length - written);
            name.AsSpan(0, text).CopyTo(memory.GetSpan(buffer + written, text));
            written += text;
        }

        memory.WriteInt32(used, written);
        return WasiCodes.Success;
    }

    private static List<(string Name, byte Type)> List(string path)
    {
        var entries = new List<(string Name, byte Type)> { (".", WasiCodes.FileTypeDirectory), ("..", WasiCodes.FileTypeDirectory) };
        var found = new List<(string Name, byte Type)>();
        foreach (FileSystemInfo info in new DirectoryInfo(path).EnumerateFileSystemInfos())
        {
            found.Add((info.Name, WasiFiles.FileType(info, followLinks: false)));
        }

        found.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        entries.AddRange(found);
        return entries;
    }

    /// <summary>A change under the <c>write</c> grant to the entry a path names (a link itself, not its target).</summary>
    private static int Change(WasmCall call, Memory memory, string plugin, string function, ReadOnlySpan<ValueBox> a, Func<string, int> change)
    {
        if (call.Files.Get(a[0].AsInt32()) is not { IsDirectory: true } directory)
        {
            return WasiCodes.BadFileDescriptor;
        }

        string path = Text(memory, a[1].AsInt32(), a[2].AsInt32());
        int errno = WasiPaths.Resolve(call, plugin, function, directory, path, PermissionKind.Write, followLast: false, out string host);
        return errno != WasiCodes.Success ? errno : WasiFiles.Io(() => change(host));
    }

    private static int Done(Action action)
    {
        action();
        return WasiCodes.Success;
    }

    private static int Add(WasmCall call, Memory memory, string plugin, string path, WasiFd opened, int result)
    {
        if (!call.Files.TryAdd(opened, out int number))
        {
            // Told like a denial (logged, and ending the message of a call that then fails): a bare EMFILE would
            // leave the plugin's author guessing which limit was hit.
            return WasiPaths.Deny(call, plugin, "path_open", path, WasiCodes.TooManyOpen,
                $"{WasiFdTable.MaxOpen} descriptors are open already, the most a call may hold (close one first)");
        }

        memory.WriteInt32(result, number);
        return WasiCodes.Success;
    }

    private static string Text(Memory memory, int pointer, int length) => Encoding.UTF8.GetString(memory.GetSpan(pointer, length));
}
