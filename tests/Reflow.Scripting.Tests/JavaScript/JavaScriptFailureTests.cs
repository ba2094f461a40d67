using System.Text.Json;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Scripting.Tests.JavaScript;

/// <summary>
/// A script that throws or hits a limit fails its node (with the script's place and stack, or the limit and its
/// setting) and nothing else: the process survives, the same node takes its next message, and a native node of
/// the same network finishes its work.
/// </summary>
public sealed class JavaScriptFailureTests
{
    /// <summary>"js" (in → out) beside a native core/Repeat (nums → copy).</summary>
    private static string GraphWithNative(string script, object? settings = null) => JsonSerializer.Serialize(new
    {
        processes = new Dictionary<string, object>
        {
            ["js"] = new { component = "./script.js", metadata = settings },
            ["copy"] = new { component = "core/Repeat" },
        },
        connections = Array.Empty<object>(),
        inports = new Dictionary<string, object> { ["in"] = new { process = "js", port = "in" }, ["nums"] = new { process = "copy", port = "in" } },
        outports = new Dictionary<string, object> { ["out"] = new { process = "js", port = "out" }, ["copy"] = new { process = "copy", port = "out" } },
    });

    private static async Task<JsRun> RunAsync(JsGraph graph, string body, object? settings = null, SupervisionPolicy? supervision = null)
    {
        graph.Write("script.js", $$"""
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            {{body}}
            """);
        Message[] numbers = [.. Enumerable.Range(1, 1000).Select(i => Message.Integer(i))];
        return await graph.RunAsync(GraphWithNative(body, settings), [("in", [Message.String("bad"), Message.String("good")]), ("nums", numbers)],
            networkOptions: new NetworkOptions { Supervision = supervision ?? SupervisionPolicy.Default });
    }

