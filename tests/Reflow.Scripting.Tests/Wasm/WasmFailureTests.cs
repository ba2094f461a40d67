using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// A plugin that misbehaves (runs forever, grows its memory without end, recurses without end, traps, writes a
/// wrong result, reports an error, exits) fails its node with the plugin's name and what happened; the process and a
/// native node of the same network go on.
/// </summary>
public sealed class WasmFailureTests
{
    private static async Task<ScriptException> FailureAsync(string wat, object? settings = null)
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", wat);
        Message[] numbers = [.. Enumerable.Range(1, 1000).Select(i => Message.Integer(i))];
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(settings), [("in", [Message.String("x")]), ("nums", numbers)]);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), run["copy"].Select(m => m.AsInteger()));
        Assert.Empty(run["out"]);
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal("plugin", failed.NodeId);
        var failure = Assert.IsAssignableFrom<ScriptException>(failed.Exception);
        Assert.StartsWith("plugin.wasm: process", failure.Message);
        return failure;
    }

    private static string Process(string body, string functions = "") => WatPlugin.Module(body, new Dictionary<string, string>(), imports: functions);

    [Fact]
    public async Task An_infinite_loop_is_stopped_at_the_timeout()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync(Process("(loop $forever (br $forever)) (i32.const 0)"), new { timeout = 300 }));
        Assert.Equal("timeout", failure.Limit);
        Assert.Contains("ran longer than 300 ms", failure.Message);
    }

    [Fact]
    public async Task Memory_growth_without_end_stops_at_the_memory_limit()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync(Process("""
            (block $full (loop $grow
              (br_if $full (i32.eq (memory.grow (i32.const 16)) (i32.const -1)))
              (br $grow)))
            unreachable
            """), new { memory_limit = 4 * 1024 * 1024 }));
        Assert.Equal("memory_limit", failure.Limit);
        Assert.Contains("4194304 bytes", failure.Message);
    }

    [Fact]
    public async Task Host_memory_allocation_without_end_stops_at_the_memory_limit()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync(Process("""
            (loop $more (drop (call $alloc (i64.const 1048576))) (br $more))
            (i32.const 0)
            """), new { memory_limit = 4 * 1024 * 1024 }));
        Assert.Equal("memory_limit", failure.Limit);
        Assert.Contains("alloc(1048576)", failure.Message);
    }

    [Fact]
    public async Task Unbounded_recursion_overflows_the_wasm_stack()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync(Process("(drop (call $deeper (i32.const 0))) (i32.const 0)",
            "(func $deeper (param i32) (result i32) (i32.add (call $deeper (local.get 0)) (i32.const 1)))")));
        Assert.Equal("max_recursion", failure.Limit);
        Assert.Contains("stack", failure.Message);
    }

    [Fact]
    public async Task A_trap_fails_with_the_trap_message()
    {
        ScriptException failure = await FailureAsync(Process("(drop (i32.div_s (i32.const 1) (i32.const 0))) (i32.const 0)"));
        Assert.IsNotType<ScriptLimitException>(failure);
        Assert.Contains("trapped", failure.Message);
        Assert.Contains("divide by zero", failure.Message);
    }

    [Fact]
    public async Task A_result_that_is_not_json_fails_saying_so()
    {
        ScriptException failure = await FailureAsync(WatPlugin.Returning("{\"outputs\": {not json"));
        Assert.Contains("process wrote a wrong result", failure.Message);
        Assert.Contains("not JSON", failure.Message);
    }

    [Fact]
    public async Task An_output_that_is_not_a_tagged_message_fails_naming_the_port()
    {
        ScriptException failure = await FailureAsync(WatPlugin.Returning("""{"outputs":{"out":{"kind":"String"}},"state":null}"""));
        Assert.Contains("output 'out' is not a tagged message", failure.Message);
    }

    [Fact]
    public async Task Error_set_and_a_non_zero_return_fail_with_the_plugins_message()
    {
        ScriptException failure = await FailureAsync(WatPlugin.Module("(call $error_set (call $block {error})) (i32.const 1)",
            new Dictionary<string, string> { ["error"] = "the plugin says no" }));
        Assert.Equal("plugin.wasm: process failed: the plugin says no", failure.Message);

        ScriptException returned = await FailureAsync(Process("(i32.const 7)"));
        Assert.Contains("process returned 7", returned.Message);
    }

    [Fact]
    public async Task Proc_exit_with_a_code_other_than_zero_fails_the_call()
    {
        ScriptException failure = await FailureAsync(Process("(call $exit (i32.const 3)) (i32.const 0)", ProcExit));
        Assert.Contains("proc_exit(3)", failure.Message);
    }

    private const string ProcExit = """(import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))""";

    [Fact]
    public async Task Proc_exit_zero_without_an_error_is_a_successful_call_with_the_output_set_before_it()
    {
        // As Extism's host: a Go plugin ending with os.Exit(0) has succeeded. Each call exits: a fresh instance each time.
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", WatPlugin.Module("(call $out {result}) (call $exit (i32.const 0)) (i32.const 1)",
            new Dictionary<string, string> { ["result"] = """{"outputs":{"out":{"type":"Integer","data":9}},"state":null}""" }, imports: ProcExit));
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(), [("in", [Message.String("x"), Message.String("y")])]);

        Assert.Empty(run.Result.Failures);
        Assert.Equal([9L, 9L], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task Proc_exit_zero_after_an_error_fails_the_call_with_the_error()
    {
        ScriptException failure = await FailureAsync(WatPlugin.Module("(call $error_set (call $block {error})) (call $exit (i32.const 0)) (i32.const 0)",
            new Dictionary<string, string> { ["error"] = "bad input" }, imports: ProcExit));
        Assert.Contains("bad input", failure.Message);
    }

    [Fact]
    public async Task A_wasi_file_open_is_refused_and_stdout_goes_to_the_nodes_log()
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", WatPlugin.Module("""
            (i32.store (i32.const 0) {line@})
            (i32.store (i32.const 4) (i32.const 12))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (if (i32.ne (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 16)) (i32.const 8))
              (then unreachable)) ;; EBADF: without a grant there is no preopened directory to open under
            (call $out {result}) (i32.const 0)
            """,
            new Dictionary<string, string> { ["line"] = "hello wasi!\n", ["result"] = """{"outputs":{"out":{"type":"String","data":"done"}},"state":null}""" },
            imports: """
                (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
                """));
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(), [("in", [Message.String("x")])]);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(["done"], run["out"].Select(m => m.AsString()));
        Assert.Contains("log: hello wasi!", run.Logs);
    }
}
