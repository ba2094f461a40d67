using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>The rest of the Extism kernel a PDK imports: config, vars kept for the node, log, 64-bit loads and stores, the input as a block.</summary>
public sealed class WasmKernelTests
{
    [Fact]
    public async Task Config_vars_log_u64_and_input_offset_behave_as_extism_does()
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", WatPlugin.Module("""
            (local $block i64)
            (call $log_info (call $config_get (call $block {key})))
            (local.set $block (call $alloc (i64.const 8)))
            (call $store_u64 (local.get $block) (i64.const 0x0102030405060708))
            (if (i64.ne (call $load_u64 (local.get $block)) (i64.const 0x0102030405060708)) (then unreachable))
            (if (i64.ne (call $length (call $input_offset)) (call $input_length)) (then unreachable))
            (if (i64.eqz (call $var_get (call $block {var})))
              (then
                (call $var_set (call $block {var}) (call $block {var}))
                (call $out {first}))
              (else (call $out {again})))
            (i32.const 0)
            """,
            new Dictionary<string, string>
            {
                ["key"] = "greeting",
                ["var"] = "seen",
                ["first"] = """{"outputs":{"out":{"type":"String","data":"first"}},"state":null}""",
                ["again"] = """{"outputs":{"out":{"type":"String","data":"again"}},"state":null}""",
            },
            imports: """
                (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
                (import "extism:host/env" "log_info" (func $log_info (param i64)))
                (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
                (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
                (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
                (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
                (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
                """));
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(new { greeting = "hello from config" }),
            [("in", [Message.String("a"), Message.String("b"), Message.String("c")])]);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(["first", "again", "again"], run["out"].Select(m => m.AsString()));
        Assert.Equal(3, run.Logs.Count(line => line == "info: hello from config"));
    }
}
