using System.Text.Json;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;
using Reflow.Scripting.Wasm;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// The example plugins of the batch ABI's guest SDK (native/wasm/include/reflow.h, native/wasm/assemblyscript/reflow.ts),
/// built from source by native/wasm/build.sh, run in real networks: batch-identity (C, every frame forwarded), batch-scale
/// (C, a factor from the node's settings, an error port) and batch-upper (AssemblyScript, ASCII upper-case).
/// </summary>
public sealed class BatchSdkTests
{
    // Non-ASCII text, a 4-byte UTF-8 character (a UTF-16 surrogate pair) and ASCII letters to change.
    private const string Text = "héllo wörld 😀 ∑ straße";

    private static readonly Message[] EveryKind =
    [
        Message.Integer(long.MinValue),
        Message.Float(-2.5),
        Message.String(Text),
        Message.String(""),
        Message.Null,
        Message.Flow,
        Message.Boolean(true),
        Message.Bytes([1, 2, 255]),
        Message.Array(Message.Integer(1), Message.String("a"), Message.Array()),
        Message.Object(new KeyValuePair<string, Message>("ключ", Message.Float(0.25)), new KeyValuePair<string, Message>("n", Message.Null)),
        Message.Error("bad 😀"),
        Message.Integer(long.MaxValue),
    ];

    /// <summary>A built plugin, copied into the graph's folder under its own name.</summary>
    private static string Plugin(JsGraph graph, string name)
    {
        string built = Path.Combine(AppContext.BaseDirectory, "wasm-plugins", name + ".wasm");
        Assert.True(File.Exists(built), $"{built} is missing: native/wasm/build.sh builds it before the test project");
        string path = Path.Combine(graph.Directory, name + ".wasm");
        File.Copy(built, path, overwrite: true);
        return path;
    }

    /// <summary>"plugin" (the file <paramref name="file"/>, with <paramref name="settings"/>) with in → in and the given out-ports exported.</summary>
    private static string Graph(string file, object? settings, params string[] outPorts) => JsonSerializer.Serialize(new
    {
        processes = new Dictionary<string, object> { ["plugin"] = new { component = "./" + file, metadata = settings } },
        connections = Array.Empty<object>(),
        inports = new Dictionary<string, object> { ["in"] = new { process = "plugin", port = "in" } },
        outports = outPorts.ToDictionary(p => p, p => (object)new { process = "plugin", port = p }),
    });

    private static async Task<JsRun> RunAsync(string plugin, object? settings, Message[] inputs, params string[] outPorts)
    {
        using JsGraph graph = WasmGraphs.Create();
        Plugin(graph, plugin);
        return await graph.RunAsync(Graph(plugin + ".wasm", settings, outPorts), [("in", inputs)]);
    }

    [Fact]
    public async Task Batch_identity_forwards_every_kind_unchanged_and_in_order()
    {
        JsRun run = await RunAsync("batch-identity", null, EveryKind, "out");
        Assert.Empty(run.Result.Failures);
        Assert.Equal(EveryKind, run["out"]);
        Assert.Equal(Text, run["out"][2].AsString());
    }

