using System.Text.Json;
using Reflow.Messages;

namespace Reflow.Scripting.Tests.JavaScript;

/// <summary>A JavaScript node's <c>process</c>: emission by return and by <c>context.send</c>, state, config, async, end of stream, logs.</summary>
public sealed class JavaScriptProcessTests
{
    /// <summary>A graph with one script node "js" whose in-port "in" is exported as "in" and whose out-ports are exported by their names.</summary>
    internal static string Graph(string component, object? metadata, string[] outPorts, string inPort = "in") =>
        JsonSerializer.Serialize(new
        {
            processes = new Dictionary<string, object> { ["js"] = new { component, metadata } },
            connections = Array.Empty<object>(),
            inports = new Dictionary<string, object> { [inPort] = new { process = "js", port = inPort } },
            outports = outPorts.ToDictionary(p => p, p => (object)new { process = "js", port = p }),
        });

    internal static string Inline(string script, object? settings = null)
    {
        var metadata = new Dictionary<string, object?> { ["source"] = script };
        if (settings is not null)
        {
            foreach (System.Reflection.PropertyInfo property in settings.GetType().GetProperties())
            {
                metadata[property.Name] = property.GetValue(settings);
            }
        }

        return JsonSerializer.Serialize(metadata);
    }

    private static Message[] Integers(params long[] values) => [.. values.Select(Message.Integer)];

    [Fact]
    public async Task Returned_outputs_and_context_send_are_emitted_in_order()
    {
        using var graph = new JsGraph();
        graph.Write("double.js", """
            export const actorMetadata = {
              name: 'double', description: 'doubles numbers',
              inports: [{ name: 'in', type: 'integer', required: true }],
              outports: [{ name: 'out', type: 'integer' }, { name: 'log', type: 'string' }],
            };
            export function process(inputs, context) {
              context.send('log', 'before ' + inputs.in);
              context.send('out', inputs.in);
              context.send('log', 'after ' + inputs.in);
              return { out: inputs.in * 2 };
            }
            """);
        JsRun run = await graph.RunAsync(Graph("./double.js", null, ["out", "log"]), [("in", Integers(1, 2, 3))]);

        Assert.Equal([1L, 2, 2, 4, 3, 6], run["out"].Select(m => m.AsInteger()));
        Assert.Equal(["before 1", "after 1", "before 2", "after 2", "before 3", "after 3"], run["log"].Select(m => m.AsString()));
        Assert.Equal(0, run.Result.FailureCount);
    }

    [Fact]
    public async Task An_inline_script_runs_like_a_file()
    {
        using var graph = new JsGraph();
        string metadata = Inline("""
            export const actorMetadata = { inports: [{ name: 'in', type: 'string' }], outports: [{ name: 'out', type: 'string' }] };
            export function process({ in: text }) { return { out: text.toUpperCase() }; }
            """);
        JsRun run = await graph.RunAsync(Graph("script/javascript", JsonDocument.Parse(metadata).RootElement, ["out"]),
            [("in", [Message.String("ada"), Message.String("alan")])]);

        Assert.Equal(["ADA", "ALAN"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task State_is_kept_across_messages_and_config_holds_the_node_settings()
    {
        using var graph = new JsGraph();
        string metadata = Inline("""
            export const actorMetadata = {
              inports: [{ name: 'in' }], outports: [{ name: 'out' }],
              config: { type: 'object', properties: { step: { type: 'integer' } } },
            };
            export function process(inputs, context) {
              context.state.total = (context.state.total ?? 0) + inputs.in * context.config.step;
              return { out: { total: context.state.total, node: context.nodeId } };
            }
            """, new { step = 10 });
        JsRun run = await graph.RunAsync(Graph("script/javascript", JsonDocument.Parse(metadata).RootElement, ["out"]), [("in", Integers(1, 2, 3))]);

        Assert.Equal([10L, 30, 60], run["out"].Select(m => m.AsObject()["total"].AsInteger()));
        Assert.All(run["out"], m => Assert.Equal("js", m.AsObject()["node"].AsString()));
    }

    [Fact]
    public async Task An_async_process_with_awaits_and_timers_emits_what_its_promise_settles_to()
    {
        using var graph = new JsGraph();
        graph.Write("slow.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
            export async function process(inputs, context) {
              await sleep(5);
              context.send('out', 'sent ' + inputs.in);
              await Promise.resolve();
              return { out: 'returned ' + inputs.in };
            }
            """);
        JsRun run = await graph.RunAsync(Graph("./slow.js", null, ["out"]), [("in", Integers(1, 2))]);

        Assert.Equal(["sent 1", "returned 1", "sent 2", "returned 2"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task OnEnd_emits_at_the_end_of_the_stream_and_console_lines_reach_the_run_log()
    {
        using var graph = new JsGraph();
        graph.Write("sum.js", """
            export const actorMetadata = { inports: [{ name: 'in', type: 'number' }], outports: [{ name: 'sum', type: 'number' }] };
            export function init(context) { context.state.sum = 0; console.info('started', context.nodeId); }
            export function process(inputs, context) { context.state.sum += inputs.in; }
            export function onEnd(context) {
              console.warn('total', { sum: context.state.sum });
              return { sum: context.state.sum };
            }
            """);
        JsRun run = await graph.RunAsync(Graph("./sum.js", null, ["sum"]), [("in", [Message.Integer(1), Message.Float(2.5), Message.Integer(3)])]);

        Assert.Equal([6.5], run["sum"].Select(m => m.AsFloat()));
        Assert.Equal(["info: started js", "warn: total {\"sum\":6.5}"], run.Logs);
    }

    [Fact]
    public async Task A_timer_left_pending_after_a_call_runs_at_the_end_of_the_stream()
    {
        using var graph = new JsGraph();
        graph.Write("later.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs, context) {
              setTimeout(() => context.send('out', 'late ' + inputs.in), 20);
              setInterval(() => context.send('out', 'never'), 100000);
              return { out: 'now ' + inputs.in };
            }
            """);
        JsRun run = await graph.RunAsync(Graph("./later.js", null, ["out"]), [("in", Integers(1))]);

        Assert.Equal(["now 1", "late 1"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_returned_value_for_an_undeclared_port_fails_the_node_and_lists_the_declared_ones()
    {
        using var graph = new JsGraph();
        graph.Write("wrong.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }, { name: 'other' }] };
            export function process(inputs) { return { nope: 1 }; }
            """);
        JsRun run = await graph.RunAsync(Graph("./wrong.js", null, ["out"]), [("in", Integers(1))]);

        Reflow.Actors.ActorFailure failure = Assert.Single(run.Result.Failures);
        Assert.Equal("js", failure.NodeId);
        Assert.Contains("'nope', which is not an out-port (the script declares: out, other)", failure.Message);
    }
}
