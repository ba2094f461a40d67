using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;
using Reflow.Scripting.Tests.Wasm;
using Reflow.Scripting.Wasm;

namespace Reflow.Scripting.Tests.Limits;

/// <summary>
/// Descriptors a WebAssembly plugin holds open at once (WasiFdTable.MaxOpen: 64 besides the preopened directories, not
/// configurable): the 64th path_open succeeds, the 65th answers EMFILE (errno 33), which is logged as a warning naming
/// the limit and ends the message of a call that then fails; a descriptor closed makes room again.
/// </summary>
public sealed class WasmOpenFileLimitTests
{
    private const int Limit = 64;
    private const int TooManyOpen = 33;
    private const string OpenRead = "(call $path_open (i32.const 3) (i32.const 1) {path} (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 20000))";

    /// <summary>Opens data/hello.txt <paramref name="opens"/> times, keeping each open; puts how many opened, then the last errno, then (after closing the last one opened when <paramref name="closeAndRetry"/>) the errno of one more open; with <paramref name="failAtEnd"/> the call fails instead.</summary>
    private static string Opener(int opens, bool closeAndRetry = false, bool failAtEnd = false) => WasiPlugin.Module($$"""
        (local $i i32) (local $ok i32) (local $last i32) (local $fd i32)
        (block $done (loop $open
          (br_if $done (i32.ge_u (local.get $i) (i32.const {{opens}})))
          (local.set $last {{OpenRead}})
          (if (i32.eqz (local.get $last)) (then
            (local.set $ok (i32.add (local.get $ok) (i32.const 1)))
            (local.set $fd (i32.load (i32.const {{WasiPlugin.Fd}})))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $open)))
        (call $put_num (local.get $ok))
        (call $put_num (local.get $last))
        {{(closeAndRetry ? $"(drop (call $fd_close (local.get $fd))) (call $put_num {OpenRead})" : "")}}
        {{(failAtEnd ? "(call $error_set (call $block {failed})) (return (i32.const 1))" : "")}}
        """, new Dictionary<string, string> { ["path"] = "hello.txt", ["failed"] = "could not open them all" });

    private static async Task<JsRun> RunAsync(string wat)
    {
        using JsGraph graph = WasmGraphs.Create();
        string data = Path.GetDirectoryName(graph.Write("data/hello.txt", "hello"))!;
        graph.WriteWasm("plugin.wasm", wat);
        return await graph.RunAsync(WasmGraphs.PluginBesideNative(new { permissions = new { read = new[] { data } } }), [("in", [Message.String("go")])]);
    }

    private const string Warning = "warn: plugin.wasm: path_open('hello.txt') was denied: 64 descriptors are open already, the most a call may hold (close one first)";

    [Fact]
    public async Task The_64th_open_succeeds()
    {
        Assert.Equal(Limit, WasiFdTable.MaxOpen);

        JsRun run = await RunAsync(Opener(Limit));

        Assert.Empty(run.Result.Failures);
        Assert.Equal("64 0 ", Assert.Single(run["out"]).AsString());
        Assert.DoesNotContain(run.Logs, l => l.StartsWith("warn: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_65th_open_is_EMFILE_logged_naming_the_limit_and_a_closed_descriptor_makes_room()
    {
        JsRun run = await RunAsync(Opener(Limit + 1, closeAndRetry: true));

        Assert.Empty(run.Result.Failures);
        Assert.Equal($"{Limit} {TooManyOpen} 0 ", Assert.Single(run["out"]).AsString());
        Assert.Equal(Warning, Assert.Single(run.Logs, l => l.StartsWith("warn: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_call_that_fails_after_EMFILE_says_why()
    {
        JsRun run = await RunAsync(Opener(Limit + 1, failAtEnd: true));

        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        string failure = Assert.IsAssignableFrom<ScriptException>(failed.Exception).Message;
        Assert.EndsWith("could not open them all; path_open('hello.txt') was denied: 64 descriptors are open already, the most a call may hold (close one first)", failure, StringComparison.Ordinal);
    }
}
