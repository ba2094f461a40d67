using System.Text;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// Writes test plugins against the Extism-compatible ABI in the WebAssembly text format: the kernel imports every
/// plugin uses, helpers that copy guest bytes into a kernel block (<c>$block</c>), set the output (<c>$out</c>) and
/// copy the input into guest memory at <see cref="InputAt"/> (<c>$read_input</c>), a <c>get_metadata</c> writing
/// <c>metadata</c>, and the test's own <c>process</c>. Texts named in <c>{name}</c> become data segments, the
/// placeholder becoming their <c>(i32.const offset) (i32.const length)</c>, and <c>{name@}</c> their <c>(i32.const offset)</c>.
/// </summary>
internal static class WatPlugin
{
    public const int InputAt = 65536;

    public const string PortsInOut = """{"component":"test","description":"a test plugin","inports":[{"name":"in","port_type":"Any"}],"outports":[{"name":"out","port_type":"Any"}]}""";

    public static string Module(string process, IReadOnlyDictionary<string, string> texts, string imports = "", string metadata = PortsInOut)
    {
        var data = new StringBuilder();
        int offset = 1024;
        var all = new Dictionary<string, string>(texts) { ["metadata"] = metadata };
        string body = process;
        string meta = "(call $out {metadata}) (i32.const 0)";
        foreach ((string name, string text) in all)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            string place = $"(i32.const {offset}) (i32.const {bytes.Length})";
            body = body.Replace("{" + name + "}", place, StringComparison.Ordinal).Replace("{" + name + "@}", $"(i32.const {offset})", StringComparison.Ordinal);
            meta = meta.Replace("{" + name + "}", place, StringComparison.Ordinal);
            data.Append($"  (data (i32.const {offset}) \"").Append(string.Concat(bytes.Select(b => $"\\{b:x2}"))).Append("\")\n");
            offset += bytes.Length + 8;
        }

        return $$"""
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "error_set" (func $error_set (param i64)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              {{imports}}
              (memory (export "memory") 2)
              (func $block (param $p i32) (param $n i32) (result i64) (local $o i64) (local $i i32)
                (local.set $o (call $alloc (i64.extend_i32_u (local.get $n))))
                (block $done (loop $copy
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $o) (i64.extend_i32_u (local.get $i))) (i32.load8_u (i32.add (local.get $p) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $copy)))
                (local.get $o))
              (func $out (param $p i32) (param $n i32)
                (call $output_set (call $block (local.get $p) (local.get $n)) (i64.extend_i32_u (local.get $n))))
              (func $read_input (result i32) (local $n i32) (local $i i32)
                (local.set $n (i32.wrap_i64 (call $input_length)))
                (block $done (loop $copy
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (i32.store8 (i32.add (i32.const {{InputAt}}) (local.get $i)) (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $copy)))
                (local.get $n))
              (func (export "get_metadata") (result i32) {{meta}})
              (func (export "process") (result i32) {{body}})
            {{data}})
            """;
    }

    /// <summary>A plugin that reads nothing and writes <paramref name="result"/>: the JSON of <c>process</c>.</summary>
    public static string Returning(string result, string metadata = PortsInOut) =>
        Module("(call $out {result}) (i32.const 0)", new Dictionary<string, string> { ["result"] = result }, metadata: metadata);
}
