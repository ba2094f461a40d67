using System.Text;

namespace Reflow.Benchmarks.Wasm;

/// <summary>
/// B11's plugins, written in the WebAssembly text format and compiled by Wasmtime's own parser at set-up
/// (<see cref="Write"/>: no tool to install; a graph then names the <c>.wasm</c> file as a user's graph would):
/// <list type="bullet">
/// <item><see cref="JsonIdentity"/>: the Extism-compatible ABI. <c>process</c> reads its input through the kernel as
/// the Go PDK does (<c>input_load_u64</c> per 8 bytes, <c>input_load_u8</c> for the rest), finds the payload's tagged
/// value (<c>{"payload":{"&lt;port&gt;":VALUE</c>, scanned to its closing brace, strings and escapes skipped), and writes
/// <c>{"outputs":{"out":VALUE}}</c> back (<c>alloc</c>, <c>store_u64</c>/<c>store_u8</c>, <c>output_set</c>);</item>
/// <item><see cref="JsonTrivial"/>: the same imports and metadata, but <c>process</c> returns 0 at once: a call of it is
/// the fixed cost of one call (the input's JSON, a fresh instance, the call itself);</item>
/// <item><see cref="BatchIdentity"/>: the batch ABI (v1): <c>reflow_process</c> copies the input batch unchanged to
/// an output area and returns it (port 0 in → port 0 out, every frame forwarded as it came).</item>
/// </list>
/// A plugin may opt in to keeping its instance between calls (<c>"keep_instance": true</c> in its metadata).
/// </summary>
public static class B11Plugins
{
    /// <summary>Where a plugin's input (and after it, its output) goes in guest memory: past the data segments.</summary>
    private const int Buffer = 65536;

    private const int MetadataAt = 1024;

    /// <summary>The JSON ABI identity, reading the input with <c>input_load_u64</c> (<paramref name="bytewise"/>: with <c>input_load_u8</c> only, as a naive plugin would).</summary>
    public static string JsonIdentity(bool keepInstance = false, bool bytewise = false) =>
        JsonModule(Metadata("b11/json-identity", "B11: the payload's value back on out (Extism-compatible ABI)", keepInstance), IdentityProcess(bytewise));

    /// <summary>A JSON ABI plugin whose <c>process</c> does nothing: one call of it is the fixed cost of a call.</summary>
    public static string JsonTrivial(bool keepInstance = false) =>
        JsonModule(Metadata("b11/json-trivial", "B11: does nothing (the cost of one call)", keepInstance), "(i32.const 0)");

    /// <summary>The batch ABI identity: every frame forwarded unchanged.</summary>
    public static string BatchIdentity(bool keepInstance = false)
    {
        byte[] metadata = Encoding.UTF8.GetBytes(Metadata("b11/batch-identity", "B11: every frame forwarded unchanged (batch ABI)", keepInstance));
        return $$"""
            (module
              (memory (export "memory") 2)
              (func (export "reflow_metadata") (result i64)
                (i64.or (i64.shl (i64.const {{MetadataAt}}) (i64.const 32)) (i64.const {{metadata.Length}})))
              ;; the input buffer at {{Buffer}}, the output area right after it: room for twice len (8-aligned)
              (func $room (param $end i32) (result i32) (local $pages i32)
                (local.set $pages (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16)))
                (if (i32.gt_u (local.get $pages) (memory.size))
                  (then (return (i32.ne (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1)))))
                (i32.const 1))
              (func $align (param $n i32) (result i32) (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8)))
              (func (export "reflow_alloc") (param $len i32) (result i32)
                (if (i32.eqz (call $room (i32.add (i32.const {{Buffer}}) (i32.shl (call $align (local.get $len)) (i32.const 1)))))
                  (then (return (i32.const 0))))
                (i32.const {{Buffer}}))
              (func (export "reflow_process") (param $p i32) (param $n i32) (result i64) (local $out i32)
                (local.set $out (i32.add (local.get $p) (call $align (local.get $n))))
                (if (i32.eqz (call $room (i32.add (local.get $out) (local.get $n))))
                  (then (return (i64.const -1))))
                (memory.copy (local.get $out) (local.get $p) (local.get $n))
                (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32)) (i64.extend_i32_u (local.get $n))))
              (data (i32.const {{MetadataAt}}) "{{Escape(metadata)}}"))
            """;
    }

