using System.Text;
using System.Text.Json;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// Writes test plugins against the batch ABI in the WebAssembly text format: a bump <c>reflow_alloc</c> (from
/// <see cref="HeapAt"/>, growing memory), <c>reflow_metadata</c>, <c>$pack</c> (pointer and length into the i64 the
/// ABI returns), the test's <c>reflow_process</c> (params <c>$p</c>, <c>$n</c>) and any other functions. Data named in
/// <c>{name}</c> becomes a data segment, the placeholder becoming <c>(i32.const offset) (i32.const length)</c>, and
/// <c>{name@}</c> its <c>(i32.const offset)</c>. Guest memory at <see cref="OutAt"/> is free for output batches.
/// </summary>
internal static class WatBatchPlugin
{
    public const int OutAt = 65536;

    public const int HeapAt = 131072;

    /// <summary>Metadata with in-port "in" and <paramref name="outPorts"/>, plus <paramref name="extra"/> JSON members (e.g. <c>"keep_instance":true</c>).</summary>
    public static string Metadata(string extra = "", params string[] outPorts)
    {
        string[] outs = outPorts.Length == 0 ? ["out"] : outPorts;
        string ports = string.Join(",", outs.Select(p => $$"""{"name":"{{p}}","port_type":"Any"}"""));
        return $$"""{"component":"batch","description":"a batch test plugin","inports":[{"name":"in","port_type":"Any"}],"outports":[{{ports}}]{{(extra.Length > 0 ? "," + extra : "")}}}""";
    }

    /// <summary>Returns the input batch as the output batch: each frame goes out on the port of its index.</summary>
    public const string Identity = "(call $pack (local.get $p) (local.get $n))";

    public static string Module(string process, string? metadata = null, IReadOnlyDictionary<string, byte[]>? data = null, string functions = "", string imports = "", string exports = "")
    {
        var all = new Dictionary<string, byte[]>(data ?? new Dictionary<string, byte[]>()) { ["metadata"] = Encoding.UTF8.GetBytes(metadata ?? Metadata()) };
        var segments = new StringBuilder();
        string body = process;
        string meta = "(call $pack {metadata})";
        int offset = 1024;
        foreach ((string name, byte[] bytes) in all)
        {
            string place = $"(i32.const {offset}) (i32.const {bytes.Length})";
            body = body.Replace("{" + name + "}", place, StringComparison.Ordinal).Replace("{" + name + "@}", $"(i32.const {offset})", StringComparison.Ordinal);
            functions = functions.Replace("{" + name + "}", place, StringComparison.Ordinal).Replace("{" + name + "@}", $"(i32.const {offset})", StringComparison.Ordinal);
            meta = meta.Replace("{" + name + "}", place, StringComparison.Ordinal);
            segments.Append($"  (data (i32.const {offset}) \"").Append(string.Concat(bytes.Select(b => $"\\{b:x2}"))).Append("\")\n");
            offset += bytes.Length + 8;
        }

        if (offset > OutAt)
        {
            throw new ArgumentException("the test plugin's data does not fit below OutAt");
        }

        return $$"""
            (module
              {{imports}}
              (memory (export "memory") 4)
              (global $heap (mut i32) (i32.const {{HeapAt}}))
              (func $pack (param $p i32) (param $n i32) (result i64)
                (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)) (i64.extend_i32_u (local.get $n))))
              (func (export "reflow_alloc") (param $n i32) (result i32) (local $p i32) (local $end i32)
                (local.set $p (global.get $heap))
                (local.set $end (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
                (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                  (then (if (i32.eq (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1))) (i32.const -1))
                    (then (return (i32.const 0))))))
                (global.set $heap (local.get $end))
                (local.get $p))
              (func (export "reflow_metadata") (result i64) {{meta}})
              (func (export "reflow_process") (param $p i32) (param $n i32) (result i64) {{body}})
              {{functions}}
              {{exports}}
            {{segments}})
            """;
    }

    /// <summary>A graph of one batch plugin (in → <paramref name="outPorts"/>, each exported under its name) with <paramref name="settings"/>.</summary>
    public static string Graph(object? settings = null, params string[] outPorts) => JsonSerializer.Serialize(new
    {
        processes = new Dictionary<string, object> { ["plugin"] = new { component = "./plugin.wasm", metadata = settings } },
        connections = Array.Empty<object>(),
        inports = new Dictionary<string, object> { ["in"] = new { process = "plugin", port = "in" } },
        outports = (outPorts.Length == 0 ? ["out"] : outPorts).ToDictionary(p => p, p => (object)new { process = "plugin", port = p }),
    });

    /// <summary>Runs <paramref name="wat"/> as the plugin of <see cref="Graph"/> with <paramref name="inputs"/>.</summary>
    public static async Task<JsRun> RunAsync(string wat, Message[] inputs, object? settings = null, string[]? outPorts = null, Reflow.Networks.NetworkOptions? options = null)
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", wat);
        return await graph.RunAsync(Graph(settings, outPorts ?? []), [("in", inputs)], networkOptions: options);
    }
}
