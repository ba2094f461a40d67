using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// The Extism-ABI plugins built from C in native/wasm/plugins, each loaded from its .wasm file named in a graph with
/// no other description and run in a real network: state through the host functions and through the returned
/// state, output sent mid-call in both signatures of __send_output, and a plugin declaring no ports whose result is
/// the Go PDK's base64 string.
/// </summary>
public sealed class NativePluginTests
{
    private static async Task<JsRun> RunAsync(string name, Message[] inputs, params string[] outPorts)
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.CopyTo(name);
        Message[] numbers = [Message.Integer(7), Message.Integer(8)];
        JsRun run = await graph.RunAsync(NativePlugins.BesideNative(name, outPorts: outPorts), [("in", inputs), ("nums", numbers)]);
        Assert.Empty(run.Result.Failures);
        Assert.Equal([7L, 8L], run["copy"].Select(m => m.AsInteger()));
        return run;
    }

    [Theory]
    [InlineData("counter-host-state")]
    [InlineData("counter-returned-state")]
    public async Task A_counter_keeps_its_running_total_across_messages(string plugin)
    {
        JsRun run = await RunAsync(plugin, [Message.Integer(1), Message.Integer(2), Message.Integer(3), Message.Integer(-10)]);
        Assert.Equal([1L, 3L, 6L, -4L], run["out"].Select(m => m.AsInteger()));
    }

    [Theory]
    [InlineData("counter-host-state")]
    [InlineData("counter-returned-state")]
    public void A_counter_declares_its_ports_with_their_types(string plugin)
    {
        ScriptDeclaration declaration = new Reflow.Scripting.Wasm.WasmRuntime().Describe(
            new ScriptSource("script/wasm", "", NativePlugins.PathOf(plugin), plugin + ".wasm", null));
        Assert.Equal(plugin, declaration.Name);
        Assert.Equal([("in", PortType.Integer, true)], declaration.InPorts.Select(p => (p.Name, p.Type, p.Required)));
        Assert.Equal([("out", PortType.Integer, false)], declaration.OutPorts.Select(p => (p.Name, p.Type, p.Required)));
    }

    [Fact]
    public async Task A_counter_given_a_string_fails_with_its_message_and_the_network_goes_on()
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.CopyTo("counter-host-state");
        JsRun run = await graph.RunAsync(NativePlugins.BesideNative("counter-host-state"), [("in", [Message.String("one")]), ("nums", [Message.Integer(5)])]);
        Assert.Equal([5L], run["copy"].Select(m => m.AsInteger()));
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal("counter-host-state.wasm: process failed: counter-host-state: expected an Integer on 'in'", failed.Exception!.Message);
    }

    [Theory]
    [InlineData("send-output")]
    [InlineData("send-output-no-result")]
    public async Task Send_output_emits_each_word_during_the_call_then_the_count(string plugin)
    {
        JsRun run = await RunAsync(plugin, [Message.String("to be or"), Message.String("  not \"to\" be  "), Message.String("")], "word", "count");
        Assert.Equal(["to", "be", "or", "not", "\"to\"", "be"], run["word"].Select(m => m.AsString()));
        Assert.Equal([3L, 3L, 0L], run["count"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task A_plugin_declaring_no_ports_gets_in_and_out_and_its_base64_string_result_is_decoded()
    {
        JsRun run = await RunAsync("no-ports", [Message.String("world"), Message.Integer(42), Message.String("wasm")]);
        Assert.Equal(["hello, world", "hello, Integer", "hello, wasm"], run["out"].Select(m => m.AsString()));
    }
}
