using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Python;

/// <summary>The three script shapes give the documented port mapping, next to a native node that carries all its messages.</summary>
[Collection(PythonCollection.Name)]
public sealed class PythonShapeTests
{
    private static readonly Message[] Numbers = [.. Enumerable.Range(1, 500).Select(i => Message.Integer(i))];

    private static async Task<JsRun> RunAsync(string script, Message[] inputs, object? settings = null, params string[] extraOutPorts)
    {
        using JsGraph graph = PythonGraphs.Create();
        graph.Write("script.py", script);
        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./script.py", settings, extraOutPorts), [("in", inputs), ("nums", Numbers)]);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), run["copy"].Select(m => m.AsInteger()));
        return run;
    }

    [Fact]
    public async Task Process_inputs_context_maps_a_dict_to_ports_and_any_other_value_to_out()
    {
        JsRun run = await RunAsync("""
            __actor_metadata__ = {"inports": ["in"], "outports": ["out", "doubled"]}

            def process(inputs, context):
                value = inputs["in"]
                if value == 3:
                    return None
                if value % 2 == 0:
                    return {"out": value, "doubled": value * 2}
                return value * 10
            """, [.. Enumerable.Range(1, 6).Select(i => Message.Integer(i))], null, "doubled");

        Assert.Empty(run.Result.Failures);
        Assert.Equal([10L, 2, 4, 50, 6], run["out"].Select(m => m.AsInteger()));
        Assert.Equal([4L, 8, 12], run["doubled"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task Async_process_context_sends_outputs_and_keeps_state_across_messages()
    {
        JsRun run = await RunAsync("""
            __actor_metadata__ = {"inports": ["in"], "outports": ["out", "count"]}

            async def process(context):
                count = (await context.get_state("count", 0)) + 1
                await context.set_state("count", count)
                await context.send_output("count", count)
                return {"out": context.get_input("in").upper() + ":" + context.actor_id}
            """, [Message.String("a"), Message.String("b"), Message.String("c")], null, "count");

        Assert.Empty(run.Result.Failures);
        Assert.Equal(["A:py", "B:py", "C:py"], run["out"].Select(m => m.AsString()));
        Assert.Equal([1L, 2, 3], run["count"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task The_global_context_shape_runs_the_script_per_message_and_sends_its_result()
    {
        JsRun run = await RunAsync("""
            inputs = Context.get_inputs()
            value = inputs.get("in")
            if value == "flow":
                __return_value = None
            elif value == "dict":
                __return_value = {"out": inputs[0].name + "=" + inputs[0].data}
            else:
                Context.send_output({"out": "early " + value})
                __return_value = value * 2
            """, [Message.String("ab"), Message.String("flow"), Message.String("dict")]);

        Assert.Empty(run.Result.Failures);
        Assert.Equal(["early ab", "abab", null, "in=dict"], run["out"].Select(m => m.IsFlow ? null : m.AsString()));
    }

    [Fact]
    public async Task An_expression_only_script_is_its_result()
    {
        JsRun run = await RunAsync("Context.get_inputs()[0].data + 1", [Message.Integer(41), Message.Integer(1)]);

        Assert.Empty(run.Result.Failures);
        Assert.Equal([42L, 2], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task Every_kind_of_value_crosses_to_python_and_back()
    {
        Message[] values =
        [
            Message.Null, Message.Boolean(true), Message.Integer(long.MinValue), Message.Float(-0.5), Message.String("héllo ✓"),
            Message.Bytes([1, 2, 255]), Message.Array(Message.Integer(1), Message.Array()), Message.Object(new KeyValuePair<string, Message>("k", Message.Null)),
            Message.Error("bad thing"), Message.Flow,
        ];
        JsRun run = await RunAsync("""
            __actor_metadata__ = {"inports": ["in"], "outports": ["out", "kinds"]}

            def process(inputs, context):
                value = inputs["in"]
                context.send("out", value)
                context.send("kinds", type(value).__name__)
            """, values, null, "kinds");

        Assert.Empty(run.Result.Failures);
        Assert.Equal(values, run["out"]);
        Assert.Equal(["NoneType", "bool", "int", "float", "str", "bytes", "list", "dict", "Error", "_Flow"], run["kinds"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task Print_and_stderr_go_to_the_log_and_are_not_failures()
    {
        JsRun run = await RunAsync("""
            import sys, warnings

            def process(inputs, context):
                print("printed", inputs["in"])
                sys.stderr.write("to stderr\n")
                sys.stderr.flush()
                warnings.warn("careful")
                return inputs["in"]
            """, [Message.Integer(7)]);

        Assert.Empty(run.Result.Failures);
        Assert.Equal([7L], run["out"].Select(m => m.AsInteger()));
        Assert.Contains("log: printed 7", run.Logs);
        Assert.Contains("warn: to stderr", run.Logs);
        Assert.Contains(run.Logs, l => l.StartsWith("warn:", StringComparison.Ordinal) && l.Contains("UserWarning: careful", StringComparison.Ordinal));
    }
}