    /// <summary>Compiles <paramref name="wat"/> with Wasmtime's text parser into <paramref name="directory"/>/<paramref name="name"/>.wasm and returns its path.</summary>
    public static string Write(string directory, string name, string wat)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".wasm");
        File.WriteAllBytes(path, Wasmtime.Module.ConvertText(wat));
        return path;
    }

    private static string Metadata(string component, string description, bool keepInstance) =>
        $$"""{"component":"{{component}}","description":"{{description}}","inports":[{"name":"in","port_type":"Any","required":true}],"outports":[{"name":"out","port_type":"Any"}]{{(keepInstance ? ",\"keep_instance\":true" : "")}}}""";

    // The body of process: $n = the input's length, copied to {Buffer}; the value found and written back.
    private static string IdentityProcess(bool bytewise) => $$"""
        (local $n i32) (local $i i32) (local $end i32) (local $v i32) (local $c i32) (local $depth i32) (local $text i32) (local $out i32)
        (local.set $n (call {{(bytewise ? "$read_input_u8" : "$read_input")}}))
        (local.set $end (i32.add (i32.const {{Buffer}}) (local.get $n)))
        ;; {"payload":{" then the port's name, a colon, and the tagged value: an object
        (if (i32.or (i32.lt_u (local.get $n) (i32.const 13)) (i32.eqz (call $same (i32.const {{Buffer}}) (i32.const {{PayloadAt}}) (i32.const 13))))
          (then (return (call $fail (i32.const {{NotPayloadAt}}) (i32.const {{NotPayload.Length}})))))
        (local.set $i (i32.const {{Buffer + 13}}))
        (block $named (loop $name
          (br_if $named (i32.ge_u (local.get $i) (local.get $end)))
          (local.set $c (i32.load8_u (local.get $i)))
          (local.set $i (i32.add (local.get $i) (select (i32.const 2) (i32.const 1) (i32.eq (local.get $c) (i32.const 92)))))
          (br_if $named (i32.eq (local.get $c) (i32.const 34)))
          (br $name)))
        (if (i32.or (i32.ge_u (local.get $i) (local.get $end)) (i32.ne (i32.load8_u (local.get $i)) (i32.const 58)))
          (then (return (call $fail (i32.const {{NotPayloadAt}}) (i32.const {{NotPayload.Length}})))))
        (local.set $v (local.tee $i (i32.add (local.get $i) (i32.const 1))))
        (if (i32.or (i32.ge_u (local.get $i) (local.get $end)) (i32.ne (i32.load8_u (local.get $i)) (i32.const 123)))
          (then (return (call $fail (i32.const {{NotPayloadAt}}) (i32.const {{NotPayload.Length}})))))
        (block $found (loop $scan
          (if (i32.ge_u (local.get $i) (local.get $end))
            (then (return (call $fail (i32.const {{NotPayloadAt}}) (i32.const {{NotPayload.Length}})))))
          (local.set $c (i32.load8_u (local.get $i)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (if (local.get $text)
            (then
              (if (i32.eq (local.get $c) (i32.const 92)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
              (if (i32.eq (local.get $c) (i32.const 34)) (then (local.set $text (i32.const 0)))))
            (else
              (if (i32.eq (local.get $c) (i32.const 34)) (then (local.set $text (i32.const 1))))
              (if (i32.or (i32.eq (local.get $c) (i32.const 123)) (i32.eq (local.get $c) (i32.const 91)))
                (then (local.set $depth (i32.add (local.get $depth) (i32.const 1)))))
              (if (i32.or (i32.eq (local.get $c) (i32.const 125)) (i32.eq (local.get $c) (i32.const 93)))
                (then
                  (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                  (br_if $found (i32.eqz (local.get $depth)))))))
          (br $scan)))
        ;; the output object (outputs, out: VALUE), 8-aligned after the input
        (local.set $out (i32.and (i32.add (local.get $end) (i32.const 7)) (i32.const -8)))
        (memory.copy (local.get $out) (i32.const {{OutputsAt}}) (i32.const {{Outputs.Length}}))
        (memory.copy (i32.add (local.get $out) (i32.const {{Outputs.Length}})) (local.get $v) (i32.sub (local.get $i) (local.get $v)))
        (i32.store16 (i32.add (local.get $out) (i32.add (i32.const {{Outputs.Length}}) (i32.sub (local.get $i) (local.get $v)))) (i32.const 0x7d7d))
        (call $output (local.get $out) (i32.add (i32.const {{Outputs.Length + 2}}) (i32.sub (local.get $i) (local.get $v))))
        (i32.const 0)
        """;

    private const string Payload = "{\"payload\":{\"";
    private const string Outputs = "{\"outputs\":{\"out\":";
    private const string NotPayload = "b11 identity: the input is not {\"payload\":{\"<port>\":{...}}";
    private const int PayloadAt = 512;
    private const int OutputsAt = PayloadAt + 32;
    private const int NotPayloadAt = OutputsAt + 32;

    private static string JsonModule(string metadata, string process)
    {
        byte[] meta = Encoding.UTF8.GetBytes(metadata);
        return $$"""
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "error_set" (func $error_set (param i64)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
              (memory (export "memory") 2)
              ;; room in guest memory up to $end
              (func $room (param $end i32) (local $pages i32)
                (local.set $pages (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16)))
                (if (i32.gt_u (local.get $pages) (memory.size))
                  (then (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1)) (then unreachable)))))
              ;; the input into guest memory at {{Buffer}}, 8 bytes per kernel call, then byte by byte
              (func $read_input (result i32) (local $n i32) (local $i i32)
                (local.set $n (i32.wrap_i64 (call $input_length)))
                (call $room (i32.add (i32.const {{Buffer + 64}}) (i32.shl (local.get $n) (i32.const 1))))
                (block $done (loop $words
                  (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
                  (i64.store (i32.add (i32.const {{Buffer}}) (local.get $i)) (call $input_load_u64 (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 8)))
                  (br $words)))
                (block $done (loop $bytes
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (i32.store8 (i32.add (i32.const {{Buffer}}) (local.get $i)) (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $bytes)))
                (local.get $n))
              ;; the same with one kernel call per byte
              (func $read_input_u8 (result i32) (local $n i32) (local $i i32)
                (local.set $n (i32.wrap_i64 (call $input_length)))
                (call $room (i32.add (i32.const {{Buffer + 64}}) (i32.shl (local.get $n) (i32.const 1))))
                (block $done (loop $bytes
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (i32.store8 (i32.add (i32.const {{Buffer}}) (local.get $i)) (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $bytes)))
                (local.get $n))
              ;; $n guest bytes at $p into a new kernel block, 8 bytes per kernel call, then byte by byte
              (func $block (param $p i32) (param $n i32) (result i64) (local $o i64) (local $i i32)
                (local.set $o (call $alloc (i64.extend_i32_u (local.get $n))))
                (block $done (loop $words
                  (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
                  (call $store_u64 (i64.add (local.get $o) (i64.extend_i32_u (local.get $i))) (i64.load (i32.add (local.get $p) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 8)))
                  (br $words)))
                (block $done (loop $bytes
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $o) (i64.extend_i32_u (local.get $i))) (i32.load8_u (i32.add (local.get $p) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $bytes)))
                (local.get $o))
              (func $output (param $p i32) (param $n i32)
                (call $output_set (call $block (local.get $p) (local.get $n)) (i64.extend_i32_u (local.get $n))))
              (func $fail (param $p i32) (param $n i32) (result i32)
                (call $error_set (call $block (local.get $p) (local.get $n)))
                (i32.const 1))
              (func $same (param $a i32) (param $b i32) (param $n i32) (result i32) (local $i i32)
                (block $differ (loop $bytes
                  (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const 1))))
                  (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i))) (i32.load8_u (i32.add (local.get $b) (local.get $i)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $bytes)))
                (i32.const 0))
              (func (export "get_metadata") (result i32)
                (call $output (i32.const {{MetadataAt}}) (i32.const {{meta.Length}}))
                (i32.const 0))
              (func (export "process") (result i32)
                {{process}})
              (data (i32.const {{PayloadAt}}) "{{Escape(Encoding.UTF8.GetBytes(Payload))}}")
              (data (i32.const {{OutputsAt}}) "{{Escape(Encoding.UTF8.GetBytes(Outputs))}}")
              (data (i32.const {{NotPayloadAt}}) "{{Escape(Encoding.UTF8.GetBytes(NotPayload))}}")
              (data (i32.const {{MetadataAt}}) "{{Escape(meta)}}"))
            """;
    }

    private static string Escape(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            text.Append('\\').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
