using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// Instances: guest memory carries over between calls of a node only when the plugin opts in (<c>keep_instance</c>,
/// both ABIs), a trap drops a kept instance, the guest runtime is initialised as Extism's host does it
/// (<c>__wasm_call_ctors</c>, else <c>_initialize</c>; never <c>_start</c>), and a large memory limit is honoured.
/// </summary>
public sealed class WasmBatchInstanceTests
{
    private static readonly NetworkOptions Resume = new() { Supervision = new SupervisionPolicy { Action = FailureAction.Resume } };

    /// <summary>For each frame: a counter in guest memory (at 64) goes up and is emitted; an integer 0 traps.</summary>
    private static string Counter(string extra) => WatBatchPlugin.Module("(local $o i32)\n" + WasmBatchTests.EachFrame($$"""
        (if (i64.eqz (i64.load (i32.add (local.get $f) (i32.const 6)))) (then unreachable))
        (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (i32.const 1)))
        (local.set $o (i32.add (i32.const {{WatBatchPlugin.OutAt + 4}}) (i32.mul (local.get $i) (i32.const 14))))
        (i32.store8 (local.get $o) (i32.const 0))
        (i32.store (i32.add (local.get $o) (i32.const 1)) (i32.const 9))
        (i32.store8 (i32.add (local.get $o) (i32.const 5)) (i32.const 3))
        (i64.store (i32.add (local.get $o) (i32.const 6)) (i64.extend_i32_u (i32.load (i32.const 64))))
        """) + $$"""

        (i32.store (i32.const {{WatBatchPlugin.OutAt}}) (local.get $count))
        (call $pack (i32.const {{WatBatchPlugin.OutAt}}) (i32.add (i32.const 4) (i32.mul (local.get $count) (i32.const 14))))
        """, WatBatchPlugin.Metadata(extra));

    private static Message[] Integers(params long[] values) => [.. values.Select(Message.Integer)];

