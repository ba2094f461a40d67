using System.Text;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>The test plugins, in WAT, each written against the Extism-compatible ABI as a PDK would use it.</summary>
internal static class WasmPlugins
{
    private const string IntegerResult = """{"outputs":{"out":{"type":"Integer","data":0}},"state":null}""";

    /// <summary>Counts its messages (up to 9) in the node's state through <c>__get_state</c>/<c>__set_state</c>; emits the count.</summary>
    public static string HostStateCounter() => WatPlugin.Module($$"""
        (local $c i32)
        (local.set $c (call $load_u8 (call $get_state (call $block {key}))))
        (if (i32.eq (local.get $c) (i32.const 110)) (then (local.set $c (i32.const 48))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (i32.store8 {value@} (local.get $c))
        (call $set_state (call $block {key}) (call $block {value}))
        (i32.store8 (i32.add {result@} (i32.const {{IntegerResult.IndexOf(":0}", StringComparison.Ordinal) + 1}})) (local.get $c))
        (call $out {result})
        (i32.const 0)
        """,
        new Dictionary<string, string> { ["key"] = "count", ["value"] = "0", ["result"] = IntegerResult },
        imports: """
            (import "extism:host/user" "__get_state" (func $get_state (param i64) (result i64)))
            (import "extism:host/user" "__set_state" (func $set_state (param i64 i64)))
            """);

    /// <summary>Counts its messages (up to 9) in the state it returns (<c>{"n": count}</c>), read back from its input; emits the count.</summary>
    public static string ReturnedStateCounter()
    {
        const string result = """{"outputs":{"out":{"type":"Integer","data":0}},"state":{"n":0}}""";
        return WatPlugin.Module($$"""
            (local $n i32) (local $i i32) (local $c i32)
            (local.set $n (call $read_input))
            (local.set $c (i32.const 48))
            (block $done (loop $scan
              (br_if $done (i32.ge_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
              (if (i32.eq (i32.load (i32.add (i32.const {{WatPlugin.InputAt}}) (local.get $i))) (i32.const 0x3A226E22))
                (then (local.set $c (i32.load8_u (i32.add (i32.const {{WatPlugin.InputAt + 4}}) (local.get $i))))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $scan)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (i32.store8 (i32.add {result@} (i32.const {{result.IndexOf(":0}", StringComparison.Ordinal) + 1}})) (local.get $c))
            (i32.store8 (i32.add {result@} (i32.const {{result.LastIndexOf(":0}", StringComparison.Ordinal) + 1}})) (local.get $c))
            (call $out {result})
            (i32.const 0)
            """, new Dictionary<string, string> { ["result"] = result });
    }

    /// <summary>Emits <c>early</c> through <c>__send_output</c> (the <c>(i64) -> i64</c> form), then returns <c>late</c>.</summary>
    public static string SendsMidCall() => WatPlugin.Module("""
        (drop (call $send (call $block {early})))
        (call $out {result})
        (i32.const 0)
        """,
        new Dictionary<string, string> { ["early"] = """{"out":"early"}""", ["result"] = """{"outputs":{"out":{"type":"String","data":"late"}},"state":null}""" },
        imports: """(import "extism:host/user" "__send_output" (func $send (param i64) (result i64)))""");

    /// <summary>Returns its whole result as a JSON string of base64, as the Go PDK does.</summary>
    public static string Base64Result() =>
        WatPlugin.Returning("\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"outputs":{"out":{"type":"String","data":"from go"}},"state":null}""")) + "\"");
}
