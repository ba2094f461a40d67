using System.Text;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;
using Reflow.Scripting.Wasm;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// Plugins of the batch ABI (they export <c>reflow_process</c>) through real networks: frames in and out in order,
/// out-ports by index, <c>reflow_init</c> with the node's settings, the description from <c>reflow_metadata</c>.
/// </summary>
public sealed class WasmBatchTests
{
    /// <summary>Walks the input frames: <c>$f</c> is each frame's offset while <c>{each}</c> runs.</summary>
    internal static string EachFrame(string each) => $$"""
        (local $i i32) (local $f i32) (local $count i32)
        (local.set $count (i32.load (local.get $p)))
        (local.set $f (i32.add (local.get $p) (i32.const 4)))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
          {{each}}
          (local.set $f (i32.add (i32.add (local.get $f) (i32.const 5)) (i32.load (i32.add (local.get $f) (i32.const 1)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        """;

    internal static Message[] Mixed(int count)
    {
        var messages = new List<Message>(count);
        for (int i = 0; messages.Count < count; i++)
        {
            messages.Add((i % 9) switch
            {
                0 => Message.Integer(i * 7919L - 1_000_000),
                1 => Message.Float(i / 3.0),
                2 => Message.String($"héllo wörld ✓ 日本語 🎉 {i}"),
                3 => Message.Bytes([(byte)i, 0, 255, (byte)(i >> 8)]),
                4 => Message.Array(Message.Integer(i), Message.String("x"), Message.Null, Message.Boolean(i % 2 == 0)),
                5 => Message.Object(new KeyValuePair<string, Message>("n", Message.Integer(i)), new KeyValuePair<string, Message>("ключ", Message.Array(Message.Float(-0.5)))),
                6 => Message.String(""),
                7 => Message.Integer(long.MinValue + i),
                _ => Message.Boolean(true),
            });
        }

        return [.. messages];
    }

    [Fact]
    public async Task Identity_returns_every_message_of_every_kind_in_order()
    {
        Message[] inputs = Mixed(3000);
        JsRun run = await WatBatchPlugin.RunAsync(WatBatchPlugin.Module(WatBatchPlugin.Identity), inputs);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(inputs, run["out"]);
    }

    [Fact]
    public async Task Brackets_are_frames_the_plugin_sees_and_may_forward()
    {
        Message[] inputs =
        [
            Message.OpenBracket(Message.String("group")), Message.Integer(1), Message.OpenBracket(), Message.String("inner"),
            Message.CloseBracket(), Message.Integer(2), Message.CloseBracket(Message.String("group")),
        ];
        JsRun run = await WatBatchPlugin.RunAsync(WatBatchPlugin.Module(WatBatchPlugin.Identity), inputs);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(inputs, run["out"]);
    }

    [Fact]
    public async Task Frames_go_out_on_the_port_of_their_index()
    {
        // Port byte = 1 ("even") for an even integer, 0 ("odd") otherwise.
        string process = EachFrame("""
            (i32.store8 (local.get $f) (i32.eqz (i32.and (i32.wrap_i64 (i64.load (i32.add (local.get $f) (i32.const 6)))) (i32.const 1))))
            """) + "\n(call $pack (local.get $p) (local.get $n))";
        string wat = WatBatchPlugin.Module(process, WatBatchPlugin.Metadata("", "odd", "even"));
        JsRun run = await WatBatchPlugin.RunAsync(wat, [.. Enumerable.Range(1, 500).Select(i => Message.Integer(i))], outPorts: ["odd", "even"]);
        Assert.Empty(run.Result.Failures);
        Assert.Equal(Enumerable.Range(1, 250).Select(i => 2L * i - 1), run["odd"].Select(m => m.AsInteger()));
        Assert.Equal(Enumerable.Range(1, 250).Select(i => 2L * i), run["even"].Select(m => m.AsInteger()));
    }