    [Fact]
    public async Task A_batch_plugin_keeping_its_instance_sees_its_memory_carry_over()
    {
        JsRun run = await WatBatchPlugin.RunAsync(Counter("\"max_batch\":1,\"keep_instance\":true"), Integers(5, 6, 7, 8, 9));
        Assert.Empty(run.Result.Failures);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task Without_keep_instance_each_batch_starts_from_fresh_memory()
    {
        JsRun run = await WatBatchPlugin.RunAsync(Counter("\"max_batch\":1"), Integers(5, 6, 7, 8, 9));
        Assert.Empty(run.Result.Failures);
        Assert.Equal([1L, 1L, 1L, 1L, 1L], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task A_trap_drops_the_kept_instance_and_the_next_call_starts_afresh()
    {
        JsRun run = await WatBatchPlugin.RunAsync(Counter("\"max_batch\":1,\"keep_instance\":true"), Integers(5, 6, 0, 7, 8), options: Resume);
        Assert.Contains(run.Events, e => e.Kind == NetworkEventKind.ActorFailed && e.Exception!.Message.Contains("trapped", StringComparison.Ordinal));
        Assert.Equal([1L, 2L, 1L, 2L], run["out"].Select(m => m.AsInteger()));
    }

    /// <summary>A JSON-ABI plugin counting its calls in guest memory (at 64): "first" on the first, "again" after; the third traps when <paramref name="trapOnThird"/>.</summary>
    private static string JsonCounter(bool keep, bool trapOnThird = false)
    {
        string metadata = WatPlugin.PortsInOut.TrimEnd('}') + (keep ? ",\"keep_instance\":true}" : "}");
        return WatPlugin.Module($$"""
            (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (i32.const 1)))
            {{(trapOnThird ? "(if (i32.eq (i32.load (i32.const 64)) (i32.const 3)) (then unreachable))" : "")}}
            (if (i32.eq (i32.load (i32.const 64)) (i32.const 1)) (then (call $out {first})) (else (call $out {again})))
            (i32.const 0)
            """, new Dictionary<string, string> { ["first"] = """{"outputs":{"out":{"type":"String","data":"first"}}}""", ["again"] = """{"outputs":{"out":{"type":"String","data":"again"}}}""" }, metadata: metadata);
    }

    private static async Task<JsRun> RunJsonAsync(string wat, int messages, NetworkOptions? options = null)
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", wat);
        return await graph.RunAsync(WasmGraphs.PluginBesideNative(), [("in", [.. Enumerable.Range(0, messages).Select(i => Message.Integer(i))])], networkOptions: options);
    }

    [Fact]
    public async Task A_json_abi_plugin_keeping_its_instance_sees_its_memory_carry_over()
    {
        JsRun run = await RunJsonAsync(JsonCounter(keep: true), 3);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(["first", "again", "again"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_json_abi_plugin_without_keep_instance_gets_fresh_memory_each_call()
    {
        JsRun run = await RunJsonAsync(JsonCounter(keep: false), 3);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(["first", "first", "first"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_trap_drops_the_kept_instance_of_a_json_abi_plugin()
    {
        JsRun run = await RunJsonAsync(JsonCounter(keep: true, trapOnThird: true), 5, Resume);
        Assert.Contains(run.Events, e => e.Kind == NetworkEventKind.ActorFailed && e.Exception!.Message.Contains("trapped", StringComparison.Ordinal));
        Assert.Equal(["first", "again", "first", "again"], run["out"].Select(m => m.AsString()));
    }

    /// <summary>Emits the integer at guest address 200 once per call.</summary>
    private static string EmitsAddress200(string functions) => WatBatchPlugin.Module($$"""
        (i32.store (i32.const {{WatBatchPlugin.OutAt}}) (i32.const 1))
        (i32.store8 (i32.const {{WatBatchPlugin.OutAt + 4}}) (i32.const 0))
        (i32.store (i32.const {{WatBatchPlugin.OutAt + 5}}) (i32.const 9))
        (i32.store8 (i32.const {{WatBatchPlugin.OutAt + 9}}) (i32.const 3))
        (i64.store (i32.const {{WatBatchPlugin.OutAt + 10}}) (i64.extend_i32_u (i32.load (i32.const 200))))
        (call $pack (i32.const {{WatBatchPlugin.OutAt}}) (i32.const 18))
        """, WatBatchPlugin.Metadata("\"max_batch\":1"), functions: functions);

    [Fact]
    public async Task A_reactor_initialize_runs_before_each_fresh_instance_and_a_command_start_never_runs()
    {
        JsRun run = await WatBatchPlugin.RunAsync(EmitsAddress200("""
            (func (export "_initialize") (i32.store (i32.const 200) (i32.add (i32.load (i32.const 200)) (i32.const 7))))
            (func (export "_start") unreachable)
            """), Integers(1, 2));
        Assert.Empty(run.Result.Failures);
        Assert.Equal([7L, 7L], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task Wasm_call_ctors_runs_instead_of_initialize_as_in_extism()
    {
        JsRun run = await WatBatchPlugin.RunAsync(EmitsAddress200("""
            (func (export "__wasm_call_ctors") (i32.store (i32.const 200) (i32.add (i32.load (i32.const 200)) (i32.const 5))))
            (func (export "_initialize") (i32.store (i32.const 200) (i32.add (i32.load (i32.const 200)) (i32.const 100))))
            """), Integers(1));
        Assert.Empty(run.Result.Failures);
        Assert.Equal([5L], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task A_json_abi_command_module_exporting_start_runs_its_process_without_start()
    {
        string wat = WatPlugin.Module("(call $out {result}) (i32.const 0)", new Dictionary<string, string> { ["result"] = """{"outputs":{"out":{"type":"String","data":"ran"}}}""" },
            imports: """(func (export "_start") unreachable)""");
        JsRun run = await RunJsonAsync(wat, 2);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(["ran", "ran"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_large_memory_limit_lets_a_plugin_grow_far_beyond_the_default()
    {
        // 4800 more pages = 300 MiB: past the default memory_limit (256 MiB), which refuses the growth (the plugin then traps).
        string wat = WatBatchPlugin.Module("""
            (if (i32.eq (memory.grow (i32.const 4800)) (i32.const -1)) (then unreachable))
            (i32.store (i32.const 314572000) (i32.const 1))
            (call $pack (local.get $p) (local.get $n))
            """);
        JsRun run = await WatBatchPlugin.RunAsync(wat, Integers(1, 2, 3), new { memory_limit = 3L * 1024 * 1024 * 1024 });
        Assert.Empty(run.Result.Failures);
        Assert.Equal([1L, 2L, 3L], run["out"].Select(m => m.AsInteger()));

        JsRun limited = await WatBatchPlugin.RunAsync(wat, Integers(1), new { memory_limit = 256L * 1024 * 1024 });
        NetworkEvent failed = Assert.Single(limited.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Contains("unreachable", failed.Exception!.Message, StringComparison.Ordinal);
        Assert.StartsWith("plugin.wasm: reflow_process trapped", failed.Exception.Message, StringComparison.Ordinal);
    }
}
