using Reflow.Messages;
using Reflow.Permissions;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// WASI files: a plugin reaches the directories its node is granted (preopened, read or write) and nothing else;
/// every denial answers an error code, is logged as a warning naming the flag to grant, and ends the message of a
/// call that then fails.
/// </summary>
public sealed class WasmWasiFileTests
{
    private const string OpenRead = "(call $path_open (i32.const 3) (i32.const 1) {path} (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 20000))";
    private const string OpenCreate = "(call $path_open (i32.const 3) (i32.const 1) {path} (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 20000))";

    /// <summary>Opens {path} for reading, puts the errno, then reads up to 4000 bytes and puts them.</summary>
    private static string Reader(string path) => WasiPlugin.Module($"""
        (call $put_num {OpenRead})
        (i32.store (i32.const {WasiPlugin.Vector}) (i32.const {WasiPlugin.Buffer}))
        (i32.store (i32.const {WasiPlugin.Vector + 4}) (i32.const 4000))
        (drop (call $fd_read (i32.load (i32.const {WasiPlugin.Fd})) (i32.const {WasiPlugin.Vector}) (i32.const 1) (i32.const {WasiPlugin.Count})))
        (call $put (i32.const {WasiPlugin.Buffer}) (i32.load (i32.const {WasiPlugin.Count})))
        """, new Dictionary<string, string> { ["path"] = path });

    private static object Grant(string[]? read = null, string[]? write = null) =>
        new { permissions = new { read = read ?? [], write = write ?? [] } };

    private static string Canonical(string path) => PermissionSet.None.WithRead(path).Granted(PermissionKind.Read)[0];

    private static async Task<JsRun> RunAsync(JsGraph graph, string wat, object? settings, int messages = 1)
    {
        graph.WriteWasm("plugin.wasm", wat);
        return await graph.RunAsync(WasmGraphs.PluginBesideNative(settings), [("in", [.. Enumerable.Repeat(Message.String("go"), messages)])]);
    }

    private static string Output(JsRun run)
    {
        Assert.Empty(run.Result.Failures);
        return Assert.Single(run["out"]).AsString();
    }

    private static string Warning(JsRun run) => Assert.Single(run.Logs, l => l.StartsWith("warn: ", StringComparison.Ordinal));

