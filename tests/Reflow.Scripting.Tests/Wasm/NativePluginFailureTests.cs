using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// The misbehaving plugins built from native/wasm/plugins (an endless loop, memory growth without end, unbounded
/// recursion, a divide by zero, a file open it was not granted, a result that is not JSON): each fails its node with
/// the plugin's file name, what happened and, for a limit, the setting to raise; a native node of the same network
/// carries all its messages and the process goes on to run the next test.
/// </summary>
public sealed class NativePluginFailureTests
{
    private static async Task<ScriptException> FailureAsync(string name, object? settings = null)
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.CopyTo(name);
        Message[] numbers = [.. Enumerable.Range(1, 500).Select(i => Message.Integer(i))];
        JsRun run = await graph.RunAsync(NativePlugins.BesideNative(name, settings), [("in", [Message.String("x")]), ("nums", numbers)]);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), run["copy"].Select(m => m.AsInteger()));
        Assert.Empty(run["out"]);
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal("plugin", failed.NodeId);
        var failure = Assert.IsAssignableFrom<ScriptException>(failed.Exception);
        Assert.StartsWith($"{name}.wasm: process", failure.Message);
        return failure;
    }

    [Fact]
    public async Task An_endless_loop_is_stopped_at_the_timeout_naming_the_setting()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync("loop", new { timeout = 200 }));
        Assert.Equal("timeout", failure.Limit);
        Assert.StartsWith("loop.wasm: process ran longer than 200 ms and was stopped (raise the setting 'timeout')", failure.Message);
    }

    [Fact]
    public async Task Memory_growth_without_end_stops_at_the_memory_limit_naming_the_setting()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync("grow", new { memory_limit = 8 * 1024 * 1024 }));
        Assert.Equal("memory_limit", failure.Limit);
        Assert.Contains("of its limit of 8388608 bytes", failure.Message);
        Assert.Contains("raise the setting 'memory_limit'", failure.Message);
    }

    [Fact]
    public async Task Unbounded_recursion_overflows_the_wasm_stack()
    {
        var failure = Assert.IsType<ScriptLimitException>(await FailureAsync("recurse"));
        Assert.Equal("max_recursion", failure.Limit);
        Assert.StartsWith("recurse.wasm: process overflowed the WebAssembly stack (512 KiB): unbounded recursion?", failure.Message);
    }

    [Fact]
    public async Task A_divide_by_zero_fails_with_the_trap_message()
    {
        ScriptException failure = await FailureAsync("trap");
        Assert.IsNotType<ScriptLimitException>(failure);
        Assert.StartsWith("trap.wasm: process trapped: ", failure.Message);
        Assert.Contains("wasm trap: integer divide by zero", failure.Message);
    }

    [Fact]
    public async Task A_file_open_not_granted_fails_naming_the_file_and_the_errno()
    {
        string outside = Path.Combine(Path.GetTempPath(), $"reflow-not-granted-{Guid.NewGuid():N}.txt");
        File.WriteAllText(outside, "secret");
        try
        {
            ScriptException failure = await FailureAsync("open-file", new { path = outside });
            Assert.Equal($"open-file.wasm: process failed: open-file: path_open({outside}) returned errno 76 (not capable)", failure.Message);
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task A_result_that_is_not_json_fails_saying_so()
    {
        ScriptException failure = await FailureAsync("bad-json");
        Assert.StartsWith("bad-json.wasm: process wrote a wrong result: it is not JSON: ", failure.Message);
    }
}
