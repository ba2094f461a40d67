using Reflow.Actors;
using Reflow.Messages;
using Reflow.Permissions;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// What WASI refuses: a path out of its preopen (absolute, by <c>..</c>, through a link), an access the grant does not
/// cover, more open descriptors than the cap. Each denial answers its error code, logs a warning naming the flag to
/// grant, and ends the failure message of a call that then fails.
/// </summary>
public sealed class WasmWasiDenialTests
{
    private const string Open = "(call $put_num (call $path_open (i32.const 3) (i32.const 1) {path} (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 20000)))";

    private static string Canonical(string path) => PermissionSet.None.WithRead(path).Granted(PermissionKind.Read)[0];

    private static object Grant(string[]? read = null, string[]? write = null) =>
        new { permissions = new { read = read ?? [], write = write ?? [] } };

    /// <summary>A folder "data" (granted to read) holding a.txt, and secret.txt beside it.</summary>
    private static (string Data, string Secret) Files(JsGraph graph)
    {
        string data = Canonical(Path.GetDirectoryName(graph.Write("data/a.txt", "apple"))!);
        return (data, Canonical(graph.Write("secret.txt", "secret")));
    }

    private static async Task<(string Output, string Warning)> DeniedAsync(JsGraph graph, string body, string path, object settings)
    {
        graph.WriteWasm("plugin.wasm", WasiPlugin.Module(body, new Dictionary<string, string> { ["path"] = path }));
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(settings), [("in", [Message.String("go")])]);
        Assert.Empty(run.Result.Failures);
        return (Assert.Single(run["out"]).AsString(), Assert.Single(run.Logs, l => l.StartsWith("warn: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_path_by_dot_dot_out_of_the_preopen_is_not_capable_and_the_warning_names_the_flag()
    {
        using JsGraph graph = WasmGraphs.Create();
        (string data, string secret) = Files(graph);

        (string output, string warning) = await DeniedAsync(graph, Open, "../secret.txt", Grant(read: [data]));

        Assert.Equal("76 ", output);
        Assert.Equal($"warn: plugin.wasm: path_open('../secret.txt') was denied: read access to '{secret}' is not granted; " +
            $"grant it with --allow-read={secret} (or the permissions.read configuration key)", warning);
    }

    [Fact]
    public async Task An_absolute_path_to_a_file_outside_the_grants_is_not_capable()
    {
        using JsGraph graph = WasmGraphs.Create();
        (string data, string secret) = Files(graph);

        (string output, string warning) = await DeniedAsync(graph, Open, secret, Grant(read: [data]));

        Assert.Equal("76 ", output);
        Assert.Equal($"warn: plugin.wasm: path_open('{secret}') was denied: '{secret}' is an absolute path: a plugin names files relative to a preopened directory ({data})", warning);
    }

    [Fact]
    public async Task A_link_in_the_preopen_pointing_out_of_it_is_not_followed()
    {
        using JsGraph graph = WasmGraphs.Create();
        (string data, string secret) = Files(graph);
        File.CreateSymbolicLink(Path.Combine(data, "link.txt"), secret);

        (string output, string warning) = await DeniedAsync(graph, Open, "link.txt", Grant(read: [data]));

        Assert.Equal("76 ", output);
        Assert.Contains($"path_open('link.txt') was denied: read access to '{Path.Combine(data, "link.txt")}' (which is '{secret}') is not granted; grant it with --allow-read={secret}",
            warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_out_of_its_preopen_is_refused_even_where_another_grant_covers_it()
    {
        using JsGraph graph = WasmGraphs.Create();
        (string data, string secret) = Files(graph);
        string other = Canonical(Path.GetDirectoryName(graph.Write("other/b.txt", "b"))!);

        (string output, string warning) = await DeniedAsync(graph, Open, "../other/b.txt", Grant(read: [data, other]));

        Assert.Equal("76 ", output);
        Assert.EndsWith($"path_open('../other/b.txt') was denied: it leads out of the preopened directory '{data}' (to '{Path.Combine(other, "b.txt")}'); open it through the preopen that holds it", warning);
    }

    [Fact]
    public async Task Creating_or_removing_under_a_read_only_grant_is_refused_and_nothing_changes()
    {
        using JsGraph graph = WasmGraphs.Create();
        (string data, _) = Files(graph);
        const string create = "(call $put_num (call $path_open (i32.const 3) (i32.const 1) {path} (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 20000)))";

        (string output, string warning) = await DeniedAsync(graph, create, "new.txt", Grant(read: [data]));
        (string unlinked, _) = await DeniedAsync(graph, "(call $put_num (call $path_unlink_file (i32.const 3) {path}))", "a.txt", Grant(read: [data]));

        Assert.Equal("2 ", output); // EACCES: inside the preopen, but not granted for writing
        string target = Path.Combine(data, "new.txt");
        Assert.Equal($"warn: plugin.wasm: path_open('new.txt') was denied: write access to '{target}' is not granted; grant it with --allow-write={target} (or the permissions.write configuration key)", warning);
        Assert.False(File.Exists(target));
        Assert.Equal("2 ", unlinked);
        Assert.True(File.Exists(Path.Combine(data, "a.txt")));
    }

    [Theory]
    [InlineData("(call $error_set (call $block {message}))", "plugin.wasm: process failed: cannot open the file")]
    [InlineData("unreachable", "plugin.wasm: process trapped: ")]
    public async Task A_plugin_that_fails_after_a_denied_open_fails_its_node_with_the_denial(string failure, string start)
    {
        using JsGraph graph = WasmGraphs.Create();
        (string data, string secret) = Files(graph);
        graph.WriteWasm("plugin.wasm", WasiPlugin.Module(Open + failure,
            new Dictionary<string, string> { ["path"] = "../secret.txt", ["message"] = "cannot open the file" }));

        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(Grant(read: [data])), [("in", [Message.String("go")])]);

        Assert.Empty(run["out"]);
        ActorFailure node = Assert.Single(run.Result.Failures);
        Assert.Equal("plugin", node.NodeId);
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        string message = Assert.IsAssignableFrom<ScriptException>(failed.Exception).Message.Split('\n')[0]; // after it: a trap's wasm backtrace
        Assert.StartsWith(start, message, StringComparison.Ordinal);
        Assert.EndsWith($"; path_open('../secret.txt') was denied: read access to '{secret}' is not granted; " +
            $"grant it with --allow-read={secret} (or the permissions.read configuration key)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_64_descriptors_are_open_at_once_and_each_call_starts_with_none_open()
    {
        using JsGraph graph = WasmGraphs.Create();
        (string data, _) = Files(graph);
        graph.WriteWasm("plugin.wasm", WasiPlugin.Module("""
            (local $ok i32) (local $e i32)
            (block $done (loop $again
              (local.set $e (call $path_open (i32.const 3) (i32.const 1) {path} (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 20000)))
              (br_if $done (i32.ne (local.get $e) (i32.const 0)))
              (local.set $ok (i32.add (local.get $ok) (i32.const 1)))
              (br_if $again (i32.lt_u (local.get $ok) (i32.const 100)))))
            (call $put_num (local.get $ok)) (call $put_num (local.get $e))
            """, new Dictionary<string, string> { ["path"] = "a.txt" }));

        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(Grant(read: [data])), [("in", [Message.String("1"), Message.String("2")])]);

        Assert.Empty(run.Result.Failures);
        Assert.Equal(["64 33 ", "64 33 "], run["out"].Select(m => m.AsString())); // EMFILE past the cap, in both calls
        if (OperatingSystem.IsLinux())
        {
            string file = Path.Combine(data, "a.txt");
            Assert.DoesNotContain(Directory.GetFiles("/proc/self/fd"), fd => new FileInfo(fd).LinkTarget == file); // closed with each call
        }
    }
}
