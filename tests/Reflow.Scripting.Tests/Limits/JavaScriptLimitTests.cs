using System.Text.Json;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Limits;

/// <summary>
/// The JavaScript engine's limits, each at the limit (the message goes through) and one past it (that message fails
/// the node with a ScriptLimitException naming the limit, its value and the node setting; the next message still
/// runs). Only what JavaScriptFailureTests does not already show: those push each limit far past (a million-deep
/// recursion, a gigabyte, an endless loop).
/// </summary>
public sealed class JavaScriptLimitTests
{
    /// <summary>"js" (in → out) alone; each message is one call of process.</summary>
    private static string Graph(object? settings) => JsonSerializer.Serialize(new
    {
        processes = new Dictionary<string, object> { ["js"] = new { component = "./script.js", metadata = settings } },
        connections = Array.Empty<object>(),
        inports = new Dictionary<string, object> { ["in"] = new { process = "js", port = "in" } },
        outports = new Dictionary<string, object> { ["out"] = new { process = "js", port = "out" } },
    });

    /// <summary>Runs <paramref name="body"/> on the integers <paramref name="inputs"/>, one call each; returns what came out and the one failure.</summary>
    private static async Task<(long[] Outputs, ScriptLimitException Failure)> RunAsync(string body, object? settings, params long[] inputs)
    {
        (long[] outputs, ScriptLimitException[] failures) = await RunAllAsync(body, settings, inputs);
        return (outputs, Assert.Single(failures));
    }

    /// <summary>As <see cref="RunAsync"/>, with every failure, in order.</summary>
    private static async Task<(long[] Outputs, ScriptLimitException[] Failures)> RunAllAsync(string body, object? settings, params long[] inputs)
    {
        using var graph = new JsGraph();
        graph.Write("script.js", "export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };\n" + body);
        JsRun run = await graph.RunAsync(Graph(settings), [("in", [.. inputs.Select(Message.Integer)])]);
        NetworkEvent[] failed = [.. run.Events.Where(e => e.Kind == NetworkEventKind.ActorFailed)];
        Assert.All(failed, e => Assert.Equal("js", e.NodeId));
        return ([.. run["out"].Select(m => m.AsInteger())], [.. failed.Select(e => Assert.IsType<ScriptLimitException>(e.Exception))]);
    }

    [Theory]
    [InlineData(null, 1000)] // the default
    [InlineData(50, 50)]
    public async Task A_function_may_call_itself_max_recursion_times_and_once_more_fails(int? setting, int limit)
    {
        // depth(n) calls itself n times: Jint counts the nested calls of one function after its first.
        (long[] outputs, ScriptLimitException failure) = await RunAsync("""
            function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
            export function process(inputs) { return { out: depth(inputs.in) }; }
            """, setting is null ? null : new { max_recursion = setting }, limit, limit + 1, 3);

        Assert.Equal([limit, 3], outputs);
        Assert.Equal("max_recursion", failure.Limit);
        Assert.Equal($"script.js: process nested calls deeper than {limit}; raise it with the node setting 'max_recursion'", failure.Message);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2000)]
    public async Task A_call_may_run_max_statements_statements_and_one_more_fails(int limit)
    {
        // Besides the loop's body (one statement a turn), a call of this process runs 5 statements: a loop of
        // limit - 5 turns runs exactly the limit.
        const int Besides = 5;
        (long[] outputs, ScriptLimitException failure) = await RunAsync("""
            export function process(inputs) {
              let n = 0;
              for (let i = 0; i < inputs.in; i++) n++;
              return { out: n };
            }
            """, new { max_statements = limit }, limit - Besides, limit - Besides + 1, 3);

        Assert.Equal([limit - Besides, 3], outputs); // the count starts afresh with each call
        Assert.Equal("max_statements", failure.Limit);
        Assert.Equal($"script.js: process ran more than {limit} statements; raise it with the node setting 'max_statements'", failure.Message);
    }

    [Fact]
    public async Task A_call_within_memory_limit_runs_and_a_buffer_past_it_is_refused_before_it_is_allocated()
    {
        // The limit bounds what a call allocates as the engine measures it (the thread's allocations, checked as the
        // call runs), so its edge is not exact: a call allocating half of it runs. A buffer past it is refused exactly,
        // before it is made.
        const long Limit = 64L * 1024 * 1024;
        (long[] outputs, ScriptLimitException failure) = await RunAsync("""
            export function process(inputs) { return { out: new Uint8Array(inputs.in).length }; }
            """, new { memory_limit = Limit }, Limit / 2, Limit + 1, 3);

        Assert.Equal([Limit / 2, 3], outputs);
        Assert.Equal("memory_limit", failure.Limit);
        Assert.EndsWith(
            $"new Uint8Array(...) would allocate {Limit + 1} bytes, more than the memory limit of {Limit} bytes; raise it with the node setting 'memory_limit'",
            failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_within_the_timeout_returns_and_one_that_does_not_end_is_stopped_naming_the_setting()
    {
        // The input is how many turns to spin: a bounded loop (well inside 10 s), then an endless one (-1).
        (long[] outputs, ScriptLimitException failure) = await RunAsync("""
            export function process(inputs) {
              let n = 0;
              for (let i = 0; inputs.in < 0 || i < inputs.in; i++) n++;
              return { out: n };
            }
            """, new { timeout = "10s" }, 100_000, -1, 3);

        Assert.Equal([100_000, 3], outputs);
        Assert.Equal("timeout", failure.Limit);
        Assert.Contains("timeout of 10000 ms", failure.Message, StringComparison.Ordinal);
        Assert.Contains("node setting 'timeout'", failure.Message, StringComparison.Ordinal);
    }
}