    private static void AssertOthersFinished(JsRun run)
    {
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), run["copy"].Select(m => m.AsInteger()));
        Assert.Equal(["ok good"], run["out"].Select(m => m.AsString())); // the node resumed: its next message went through
    }

    private static ScriptException FailureOf(JsRun run)
    {
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal("js", failed.NodeId);
        return Assert.IsAssignableFrom<ScriptException>(failed.Exception);
    }

    [Fact]
    public async Task A_script_that_throws_fails_with_its_place_and_stack_trace()
    {
        using var graph = new JsGraph();
        JsRun run = await RunAsync(graph, """
            function check(value) {
              if (value === 'bad') throw new TypeError('no bad values');
              return value;
            }
            export function process(inputs) { return { out: 'ok ' + check(inputs.in) }; }
            """);

        ScriptException failure = FailureOf(run);
        Assert.StartsWith("script.js:3:", failure.Message);
        Assert.Contains("no bad values", failure.Message);
        Assert.Equal(3, failure.Line);
        Assert.Contains("at check", failure.ScriptStackTrace);
        Assert.Contains("script.js:3:", failure.ScriptStackTrace);
        Assert.Contains("at process", failure.ScriptStackTrace);
        Assert.Contains("script.js:3:", Assert.Single(run.Result.Failures).Message);
        AssertOthersFinished(run);
    }

    [Fact]
    public async Task An_infinite_loop_hits_the_timeout()
    {
        using var graph = new JsGraph();
        JsRun run = await RunAsync(graph, """
            export function process(inputs) {
              while (inputs.in === 'bad') { }
              return { out: 'ok ' + inputs.in };
            }
            """, new { timeout = "300ms" });

        var failure = Assert.IsType<ScriptLimitException>(FailureOf(run));
        Assert.Equal("timeout", failure.Limit);
        Assert.Contains("timeout of 300 ms", failure.Message);
        Assert.Contains("node setting 'timeout'", failure.Message);
        AssertOthersFinished(run);
    }

    [Fact]
    public async Task An_async_call_that_never_settles_in_time_hits_the_timeout()
    {
        using var graph = new JsGraph();
        JsRun run = await RunAsync(graph, """
            export async function process(inputs) {
              if (inputs.in === 'bad') await new Promise((resolve) => setTimeout(resolve, 60000));
              return { out: 'ok ' + inputs.in };
            }
            """, new { timeout = "300ms" });

        var failure = Assert.IsType<ScriptLimitException>(FailureOf(run));
        Assert.Equal("timeout", failure.Limit);
        Assert.Contains("cannot settle within the timeout of 300 ms", failure.Message);
        Assert.Contains("warn: script.js: 1 timer(s) left at the end of the stream were dropped: due after the timeout", run.Logs);
        AssertOthersFinished(run);
    }

    [Theory]
    [InlineData("new Uint8Array(1024 * 1024 * 1024)")]
    [InlineData("new ArrayBuffer(1024 * 1024 * 1024)")]
    [InlineData("new Array(1024 * 1024 * 1024).fill(0)")]
    [InlineData("(() => { let s = 'x'; for (let i = 0; i < 30; i++) s += s; return s; })()")]
    [InlineData("(() => { const a = []; for (let i = 0; i < 1024 * 1024 * 1024; i++) a.push({ i }); return a; })()")]
    public async Task A_one_gigabyte_allocation_hits_the_memory_limit(string allocation)
    {
        using var graph = new JsGraph();
        JsRun run = await RunAsync(graph, $$"""
            export function process(inputs) {
              if (inputs.in === 'bad') { const big = {{allocation}}; return { out: big.length }; }
              return { out: 'ok ' + inputs.in };
            }
            """, new { memory_limit = "64MB", timeout = "30s" });

        var failure = Assert.IsType<ScriptLimitException>(FailureOf(run));
        Assert.Equal("memory_limit", failure.Limit);
        Assert.Contains("node setting 'memory_limit'", failure.Message);
        AssertOthersFinished(run);
    }

    [Fact]
    public async Task Recursion_a_million_deep_hits_max_recursion()
    {
        using var graph = new JsGraph();
        JsRun run = await RunAsync(graph, """
            function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
            export function process(inputs) { return { out: inputs.in === 'bad' ? depth(1000000) : 'ok ' + inputs.in }; }
            """);

        var failure = Assert.IsType<ScriptLimitException>(FailureOf(run));
        Assert.Equal("max_recursion", failure.Limit);
        Assert.Contains("deeper than 1000", failure.Message);
        Assert.Contains("node setting 'max_recursion'", failure.Message);
        AssertOthersFinished(run);
    }

    [Fact]
    public async Task Recursion_a_million_deep_under_a_higher_max_recursion_is_stopped_by_the_stack_guard()
    {
        using var graph = new JsGraph();
        JsRun run = await RunAsync(graph, """
            function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
            export function process(inputs) { return { out: inputs.in === 'bad' ? depth(1000000) : 'ok ' + inputs.in }; }
            """, new { max_recursion = 100_000_000 });

        var failure = Assert.IsType<ScriptLimitException>(FailureOf(run));
        Assert.Equal("max_recursion", failure.Limit);
        Assert.Contains("stack guard", failure.Message);
        AssertOthersFinished(run);
    }

    [Fact]
    public async Task A_statement_limit_stops_a_long_loop()
    {
        using var graph = new JsGraph();
        JsRun run = await RunAsync(graph, """
            export function process(inputs) {
              let n = 0;
              if (inputs.in === 'bad') for (let i = 0; i < 1e7; i++) n++;
              return { out: 'ok ' + inputs.in };
            }
            """, new { max_statements = 10_000 });

        var failure = Assert.IsType<ScriptLimitException>(FailureOf(run));
        Assert.Equal("max_statements", failure.Limit);
        Assert.Contains("node setting 'max_statements'", failure.Message);
        AssertOthersFinished(run);
    }

    [Fact]
    public async Task A_restart_makes_a_new_engine_with_fresh_state()
    {
        using var graph = new JsGraph();
        graph.Write("count.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs, context) {
              context.state.count = (context.state.count ?? 0) + 1;
              if (inputs.in === 'fail') throw new Error('asked to fail');
              return { out: context.state.count };
            }
            """);
        string json = JavaScriptProcessTests.Graph("./count.js", null, ["out"]);
        Message[] inputs = [Message.String("a"), Message.String("b"), Message.String("fail"), Message.String("c"), Message.String("d")];
        JsRun run = await graph.RunAsync(json, [("in", inputs)],
            networkOptions: new NetworkOptions { Supervision = new SupervisionPolicy { Action = FailureAction.Restart } });

        Assert.Equal([1L, 2, 1, 2], run["out"].Select(m => m.AsInteger()));
        Assert.Contains("asked to fail", Assert.Single(run.Result.Failures).Message);
    }
}
