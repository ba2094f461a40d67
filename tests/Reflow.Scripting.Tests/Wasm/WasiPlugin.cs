using System.Text;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// WAT plugins that use WASI's file functions (<see cref="WatPlugin.Module"/> with the imports): a text builder
/// (<c>$put</c> bytes, <c>$put_num</c> a number and a space, <c>$flush</c> the text as a String on out) and named
/// scratch addresses: <see cref="Fd"/> for an opened descriptor, <see cref="Count"/> for a count, <see cref="Buffer"/>
/// (4 KiB) for data, <see cref="Vector"/> for one iovec.
/// </summary>
internal static class WasiPlugin
{
    public const int Buffer = 4096;
    public const int Fd = 20000;
    public const int Count = 20008;
    public const int Vector = 20016;

    private const int Text = 40000;
    private const int Output = 50000;
    private const int Prefix = 30000;
    private const int Suffix = 30100;
    private const string PrefixJson = """{"outputs":{"out":{"type":"String","data":" """;
    private const string SuffixJson = "\"}},\"state\":null}";

    public const string Imports = """
        (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
        """;

    /// <summary>A plugin whose <c>process</c> runs <paramref name="body"/> and then flushes the text it put.</summary>
    public static string Module(string body, IReadOnlyDictionary<string, string> texts) =>
        WatPlugin.Module(body + " (call $flush) (i32.const 0)", texts, Imports + Helpers);

    private static string Helpers => $$"""
        (global $len (mut i32) (i32.const 0))
        (data (i32.const {{Prefix}}) "{{Hex(PrefixJson.TrimEnd())}}")
        (data (i32.const {{Suffix}}) "{{Hex(SuffixJson)}}")
        (func $put (param $p i32) (param $n i32)
          (memory.copy (i32.add (i32.const {{Text}}) (global.get $len)) (local.get $p) (local.get $n))
          (global.set $len (i32.add (global.get $len) (local.get $n))))
        (func $put_num (param $v i32) (local $i i32)
          (loop $digits
            (i32.store8 (i32.sub (i32.const 20999) (local.get $i)) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
            (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $digits (i32.ne (local.get $v) (i32.const 0))))
          (call $put (i32.sub (i32.const 21000) (local.get $i)) (local.get $i))
          (i32.store8 (i32.const 21000) (i32.const 32))
          (call $put (i32.const 21000) (i32.const 1)))
        (func $flush
          (memory.copy (i32.const {{Output}}) (i32.const {{Prefix}}) (i32.const {{Encoding.UTF8.GetByteCount(PrefixJson.TrimEnd())}}))
          (memory.copy (i32.const {{Output + Encoding.UTF8.GetByteCount(PrefixJson.TrimEnd())}}) (i32.const {{Text}}) (global.get $len))
          (memory.copy (i32.add (i32.const {{Output + Encoding.UTF8.GetByteCount(PrefixJson.TrimEnd())}}) (global.get $len)) (i32.const {{Suffix}}) (i32.const {{Encoding.UTF8.GetByteCount(SuffixJson)}}))
          (call $out (i32.const {{Output}}) (i32.add (global.get $len) (i32.const {{Encoding.UTF8.GetByteCount(PrefixJson.TrimEnd()) + Encoding.UTF8.GetByteCount(SuffixJson)}}))))
        """;

    private static string Hex(string text) => string.Concat(Encoding.UTF8.GetBytes(text).Select(b => $"\\{b:x2}"));
}