    [Fact]
    public async Task A_granted_file_is_read_through_its_preopen_and_its_text_output()
    {
        using JsGraph graph = WasmGraphs.Create();
        string data = Path.GetDirectoryName(graph.Write("data/hello.txt", "hello from a file"))!;

        JsRun run = await RunAsync(graph, Reader("hello.txt"), Grant(read: [data]));

        Assert.Equal("0 hello from a file", Output(run));
        Assert.DoesNotContain(run.Logs, l => l.StartsWith("warn: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_preopens_are_the_granted_directories_with_their_rights_and_a_grant_of_both_is_one()
    {
        using JsGraph graph = WasmGraphs.Create();
        string both = Canonical(Path.GetDirectoryName(graph.Write("both/x.txt", "x"))!);
        string written = Canonical(Path.GetDirectoryName(graph.Write("written/x.txt", "x"))!);
        string wat = WasiPlugin.Module($"""
            (call $put_num (call $fd_prestat_get (i32.const 3) (i32.const {WasiPlugin.Count})))
            (drop (call $fd_prestat_dir_name (i32.const 3) (i32.const {WasiPlugin.Buffer}) (i32.load (i32.const {WasiPlugin.Count + 4}))))
            (call $put (i32.const {WasiPlugin.Buffer}) (i32.load (i32.const {WasiPlugin.Count + 4})))
            (call $put_num (call $fd_prestat_get (i32.const 4) (i32.const {WasiPlugin.Count})))
            (drop (call $fd_prestat_dir_name (i32.const 4) (i32.const {WasiPlugin.Buffer}) (i32.load (i32.const {WasiPlugin.Count + 4}))))
            (call $put (i32.const {WasiPlugin.Buffer}) (i32.load (i32.const {WasiPlugin.Count + 4})))
            (call $put_num (call $fd_prestat_get (i32.const 5) (i32.const {WasiPlugin.Count})))
            (drop (call $fd_fdstat_get (i32.const 3) (i32.const 20100)))
            (call $put_num (i32.and (i32.wrap_i64 (i64.load (i32.const 20108))) (i32.const 9216)))
            (drop (call $fd_fdstat_get (i32.const 4) (i32.const 20100)))
            (call $put_num (i32.and (i32.wrap_i64 (i64.load (i32.const 20108))) (i32.const 9216)))
            (call $put_num {OpenRead})
            (drop (call $fd_fdstat_get (i32.load (i32.const {WasiPlugin.Fd})) (i32.const 20100)))
            (call $put_num (i32.load8_u (i32.const 20100)))
            (call $put_num (i32.and (i32.wrap_i64 (i64.load (i32.const 20108))) (i32.const 66)))
            """, new Dictionary<string, string> { ["path"] = "x.txt" });

        JsRun run = await RunAsync(graph, wat, Grant(read: [both], write: [written, both]));

        // Rights: PATH_OPEN (8192) alone read-only, with PATH_CREATE_FILE (1024) when writable; the file opened to read has FD_READ (2), not FD_WRITE (64).
        Assert.Equal($"0 {both}0 {written}8 9216 1024 0 4 2 ", Output(run));
    }

    [Fact]
    public async Task Without_a_grant_there_is_no_preopen()
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.Write("data/hello.txt", "hello");
        string wat = WasiPlugin.Module($"(call $put_num (call $fd_prestat_get (i32.const 3) (i32.const {WasiPlugin.Count}))) (call $put_num {OpenRead})",
            new Dictionary<string, string> { ["path"] = "hello.txt" });

        JsRun run = await RunAsync(graph, wat, settings: null);

        Assert.Equal("8 8 ", Output(run)); // EBADF: nothing to open under
        // ... and the log says why, naming what to grant.
        Assert.Contains(run.Logs, l => l.Contains("path_open('hello.txt') was denied: the node is granted no directory, so none is preopened (grant one with --allow-read=DIR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_is_created_and_written_under_a_granted_write_path()
    {
        using JsGraph graph = WasmGraphs.Create();
        string output = Path.Combine(graph.Directory, "out");
        Directory.CreateDirectory(output);
        string wat = WasiPlugin.Module($"""
            (call $put_num {OpenCreate})
            (i32.store (i32.const {WasiPlugin.Vector}) {"{text@}"})
            (i32.store (i32.const {WasiPlugin.Vector + 4}) (i32.const 15))
            (call $put_num (call $fd_write (i32.load (i32.const {WasiPlugin.Fd})) (i32.const {WasiPlugin.Vector}) (i32.const 1) (i32.const {WasiPlugin.Count})))
            (call $put_num (i32.load (i32.const {WasiPlugin.Count})))
            (call $put_num (call $fd_close (i32.load (i32.const {WasiPlugin.Fd}))))
            """, new Dictionary<string, string> { ["path"] = "new.txt", ["text"] = "written by wasm" });

        JsRun run = await RunAsync(graph, wat, Grant(write: [output]));

        Assert.Equal("0 0 15 0 ", Output(run));
        Assert.Equal("written by wasm", File.ReadAllText(Path.Combine(output, "new.txt")));
    }

    [Fact]
    public async Task A_directory_is_listed_in_order_and_an_entry_stated()
    {
        using JsGraph graph = WasmGraphs.Create();
        string data = Path.GetDirectoryName(graph.Write("data/b.txt", "banana"))!;
        graph.Write("data/a.txt", "apple");
        Directory.CreateDirectory(Path.Combine(data, "sub"));
        string wat = WasiPlugin.Module($$"""
            (local $p i32) (local $end i32)
            (call $put_num (call $fd_readdir (i32.const 3) (i32.const {{WasiPlugin.Buffer}}) (i32.const 4000) (i64.const 0) (i32.const {{WasiPlugin.Count}})))
            (local.set $p (i32.const {{WasiPlugin.Buffer}}))
            (local.set $end (i32.add (i32.const {{WasiPlugin.Buffer}}) (i32.load (i32.const {{WasiPlugin.Count}}))))
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
              (call $put (i32.add (local.get $p) (i32.const 24)) (i32.load (i32.add (local.get $p) (i32.const 16))))
              (call $put_num (i32.load8_u (i32.add (local.get $p) (i32.const 20))))
              (local.set $p (i32.add (local.get $p) (i32.add (i32.const 24) (i32.load (i32.add (local.get $p) (i32.const 16))))))
              (br $next)))
            (call $put_num (call $path_filestat_get (i32.const 3) (i32.const 1) {path} (i32.const 20100)))
            (call $put_num (i32.load8_u (i32.const 20116)))
            (call $put_num (i32.wrap_i64 (i64.load (i32.const 20132))))
            """, new Dictionary<string, string> { ["path"] = "a.txt" });

        JsRun run = await RunAsync(graph, wat, Grant(read: [data]));

        Assert.Equal("0 .3 ..3 a.txt4 b.txt4 sub3 0 4 5 ", Output(run));
    }

    [Fact]
    public async Task Directories_are_made_and_removed_and_files_renamed_and_unlinked_under_a_write_grant()
    {
        using JsGraph graph = WasmGraphs.Create();
        string data = Path.GetDirectoryName(graph.Write("data/a.txt", "apple"))!;
        var texts = new Dictionary<string, string> { ["d"] = "d", ["a"] = "a.txt", ["b"] = "d/b.txt" };
        string wat = WasiPlugin.Module("""
            (call $put_num (call $path_create_directory (i32.const 3) {d}))
            (call $put_num (call $path_rename (i32.const 3) {a} (i32.const 3) {b}))
            (call $put_num (call $path_create_directory (i32.const 3) {d}))
            (call $put_num (call $path_remove_directory (i32.const 3) {d}))
            (call $put_num (call $path_unlink_file (i32.const 3) {b}))
            (call $put_num (call $path_remove_directory (i32.const 3) {d}))
            (call $put_num (call $path_unlink_file (i32.const 3) {b}))
            """, texts);

        JsRun run = await RunAsync(graph, wat, Grant(write: [data]));

        // made, renamed, EEXIST, ENOTEMPTY, unlinked, removed, ENOENT
        Assert.Equal("0 0 20 55 0 0 44 ", Output(run));
        Assert.Empty(Directory.EnumerateFileSystemEntries(data));
    }
}