    /// <summary>reflow_init copies the settings to 8192 and counts its calls at 136; process emits the settings and the count.</summary>
    internal static string SettingsEcho(string extra = "") => WatBatchPlugin.Module($$"""
        (local $n2 i32)
        (local.set $n2 (i32.load (i32.const 132)))
        (i32.store (i32.const {{WatBatchPlugin.OutAt}}) (i32.const 2))
        (i32.store8 (i32.const {{WatBatchPlugin.OutAt + 4}}) (i32.const 0))
        (i32.store (i32.const {{WatBatchPlugin.OutAt + 5}}) (local.get $n2))
        (memory.copy (i32.const {{WatBatchPlugin.OutAt + 9}}) (i32.const 8192) (local.get $n2))
        (i32.store8 (i32.add (i32.const {{WatBatchPlugin.OutAt + 9}}) (local.get $n2)) (i32.const 0))
        (i32.store (i32.add (i32.const {{WatBatchPlugin.OutAt + 10}}) (local.get $n2)) (i32.const 9))
        (i32.store8 (i32.add (i32.const {{WatBatchPlugin.OutAt + 14}}) (local.get $n2)) (i32.const 3))
        (i64.store (i32.add (i32.const {{WatBatchPlugin.OutAt + 15}}) (local.get $n2)) (i64.extend_i32_u (i32.load (i32.const 136))))
        (call $pack (i32.const {{WatBatchPlugin.OutAt}}) (i32.add (local.get $n2) (i32.const 23)))
        """, WatBatchPlugin.Metadata(extra), functions: """
        (func (export "reflow_init") (param $p i32) (param $n i32) (result i32)
          (memory.copy (i32.const 8192) (local.get $p) (local.get $n))
          (i32.store (i32.const 132) (local.get $n))
          (i32.store (i32.const 136) (i32.add (i32.load (i32.const 136)) (i32.const 1)))
          (i32.const 0))
        """);

    [Fact]
    public async Task Reflow_init_gets_the_node_settings_as_one_object_once_per_instance()
    {
        JsRun run = await WatBatchPlugin.RunAsync(SettingsEcho("\"max_batch\":1"), [Message.Integer(1), Message.Integer(2), Message.Integer(3)],
            settings: new { greeting = "héllo", number = 7 });
        Assert.Empty(run.Result.Failures);
        Assert.Equal(6, run["out"].Count);
        for (int i = 0; i < 6; i += 2)
        {
            MessageObject settings = run["out"][i].AsObject();
            Assert.Equal("héllo", settings["greeting"].AsString());
            Assert.Equal(7L, settings["number"].AsInteger());
            Assert.Equal(1L, run["out"][i + 1].AsInteger()); // a fresh instance per call: init ran once in each
        }
    }

    [Fact]
    public async Task A_kept_instance_runs_reflow_init_once_for_all_its_calls()
    {
        JsRun run = await WatBatchPlugin.RunAsync(SettingsEcho("\"max_batch\":1,\"keep_instance\":true"), [Message.Integer(1), Message.Integer(2), Message.Integer(3)],
            settings: new { greeting = "hi" });
        Assert.Empty(run.Result.Failures);
        Assert.Equal([1L, 1L, 1L], run["out"].Where((_, i) => i % 2 == 1).Select(m => m.AsInteger()));
        Assert.All(run["out"].Where((_, i) => i % 2 == 0), m => Assert.Equal("hi", m.AsObject()["greeting"].AsString()));
    }

    [Fact]
    public void The_description_comes_from_reflow_metadata_with_max_batch()
    {
        var runtime = new WasmRuntime();
        string wat = WatBatchPlugin.Module(WatBatchPlugin.Identity, WatBatchPlugin.Metadata("\"max_batch\":17", "odd", "even"));
        ScriptDeclaration declaration = runtime.Describe(new ScriptSource("script/wasm", wat, null, "batch (inline source)", null));
        Assert.True(declaration.Batch);
        Assert.Equal(17, declaration.MaxBatchSize);
        Assert.Equal("batch", declaration.Name);
        Assert.Equal(["in"], declaration.InPorts.Select(p => p.Name));
        Assert.Equal(["odd", "even"], declaration.OutPorts.Select(p => p.Name));

        ScriptDeclaration defaulted = runtime.Describe(new ScriptSource("script/wasm", WatBatchPlugin.Module(WatBatchPlugin.Identity), null, "plain (inline source)", null));
        Assert.Equal(WasmBatchPlugin.DefaultMaxBatch, defaulted.MaxBatchSize);
    }

    [Fact]
    public void A_wrong_max_batch_fails_the_load()
    {
        var runtime = new WasmRuntime();
        string wat = WatBatchPlugin.Module(WatBatchPlugin.Identity, WatBatchPlugin.Metadata("\"max_batch\":0"));
        var error = Assert.Throws<ScriptException>(() => runtime.Describe(new ScriptSource("script/wasm", wat, null, "batch (inline source)", null)));
        Assert.Contains("'max_batch' must be a whole number", error.Message, StringComparison.Ordinal);
    }

    internal static Dictionary<string, byte[]> Text(string name, string text) => new() { [name] = Encoding.UTF8.GetBytes(text) };
}
