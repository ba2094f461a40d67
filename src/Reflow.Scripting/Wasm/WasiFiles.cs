using System.Text;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// WASI preview 1's file functions over a call's <see cref="WasiFdTable"/>: the preopened directories the node is
/// granted, and descriptor operations (read, write, seek, stat, list, close). Path operations are in
/// <see cref="WasiPathCalls"/>. Every function is bound by the signature the module declares, checked against WASI's.
/// </summary>
internal static class WasiFiles
{
    private delegate int Handler(WasmCall call, Memory memory, string plugin, ReadOnlySpan<ValueBox> args);

    private const char I = 'i';
    private const char L = 'l';

    private static readonly Dictionary<string, (string Signature, Handler Handler)> s_functions = new(StringComparer.Ordinal)
    {
        ["fd_prestat_get"] = ("ii", (c, m, _, a) => PrestatGet(c, m, a[0].AsInt32(), a[1].AsInt32())),
        ["fd_prestat_dir_name"] = ("iii", (c, m, _, a) => PrestatDirName(c, m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32())),
        ["fd_read"] = ("iiii", (c, m, _, a) => Read(c, m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), null, a[3].AsInt32())),
        ["fd_pread"] = ("iiili", (c, m, _, a) => Read(c, m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt64(), a[4].AsInt32())),
        ["fd_pwrite"] = ("iiili", (c, m, _, a) => Write(c, m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt64(), a[4].AsInt32())),
        ["fd_seek"] = ("ilii", (c, m, _, a) => Seek(c, m, a[0].AsInt32(), a[1].AsInt64(), a[2].AsInt32(), a[3].AsInt32())),
        ["fd_tell"] = ("ii", (c, m, _, a) => Seek(c, m, a[0].AsInt32(), 0, 1, a[1].AsInt32())),
        ["fd_close"] = ("i", (c, _, _, a) => c.Files.Close(a[0].AsInt32()) ? WasiCodes.Success : WasiCodes.BadFileDescriptor),
        ["fd_sync"] = ("i", (c, _, _, a) => Sync(c, a[0].AsInt32())),
        ["fd_datasync"] = ("i", (c, _, _, a) => Sync(c, a[0].AsInt32())),
        ["fd_filestat_get"] = ("ii", (c, m, _, a) => FilestatGet(c, m, a[0].AsInt32(), a[1].AsInt32())),
        ["fd_fdstat_get"] = ("ii", (c, m, _, a) => FdstatGet(c, m, a[0].AsInt32(), a[1].AsInt32())),
        ["fd_readdir"] = ("iiili", (c, m, p, a) => WasiPathCalls.Readdir(c, m, p, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt64(), a[4].AsInt32())),
        ["path_open"] = ("iiiiillii", WasiPathCalls.Open),
        ["path_filestat_get"] = ("iiiii", WasiPathCalls.FilestatGet),
        ["path_create_directory"] = ("iii", WasiPathCalls.CreateDirectory),
        ["path_unlink_file"] = ("iii", WasiPathCalls.UnlinkFile),
        ["path_remove_directory"] = ("iii", WasiPathCalls.RemoveDirectory),
        ["path_rename"] = ("iiiiii", WasiPathCalls.Rename),
    };

    /// <summary>Defines <paramref name="function"/> when it is a file function; false for any other name.</summary>
    public static bool Define(Linker linker, FunctionImport function, string plugin)
    {
        if (!s_functions.TryGetValue(function.Name, out (string Signature, Handler Handler) entry))
        {
            return false;
        }

        var declared = new StringBuilder();
        foreach (ValueKind kind in function.Parameters)
        {
            declared.Append(kind switch { ValueKind.Int32 => I, ValueKind.Int64 => L, _ => '?' });
        }

        if (declared.ToString() != entry.Signature || function.Results.Count != 1 || function.Results[0] != ValueKind.Int32)
        {
            throw new ScriptException($"{plugin}: imports {WasiPreview1.Module}.{function.Name} with the signature ({string.Join(", ", function.Parameters)}) -> " +
                $"({string.Join(", ", function.Results)}); WASI preview 1 declares ({Describe(entry.Signature)}) -> (Int32)", file: plugin);
        }

        Handler handler = entry.Handler;
        linker.DefineFunction(WasiPreview1.Module, function.Name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> results) =>
            results[0] = handler(ExtismKernel.Call(caller), WasiPreview1.Memory(caller), plugin, args), function.Parameters, function.Results);
        return true;
    }

    private static string Describe(string signature) => string.Join(", ", signature.Select(c => c == I ? "Int32" : "Int64"));

    /// <summary><c>fd_write</c> to a descriptor other than stdout and stderr: a file opened for writing.</summary>
    public static int Write(WasmCall call, Memory memory, int fd, int iovs, int count, long? at, int written)
    {
        if (call.Files.Get(fd) is not { } file)
        {
            return WasiCodes.BadFileDescriptor;
        }

        if (file.IsDirectory)
        {
            return WasiCodes.IsDirectory;
        }

        if (file.Handle is not { } handle || !file.Has(WasiCodes.RightFdWrite))
        {
            return WasiCodes.BadFileDescriptor;
        }

        return Io(() =>
        {
            long position = at ?? (file.Append ? RandomAccess.GetLength(handle) : file.Position);
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> data = memory.GetSpan(memory.ReadInt32(iovs + (i * 8)), memory.ReadInt32(iovs + (i * 8) + 4));
                RandomAccess.Write(handle, data, position + total);
                total += data.Length;
            }

            if (at is null)
            {
                file.Position = position + total;
            }

            memory.WriteInt32(written, (int)total);
            return WasiCodes.Success;
        });
    }

    private static int Read(WasmCall call, Memory memory, int fd, int iovs, int count, long? at, int read)
    {
        if (fd == 0)
        {
            memory.WriteInt32(read, 0); // stdin is empty
            return WasiCodes.Success;
        }

        if (call.Files.Get(fd) is not { } file)
        {
            return WasiCodes.BadFileDescriptor;
        }

        if (file.IsDirectory)
        {
            return WasiCodes.IsDirectory;
        }

        if (file.Handle is not { } handle || !file.Has(WasiCodes.RightFdRead))
        {
            return WasiCodes.BadFileDescriptor;
        }

        return Io(() =>
        {
            long position = at ?? file.Position;
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                Span<byte> buffer = memory.GetSpan(memory.ReadInt32(iovs + (i * 8)), memory.ReadInt32(iovs + (i * 8) + 4));
                int n = RandomAccess.Read(handle, buffer, position + total);
                total += n;
                if (n < buffer.Length)
                {
                    break; // the end of the file
                }
            }

            if (at is null)
            {
                file.Position = position + total;
            }

            memory.WriteInt32(read, (int)total);
            return WasiCodes.Success;
        });
    }

    private static int Seek(WasmCall call, Memory memory, int fd, long offset, int whence, int result)
    {
        if (fd is >= 0 and < WasiFdTable.FirstPreopen)
        {
            return WasiCodes.SeekOnPipe;
        }

        if (call.Files.Get(fd) is not { } file)
        {
            return WasiCodes.BadFileDescriptor;
        }

        if (file.Handle is not { } handle)
        {
            return WasiCodes.IsDirectory;
        }

        return Io(() =>
        {
            long start = whence switch { 0 => 0, 1 => file.Position, 2 => RandomAccess.GetLength(handle), _ => -1 };
            if (start < 0 || start + offset < 0)
            {
                return WasiCodes.Invalid;
            }

            file.Position = start + offset;
            memory.WriteInt64(result, file.Position);
            return WasiCodes.Success;
        });
    }

    private static int Sync(WasmCall call, int fd) => call.Files.Get(fd) switch
    {
        { Handle: { } handle } file when file.Has(WasiCodes.RightsWriting) => Io(() =>
        {
            RandomAccess.FlushToDisk(handle);
            return WasiCodes.Success;
        }),
        { } => WasiCodes.Success,
        null => WasiCodes.BadFileDescriptor,
    };

    private static int PrestatGet(WasmCall call, Memory memory, int fd, int result)
    {
        if (call.Files.Get(fd) is not { PreopenName: { } name })
        {
            return WasiCodes.BadFileDescriptor; // a libc walks the descriptors from 3 until this
        }

        memory.WriteInt32(result, 0); // tag 0: a directory
        memory.WriteInt32(result + 4, Encoding.UTF8.GetByteCount(name));
        return WasiCodes.Success;
    }

    private static int PrestatDirName(WasmCall call, Memory memory, int fd, int buffer, int length)
    {
        if (call.Files.Get(fd) is not { PreopenName: { } name })
        {
            return WasiCodes.BadFileDescriptor;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(name);
        if (length < bytes.Length)
        {
            return WasiCodes.Invalid;
        }

        bytes.CopyTo(memory.GetSpan(buffer, bytes.Length));
        return WasiCodes.Success;
    }

    private static int FilestatGet(WasmCall call, Memory memory, int fd, int result)
    {
        if (fd is >= 0 and < WasiFdTable.FirstPreopen)
        {
            memory.GetSpan(result, 64).Clear();
            memory.WriteByte(result + 16, WasiCodes.FileTypeCharacterDevice);
            return WasiCodes.Success;
        }

        return call.Files.Get(fd) is { } file ? Io(() => WriteFilestat(memory, result, file.Path, followLinks: true)) : WasiCodes.BadFileDescriptor;
    }

    private static int FdstatGet(WasmCall call, Memory memory, int fd, int result)
    {
        byte type;
        long rights;
        long inheriting = 0;
        short flags = 0;
        if (fd is >= 0 and < WasiFdTable.FirstPreopen)
        {
            type = WasiCodes.FileTypeCharacterDevice;
            rights = fd == 0 ? WasiCodes.RightFdRead : WasiCodes.RightFdWrite;
        }
        else if (call.Files.Get(fd) is { } file)
        {
            type = file.IsDirectory ? WasiCodes.FileTypeDirectory : WasiCodes.FileTypeRegularFile;
            rights = file.RightsBase;
            inheriting = file.RightsInheriting;
            flags = file.Append ? (short)WasiCodes.FdFlagAppend : (short)0;
        }
        else
        {
            return WasiCodes.BadFileDescriptor;
        }

        memory.GetSpan(result, 24).Clear();
        memory.WriteByte(result, type);
        memory.WriteInt16(result + 2, flags);
        memory.WriteInt64(result + 8, rights);
        memory.WriteInt64(result + 16, inheriting);
        return WasiCodes.Success;
    }

    /// <summary>Writes WASI's 64-byte filestat of <paramref name="path"/>: type, size and times (device and inode are not given).</summary>
    public static int WriteFilestat(Memory memory, int result, string path, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!followLinks && info.LinkTarget is null && !info.Exists)
        {
            return WasiCodes.NoEntry;
        }

        if (followLinks && !info.Exists)
        {
            return WasiCodes.NoEntry;
        }

        Span<byte> stat = memory.GetSpan(result, 64);
        stat.Clear();
        memory.WriteByte(result + 16, FileType(info, followLinks));
        memory.WriteInt64(result + 24, 1);
        memory.WriteInt64(result + 32, info is FileInfo { Exists: true } file ? file.Length : 0);
        memory.WriteInt64(result + 40, Nanoseconds(info.LastAccessTimeUtc));
        memory.WriteInt64(result + 48, Nanoseconds(info.LastWriteTimeUtc));
        memory.WriteInt64(result + 56, Nanoseconds(info.LastWriteTimeUtc));
        return WasiCodes.Success;
    }

    public static byte FileType(FileSystemInfo info, bool followLinks) =>
        !followLinks && info.LinkTarget is not null ? WasiCodes.FileTypeSymbolicLink
        : info is DirectoryInfo ? WasiCodes.FileTypeDirectory
        : info.Exists ? WasiCodes.FileTypeRegularFile
        : WasiCodes.FileTypeUnknown;

    private static long Nanoseconds(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>Runs a file operation, turning what the system throws into WASI's error code.</summary>
    public static int Io(Func<int> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Errno(ex);
        }
    }

    public static int Errno(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => WasiCodes.NoEntry,
        PathTooLongException => WasiCodes.NameTooLong,
        UnauthorizedAccessException => WasiCodes.Access,
        _ => WasiCodes.Io,
    };
}
