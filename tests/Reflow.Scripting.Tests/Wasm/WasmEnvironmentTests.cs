using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>WASI's environment: a plugin sees the variables its node's grant allows, and none unless granted.</summary>
public sealed class WasmEnvironmentTests
{
    /// <summary>Reads the environment with environ_sizes_get / environ_get and writes the whole block to stdout (the node's log).</summary>
    private static string EnvironmentPrinter() => WatPlugin.Module("""
        (drop (call $environ_sizes_get (i32.const 2000) (i32.const 2004)))
        (drop (call $environ_get (i32.const 3000) (i32.const 8192)))
        (i32.store (i32.const 0) (i32.const 8192))
        (i32.store (i32.const 4) (i32.load (i32.const 2004)))
        (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
        (call $out {result}) (i32.const 0)
        """,
        new Dictionary<string, string> { ["result"] = """{"outputs":{"out":{"type":"Integer","data":1}},"state":null}""" },
        imports: """
            (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
            """);

    private static async Task<JsRun> RunAsync(object? settings)
    {
        Environment.SetEnvironmentVariable("REFLOW_WASI_TEST_A", "granted");
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", EnvironmentPrinter());
        return await graph.RunAsync(WasmGraphs.PluginBesideNative(settings), [("in", [Message.String("x")])]);
    }

    [Fact]
    public async Task A_plugin_sees_the_variables_its_node_is_granted_and_no_others()
    {
        JsRun run = await RunAsync(new { permissions = "--allow-env=REFLOW_WASI_TEST_*" });

        Assert.Empty(run.Result.Failures);
        Assert.Equal([1L], run["out"].Select(m => m.AsInteger()));
        string log = Assert.Single(run.Logs, l => l.StartsWith("log: ", StringComparison.Ordinal));
        Assert.Equal("log: REFLOW_WASI_TEST_A=granted\0", log);
    }

    [Fact]
    public async Task A_plugin_without_a_grant_sees_an_empty_environment()
    {
        JsRun run = await RunAsync(settings: null);

        Assert.Empty(run.Result.Failures);
        Assert.Equal([1L], run["out"].Select(m => m.AsInteger()));
        Assert.DoesNotContain(run.Logs, l => l.StartsWith("log: ", StringComparison.Ordinal)); // nothing to write
    }
}
