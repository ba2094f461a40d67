using System.Text;
using System.Text.Json.Nodes;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// One node reuses one kernel memory and one input buffer across calls (reset per call): nothing of a call's kernel
/// blocks is seen by the next, even by a plugin keeping its instance; inputs and outputs larger than the memory kept
/// between calls still work; the input JSON a plugin reads is the same on every call (config written once per node).
/// </summary>
public sealed class WasmKernelReuseTests
{
    private const string Kept = """{"component":"test","description":"a test plugin","inports":[{"name":"in","port_type":"Any"}],"outports":[{"name":"out","port_type":"Any"}],"keep_instance":true}""";

    /// <summary>
    /// Imports to copy guest bytes into a kernel block at an offset (<c>$put</c>) and the input into one (<c>$put_input</c>).
    /// </summary>
    private const string Helpers = """
        (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
        (func $put (param $o i64) (param $p i32) (param $n i32) (local $i i32)
          (block $done (loop $copy
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (call $store_u8 (i64.add (local.get $o) (i64.extend_i32_u (local.get $i))) (i32.load8_u (i32.add (local.get $p) (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $copy))))
        """;

    [Fact]
    public async Task A_kept_instance_sees_no_kernel_block_of_its_last_call_and_gets_zeroed_blocks()
    {
        // Each call: the block remembered (guest address 64) from the last call must be gone (length 0); a new block
        // (the same offset, as the memory starts empty) must read as zeros although the last call wrote 0x5A there.
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", WatPlugin.Module("""
            (local $b i64)
            (if (i64.ne (i64.load (i32.const 64)) (i64.const 0))
              (then (if (i64.ne (call $length (i64.load (i32.const 64))) (i64.const 0)) (then (call $out {stale}) (return (i32.const 0))))))
            (local.set $b (call $alloc (i64.const 8)))
            (if (i32.ne (call $load_u8 (local.get $b)) (i32.const 0)) (then (call $out {dirty}) (return (i32.const 0))))
            (call $store_u8 (local.get $b) (i32.const 0x5A))
            (i64.store (i32.const 64) (local.get $b))
            (i32.store (i32.const 72) (i32.add (i32.load (i32.const 72)) (i32.const 1)))
            (if (i32.eq (i32.load (i32.const 72)) (i32.const 1)) (then (call $out {first})) (else (call $out {clean})))
            (i32.const 0)
            """,
            new Dictionary<string, string>
            {
                ["stale"] = Result("stale block"),
                ["dirty"] = Result("dirty block"),
                ["first"] = Result("first"),
                ["clean"] = Result("clean"),
            },
            metadata: Kept));
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(), [("in", [Message.Integer(1), Message.Integer(2), Message.Integer(3)])]);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(["first", "clean", "clean"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task Inputs_and_outputs_of_megabytes_work_between_small_ones_on_a_kept_instance()
    {
        // The plugin answers a String of as many 'x' as its input JSON has bytes: a 3 MB message grows the node's
        // kernel memory past what it keeps between calls; the small calls around it still read and write correctly.
        const string prefix = "{\"outputs\":{\"out\":{\"type\":\"String\",\"data\":\"";
        const string suffix = "\"}}}";
        int p = Encoding.UTF8.GetByteCount(prefix), s = Encoding.UTF8.GetByteCount(suffix);
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", WatPlugin.Module($$"""
            (local $n i64) (local $o i64) (local $i i64)
            (local.set $n (call $input_length))
            (local.set $o (call $alloc (i64.add (local.get $n) (i64.const {{p + s}}))))
            (call $put (local.get $o) {prefix})
            (block $done (loop $fill
              (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
              (call $store_u8 (i64.add (local.get $o) (i64.add (i64.const {{p}}) (local.get $i))) (i32.const 0x78))
              (local.set $i (i64.add (local.get $i) (i64.const 1)))
              (br $fill)))
            (call $put (i64.add (local.get $o) (i64.add (i64.const {{p}}) (local.get $n))) {suffix})
            (call $output_set (local.get $o) (i64.add (local.get $n) (i64.const {{p + s}})))
            (i32.const 0)
            """, new Dictionary<string, string> { ["prefix"] = prefix, ["suffix"] = suffix }, imports: Helpers, metadata: Kept));
        string[] inputs = ["a", new string('b', 3_000_000), "cc", new string('d', 1_500_000), "e"];
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(), [("in", [.. inputs.Select(Message.String)])]);
        Assert.Empty(run.Result.Failures);
        string[] outputs = [.. run["out"].Select(m => m.AsString())];
        Assert.Equal(inputs.Length, outputs.Length);
        Assert.All(outputs, o => Assert.True(o.All(c => c == 'x')));
        int overhead = outputs[0].Length - inputs[0].Length; // the input JSON's bytes besides the message's text
        Assert.True(overhead > 50, $"the input JSON holds more than the message ({overhead})");
        Assert.Equal(inputs.Select(i => i.Length + overhead), outputs.Select(o => o.Length));
    }

    [Fact]
    public async Task Every_call_reads_the_same_input_json_with_its_payload_the_nodes_config_and_the_current_state()
    {
        // The plugin answers its whole input as an Object message and sets state {"n": 1}, so the second call reads it.
        const string prefix = """{"outputs":{"out":{"type":"Object","data":""";
        const string suffix = """}},"state":{"n":1}}""";
        int p = Encoding.UTF8.GetByteCount(prefix), s = Encoding.UTF8.GetByteCount(suffix);
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", WatPlugin.Module($$"""
            (local $n i64) (local $o i64) (local $i i64)
            (local.set $n (call $input_length))
            (local.set $o (call $alloc (i64.add (local.get $n) (i64.const {{p + s}}))))
            (call $put (local.get $o) {prefix})
            (block $done (loop $copy
              (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
              (call $store_u8 (i64.add (local.get $o) (i64.add (i64.const {{p}}) (local.get $i))) (call $input_load_u8 (local.get $i)))
              (local.set $i (i64.add (local.get $i) (i64.const 1)))
              (br $copy)))
            (call $put (i64.add (local.get $o) (i64.add (i64.const {{p}}) (local.get $n))) {suffix})
            (call $output_set (local.get $o) (i64.add (local.get $n) (i64.const {{p + s}})))
            (i32.const 0)
            """, new Dictionary<string, string> { ["prefix"] = prefix, ["suffix"] = suffix }, imports: Helpers));
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(new { greeting = "hi", depth = 3 }),
            [("in", [Message.Integer(7), Message.String("two")])]);
        Assert.Empty(run.Result.Failures);
        JsonNode[] seen = [.. run["out"].Select(m => JsonNode.Parse(MessageJson.ToJson(m))!)];
        Assert.Equal(2, seen.Length);
        Assert.Equal(["payload", "config", "state"], seen[0].AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"in":{"type":"Integer","data":7}}"""), seen[0]["payload"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"in":{"type":"String","data":"two"}}"""), seen[1]["payload"]));
        JsonNode config = seen[0]["config"]!;
        Assert.Equal(["node_id", "component", "resolved_env", "config", "namespace"], config.AsObject().Select(p => p.Key));
        Assert.Equal("plugin", (string?)config["node_id"]);
        Assert.False(string.IsNullOrEmpty((string?)config["component"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{}"), config["resolved_env"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"greeting":"hi","depth":3}"""), config["config"]));
        Assert.Null(config["namespace"]);
        Assert.True(JsonNode.DeepEquals(config, seen[1]["config"]), "the config part is the same on every call");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{}"), seen[0]["state"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"n":1}"""), seen[1]["state"]));
    }

    private static string Result(string text) => "{\"outputs\":{\"out\":{\"type\":\"String\",\"data\":\"" + text + "\"}}}";
}
