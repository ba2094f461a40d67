using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;
using Reflow.Scripting.Tests.Wasm;
using Reflow.Scripting.Wasm;

namespace Reflow.Scripting.Tests.Limits;

/// <summary>
/// A WebAssembly plugin's limits, at the limit and one past it: linear memory (the node's memory_limit, at most
/// wasm32's 4 GiB), table elements (WasmHost.MaxTableElements, 100 000) and descriptors open at once
/// (WasiFdTable.MaxOpen, 64).
/// </summary>
public sealed class WasmLimitTests
{
    private const string Grown = """{"outputs":{"out":{"type":"String","data":"grown"}},"state":null}""";

    /// <summary>Runs plugin.wasm from <paramref name="wat"/> on one message beside a native node, which always finishes.</summary>
    private static async Task<JsRun> RunAsync(JsGraph graph, string wat, object? settings = null)
    {
        graph.WriteWasm("plugin.wasm", wat);
        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(settings), [("in", [Message.String("go")]), ("nums", [Message.Integer(1)])]);
        Assert.Equal([1L], run["copy"].Select(m => m.AsInteger()));
        return run;
    }

    private static ScriptException FailureOf(JsRun run)
    {
        Assert.Empty(run["out"]);
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal("plugin", failed.NodeId);
        return Assert.IsAssignableFrom<ScriptException>(failed.Exception);
    }

    private static string Grows(string body) => WatPlugin.Module(body + " (call $out {result}) (i32.const 0)", new Dictionary<string, string> { ["result"] = Grown });

    [Fact]
    public async Task Memory_grows_to_exactly_memory_limit_and_a_page_more_is_refused_and_reported_as_the_limit()
    {
        // The module starts with 2 pages (64 KiB each); 4 MiB is 64 pages.
        const int Limit = 4 * 1024 * 1024;
        using JsGraph graph = WasmGraphs.Create();
        const string ToTheLimit = "(if (i32.eq (memory.grow (i32.const 62)) (i32.const -1)) (then unreachable)) (if (i32.ne (memory.size) (i32.const 64)) (then unreachable))";

        JsRun atLimit = await RunAsync(graph, Grows(ToTheLimit), new { memory_limit = Limit });
        JsRun past = await RunAsync(graph, Grows(ToTheLimit + " (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))"), new { memory_limit = Limit });

        Assert.Empty(atLimit.Result.Failures);
        Assert.Equal(["grown"], atLimit["out"].Select(m => m.AsString()));
        var failure = Assert.IsType<ScriptLimitException>(FailureOf(past));
        Assert.Equal("memory_limit", failure.Limit);
        string first = failure.Message.Split('\n')[0]; // the trap's backtrace follows on the next lines
        Assert.StartsWith("plugin.wasm: process trapped (", first, StringComparison.Ordinal);
        Assert.EndsWith($"with its memory at {Limit} of its limit of {Limit} bytes: out of memory? (raise the setting 'memory_limit')", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_grows_to_100000_elements_and_one_more_is_refused()
    {
        Assert.Equal(100_000, WasmHost.MaxTableElements);
        using JsGraph graph = WasmGraphs.Create();
        string Table(int grow) => WatPlugin.Module(
            $"(if (i32.eq (table.grow $t (ref.null func) (i32.const {grow})) (i32.const -1)) (then unreachable)) (call $out {{result}}) (i32.const 0)",
            new Dictionary<string, string> { ["result"] = Grown }, imports: "(table $t 1 funcref)");

        JsRun atLimit = await RunAsync(graph, Table(WasmHost.MaxTableElements - 1));
        JsRun past = await RunAsync(graph, Table(WasmHost.MaxTableElements));

        Assert.Empty(atLimit.Result.Failures);
        Assert.Equal(["grown"], atLimit["out"].Select(m => m.AsString()));
        ScriptException failure = FailureOf(past);
        Assert.StartsWith("plugin.wasm: process trapped", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WasmHost.MaxTableElements, true)]
    [InlineData(WasmHost.MaxTableElements + 1, false)]
    public async Task A_table_declared_with_100000_elements_loads_and_one_more_is_refused(int elements, bool loads)
    {
        using JsGraph graph = WasmGraphs.Create();
        string wat = WatPlugin.Module("(call $out {result}) (i32.const 0)", new Dictionary<string, string> { ["result"] = Grown }, imports: $"(table $t {elements} funcref)");

        if (loads)
        {
            JsRun run = await RunAsync(graph, wat);
            Assert.Equal(["grown"], run["out"].Select(m => m.AsString()));
        }
        else
        {
            Exception error = await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(graph, wat));
            Assert.Contains("100000", error.ToString(), StringComparison.Ordinal);
        }
    }
}
