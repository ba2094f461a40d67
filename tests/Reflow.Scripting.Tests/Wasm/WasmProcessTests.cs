using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// Plugins with the original's Extism-compatible ABI, run through a real network: state through the host functions
/// and through the returned state, output sent mid-call, the Go PDK's base64 result, and a .wasm file named in a
/// .fbp graph with no other description.
/// </summary>
public sealed class WasmProcessTests
{
    private static readonly Message[] ThreeInputs = [Message.String("a"), Message.String("b"), Message.String("c")];

    private static async Task<IReadOnlyList<Message>> RunPluginAsync(string wat, Message[] inputs)
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", wat);
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(), [("in", inputs)]);
        Assert.Empty(run.Result.Failures);
        return run["out"];
    }

    [Fact]
    public async Task State_kept_through_get_state_and_set_state_carries_across_calls()
    {
        IReadOnlyList<Message> outputs = await RunPluginAsync(WasmPlugins.HostStateCounter(), ThreeInputs);
        Assert.Equal([1L, 2L, 3L], outputs.Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task A_returned_state_replaces_the_state_the_next_call_reads()
    {
        IReadOnlyList<Message> outputs = await RunPluginAsync(WasmPlugins.ReturnedStateCounter(), ThreeInputs);
        Assert.Equal([1L, 2L, 3L], outputs.Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task Send_output_emits_at_once_before_the_returned_outputs()
    {
        IReadOnlyList<Message> outputs = await RunPluginAsync(WasmPlugins.SendsMidCall(), [Message.String("a"), Message.String("b")]);
        Assert.Equal(["early", "late", "early", "late"], outputs.Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_result_written_as_a_base64_json_string_is_decoded_first()
    {
        IReadOnlyList<Message> outputs = await RunPluginAsync(WasmPlugins.Base64Result(), [Message.String("a")]);
        Assert.Equal(["from go"], outputs.Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_wasm_file_named_in_an_fbp_graph_is_a_component_with_its_declared_ports()
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("counter.wasm", WasmPlugins.HostStateCounter());
        JsRun run = await graph.RunAsync("""
            INPORT=counter.IN:IN
            OUTPORT=counter.OUT:OUT
            counter(./counter.wasm)
            """, [("in", ThreeInputs)], graphFile: "graph.fbp");
        Assert.Empty(run.Result.Failures);
        Assert.Equal([1L, 2L, 3L], run.Outputs.Values.Single().Select(m => m.AsInteger()));
    }

    [Fact]
    public void A_plugin_with_no_ports_describes_itself_by_its_metadata_and_gets_the_default_ports()
    {
        var runtime = new Reflow.Scripting.Wasm.WasmRuntime();
        ScriptDeclaration declaration = runtime.Describe(new ScriptSource("script/wasm",
            WatPlugin.Returning("""{"outputs":{},"state":null}""", metadata: """{"component":"hello","description":"says nothing"}"""), null, "hello (inline source)", null));
        Assert.Equal("hello", declaration.Name);
        Assert.Equal("says nothing", declaration.Description);
        Assert.Equal([("in", Reflow.Actors.PortType.Any)], declaration.InPorts.Select(p => (p.Name, p.Type)));
        Assert.Equal([("out", Reflow.Actors.PortType.Any)], declaration.OutPorts.Select(p => (p.Name, p.Type)));
    }

    [Fact]
    public void Metadata_port_types_become_the_ports_types()
    {
        var runtime = new Reflow.Scripting.Wasm.WasmRuntime();
        ScriptDeclaration declaration = runtime.Describe(new ScriptSource("script/wasm", WatPlugin.Returning("{}",
            metadata: """{"component":"typed","inports":[{"name":"n","port_type":"Integer","required":true,"description":"a number"},{"name":"e","port_type":"Event"}],"outports":[{"name":"s","port_type":"String"}]}"""),
            null, "typed (inline source)", null));
        Assert.Equal([("n", Reflow.Actors.PortType.Integer, true), ("e", Reflow.Actors.PortType.Any, false)], declaration.InPorts.Select(p => (p.Name, p.Type, p.Required)));
        Assert.Equal("a number", declaration.InPorts[0].Description);
        Assert.Equal(Reflow.Actors.PortType.String, Assert.Single(declaration.OutPorts).Type);
    }

    [Fact]
    public void Importing_an_http_function_the_kernel_lacks_fails_the_load_naming_it()
    {
        var runtime = new Reflow.Scripting.Wasm.WasmRuntime();
        string wat = WatPlugin.Module("(i32.const 0)", new Dictionary<string, string>(),
            imports: """(import "extism:host/env" "http_stream" (func $http (param i64 i64) (result i64)))""");
        var error = Assert.Throws<ScriptException>(() => runtime.Describe(new ScriptSource("script/wasm", wat, null, "web (inline source)", null)));
        Assert.Contains("extism:host/env.http_stream, which the host does not provide", error.Message, StringComparison.Ordinal);
    }
}
