using Reflow.Messages;
using Reflow.Actors;
using Reflow.Scripting.Tests.JavaScript;
using Reflow.Scripting.Wasm;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// A batch plugin that fails (returns -1, refuses its settings, writes a malformed output batch, runs forever, grows
/// without end) fails its node with the plugin's name and what happened, and a plugin missing an export of the ABI
/// fails its load naming it.
/// </summary>
public sealed class WasmBatchFailureTests
{
    private static async Task<ScriptException> FailureAsync(string wat, object? settings = null)
    {
        JsRun run = await WatBatchPlugin.RunAsync(wat, [Message.Integer(42)], settings);
        Assert.Empty(run["out"]);
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal("plugin", failed.NodeId);
        var failure = Assert.IsAssignableFrom<ScriptException>(failed.Exception);
        Assert.StartsWith("plugin.wasm: ", failure.Message, StringComparison.Ordinal);
        return failure;
    }

    private static string Returning(byte[] batch) =>
        WatBatchPlugin.Module("(call $pack {batch})", data: new Dictionary<string, byte[]> { ["batch"] = batch });

    private static readonly byte[] FortyTwo = [3, 42, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public async Task Minus_one_fails_with_the_message_of_reflow_error()
    {
        string wat = WatBatchPlugin.Module("(i64.const -1)", data: WasmBatchTests.Text("why", "the input was not to my taste"),
            functions: """(func (export "reflow_error") (result i64) (call $pack {why}))""");
        ScriptException failure = await FailureAsync(wat);
        Assert.Equal("plugin.wasm: reflow_process failed: the input was not to my taste", failure.Message);
    }

    [Fact]
    public async Task Minus_one_without_reflow_error_says_so()
    {
        ScriptException failure = await FailureAsync(WatBatchPlugin.Module("(i64.const -1)"));
        Assert.Contains("reflow_process failed (it exports no reflow_error to say why)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_reflow_init_fails_the_node_before_any_message()
    {
        string wat = WatBatchPlugin.Module(WatBatchPlugin.Identity, data: WasmBatchTests.Text("why", "missing setting 'key'"), functions: """
            (func (export "reflow_init") (param $p i32) (param $n i32) (result i32) (i32.const 3))
            (func (export "reflow_error") (result i64) (call $pack {why}))
            """);
        ScriptException failure = await FailureAsync(wat);
        Assert.Equal("plugin.wasm: reflow_init returned 3: missing setting 'key'", failure.Message);
    }

    [Fact]
    public async Task A_frame_naming_a_port_that_does_not_exist_fails_naming_frame_and_offset()
    {
        ScriptException failure = await FailureAsync(Returning([1, 0, 0, 0, 5, 9, 0, 0, 0, .. FortyTwo]));
        Assert.Contains("malformed output batch: frame 0 at byte offset 4: out-port 5 does not exist (the plugin declares 1)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_length_past_the_end_fails_naming_frame_and_offset()
    {
        ScriptException failure = await FailureAsync(Returning([2, 0, 0, 0, 0, 9, 0, 0, 0, .. FortyTwo, 0, 100, 0, 0, 0, .. FortyTwo]));
        Assert.Contains("frame 1 at byte offset 18: its length 100 runs past the end of the batch (32 bytes)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_count_larger_than_the_batch_can_hold_fails()
    {
        ScriptException failure = await FailureAsync(Returning([0xE8, 3, 0, 0, 0, 9, 0, 0, 0, .. FortyTwo]));
        Assert.Contains("declares 1000 frames, more than its 18 bytes can hold", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_message_fails_naming_frame_and_offset_and_emits_nothing_of_its_batch()
    {
        ScriptException failure = await FailureAsync(Returning([2, 0, 0, 0, 0, 9, 0, 0, 0, .. FortyTwo, 0, 1, 0, 0, 0, 99]));
        Assert.Contains("frame 1 at byte offset 18: not a valid message", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_after_the_last_frame_fail()
    {
        ScriptException failure = await FailureAsync(Returning([1, 0, 0, 0, 0, 9, 0, 0, 0, .. FortyTwo, 7]));
        Assert.Contains("1 bytes after the last frame (byte offset 18)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_batch_outside_guest_memory_fails()
    {
        ScriptException failure = await FailureAsync(WatBatchPlugin.Module("(call $pack (i32.const -65536) (i32.const 100))"));
        Assert.Contains("past the end of its memory", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped_at_the_timeout()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync(WatBatchPlugin.Module("(loop $forever (br $forever)) (i64.const 0)"), new { timeout = 300 }));
        Assert.Equal("timeout", failure.Limit);
        Assert.Contains("reflow_process ran longer than 300 ms", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_growth_without_end_stops_at_the_memory_limit()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync(WatBatchPlugin.Module("""
            (block $full (loop $grow
              (br_if $full (i32.eq (memory.grow (i32.const 16)) (i32.const -1)))
              (br $grow)))
            unreachable
            """), new { memory_limit = 4 * 1024 * 1024 }));
        Assert.Equal("memory_limit", failure.Limit);
        Assert.Contains("4194304 bytes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_larger_than_the_memory_limit_fails_as_out_of_memory()
    {
        JsRun run = await WatBatchPlugin.RunAsync(WatBatchPlugin.Module(WatBatchPlugin.Identity), [Message.Bytes(new byte[2 * 1024 * 1024])],
            new { memory_limit = 1024 * 1024 });
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        var failure = Assert.IsType<ScriptLimitException>(failed.Exception);
        Assert.Equal("memory_limit", failure.Limit);
        Assert.Contains("reflow_alloc", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reflow_alloc")]
    [InlineData("reflow_metadata")]
    [InlineData("memory")]
    public void A_missing_required_export_fails_the_load_naming_it(string missing)
    {
        string wat = WatBatchPlugin.Module(WatBatchPlugin.Identity).Replace($"(export \"{missing}\")", "", StringComparison.Ordinal);
        var error = Assert.Throws<ScriptException>(() => new WasmRuntime().Describe(new ScriptSource("script/wasm", wat, null, "batch (inline source)", null)));
        Assert.Contains($"exports no {(missing == "memory" ? "memory" : "function")} '{missing}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_signature_fails_the_load_naming_it()
    {
        string wat = WatBatchPlugin.Module("(call $pack (local.get $p) (local.get $n))").Replace("(func (export \"reflow_process\") (param $p i32) (param $n i32) (result i64)",
            "(func (export \"reflow_process\") (param $p i32) (param $n i32) (result i32) (drop", StringComparison.Ordinal)
            .Replace("(call $pack (local.get $p) (local.get $n)))\n", "(call $pack (local.get $p) (local.get $n))) (i32.const 0))\n", StringComparison.Ordinal);
        var error = Assert.Throws<ScriptException>(() => new WasmRuntime().Describe(new ScriptSource("script/wasm", wat, null, "batch (inline source)", null)));
        Assert.Contains("reflow_process is (Int32, Int32) -> (Int32); the batch ABI expects (Int32, Int32) -> (Int64)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_plugin_importing_a_json_abi_function_fails_the_load()
    {
        string wat = WatBatchPlugin.Module(WatBatchPlugin.Identity, imports: """(import "extism:host/env" "output_set" (func $output_set (param i64 i64)))""");
        var error = Assert.Throws<ScriptException>(() => new WasmRuntime().Describe(new ScriptSource("script/wasm", wat, null, "batch (inline source)", null)));
        Assert.Contains("extism:host/env.output_set, which a batch plugin (it exports reflow_process) cannot use", error.Message, StringComparison.Ordinal);
    }
}