    [Fact]
    public async Task Batch_identity_keeps_the_order_of_many_messages_across_batches()
    {
        Message[] inputs = [.. Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? Message.String(Text + i) : Message.Integer(i))];
        JsRun run = await RunAsync("batch-identity", null, inputs, "out");
        Assert.Empty(run.Result.Failures);
        Assert.Equal(inputs, run["out"]);
    }

    [Fact]
    public async Task Batch_upper_upper_cases_the_ascii_letters_of_strings_and_passes_everything_else_through()
    {
        JsRun run = await RunAsync("batch-upper", null, EveryKind, "out");
        Assert.Empty(run.Result.Failures);
        Message[] expected = [.. EveryKind.Select(m => m.Kind == MessageKind.String ? Message.String(AsciiUpper(m.AsString())) : m)];
        Assert.Equal(expected, run["out"]);
        Assert.Equal("HéLLO WöRLD 😀 ∑ STRAßE", run["out"][2].AsString());
    }

    [Fact]
    public async Task Batch_scale_multiplies_by_an_integer_factor_from_the_settings_and_sends_other_kinds_to_error()
    {
        Message[] inputs = [Message.Integer(2), Message.Float(1.5), Message.String("x"), Message.Integer(-4), Message.Null, Message.Array(Message.Integer(1)), Message.Integer(7)];
        JsRun run = await RunAsync("batch-scale", new { factor = 3 }, inputs, "out", "error");
        Assert.Empty(run.Result.Failures);
        Assert.Equal([Message.Integer(6), Message.Float(4.5), Message.Integer(-12), Message.Integer(21)], run["out"]);
        Assert.Equal(
            [Message.Error("batch-scale: expected Integer or Float, got String"), Message.Error("batch-scale: expected Integer or Float, got Null"),
             Message.Error("batch-scale: expected Integer or Float, got Array")],
            run["error"]);
    }

    [Fact]
    public async Task Batch_upper_changes_the_strings_inside_a_bracketed_group_but_not_the_brackets_values()
    {
        Message[] inputs = [Message.OpenBracket(Message.String("group")), Message.String("abc"), Message.OpenBracket(), Message.String("é z"),
            Message.CloseBracket(), Message.CloseBracket(Message.String("group"))];
        JsRun run = await RunAsync("batch-upper", null, inputs, "out");
        Assert.Empty(run.Result.Failures);
        Assert.Equal([inputs[0], Message.String("ABC"), inputs[2], Message.String("é Z"), inputs[4], inputs[5]], run["out"]);
    }

    [Fact]
    public async Task Batch_upper_keeps_the_order_of_many_messages_across_fresh_instances()
    {
        Message[] inputs = [.. Enumerable.Range(0, 3000).Select(i => Message.String($"item {i} ü 😀"))];
        JsRun run = await RunAsync("batch-upper", null, inputs, "out");
        Assert.Empty(run.Result.Failures);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"ITEM {i} ü 😀"), run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task Batch_scale_keeps_its_instance_and_factor_across_many_batches()
    {
        Message[] inputs = [.. Enumerable.Range(0, 5000).Select(i => i % 1000 == 999 ? Message.Boolean(true) : Message.Integer(i))];
        JsRun run = await RunAsync("batch-scale", new { factor = -2 }, inputs, "out", "error");
        Assert.Empty(run.Result.Failures);
        Assert.Equal(Enumerable.Range(0, 5000).Where(i => i % 1000 != 999).Select(i => -2L * i), run["out"].Select(m => m.AsInteger()));
        Assert.Equal(5, run["error"].Count);
        Assert.All(run["error"], m => Assert.Equal(Message.Error("batch-scale: expected Integer or Float, got Boolean"), m));
    }

    [Fact]
    public async Task Batch_scale_with_a_float_factor_makes_floats()
    {
        JsRun run = await RunAsync("batch-scale", new { factor = 0.5 }, [Message.Integer(3), Message.Float(5)], "out", "error");
        Assert.Empty(run.Result.Failures);
        Assert.Equal([Message.Float(1.5), Message.Float(2.5)], run["out"]);
        Assert.Empty(run["error"]);
    }

    [Fact]
    public async Task Batch_scale_without_a_factor_multiplies_by_one()
    {
        JsRun run = await RunAsync("batch-scale", null, [Message.Integer(3), Message.Float(-0.5)], "out", "error");
        Assert.Empty(run.Result.Failures);
        Assert.Equal([Message.Integer(3), Message.Float(-0.5)], run["out"]);
    }

    [Fact]
    public async Task Batch_scale_with_a_factor_that_is_not_a_number_is_refused_by_its_config_schema_when_the_graph_loads()
    {
        var refused = await Assert.ThrowsAsync<Reflow.Networks.GraphLoadException>(() => RunAsync("batch-scale", new { factor = "two" }, [Message.Integer(3)], "out", "error"));
        Assert.Contains("setting 'factor' of BatchScale must be a number", refused.Message);
    }

    [Theory]
    [InlineData("batch-identity", "BatchIdentity", new[] { "out" })]
    [InlineData("batch-scale", "BatchScale", new[] { "out", "error" })]
    [InlineData("batch-upper", "BatchUpper", new[] { "out" })]
    public void Each_plugin_describes_itself_through_reflow_metadata(string plugin, string component, string[] outPorts)
    {
        using JsGraph graph = WasmGraphs.Create();
        string path = Plugin(graph, plugin);
        ScriptDeclaration declaration = new WasmRuntime().Describe(ScriptSource.FromFile("script/wasm", path));
        Assert.Equal(component, declaration.Name);
        Assert.Equal(["in"], declaration.InPorts.Select(p => p.Name));
        Assert.Equal(outPorts, declaration.OutPorts.Select(p => p.Name));
        Assert.All(declaration.OutPorts, p => Assert.Equal(PortType.Any, p.Type));
    }

    private static string AsciiUpper(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (int i = 0; i < source.Length; i++)
        {
            span[i] = source[i] is >= 'a' and <= 'z' ? (char)(source[i] - 32) : source[i];
        }
    });
}
