using System.Text.Json;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.Python;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Python;

/// <summary>The runtime: declarations read with --describe, batches both ways, on_end and stop, inline sources.</summary>
[Collection(PythonCollection.Name)]
public sealed class PythonRuntimeTests
{
    private static ScriptSource Source(string text, string name = "described.py") => new("script/python", text, null, name, null);

    [Fact]
    public void Describe_reads_the_literal_metadata_without_running_the_script()
    {
        var runtime = new PythonRuntime();
        ScriptDeclaration declaration = runtime.Describe(Source("""
            raise SystemExit("never run")
            __actor_metadata__ = {
                "name": "scale", "description": "Scales numbers",
                "inports": [{"name": "value", "type": "float", "required": True}, "factor"],
                "outports": [{"name": "out", "type": "number"}],
                "config": {"type": "object"}, "batch": False, "max_batch": 64,
            }
            def process(inputs, context):
                return inputs["value"]
            """));

        Assert.Equal("scale", declaration.Name);
        Assert.Equal("Scales numbers", declaration.Description);
        Assert.Equal([("value", PortType.Float, true), ("factor", PortType.Any, false)], declaration.InPorts.Select(p => (p.Name, p.Type, p.Required)));
        Assert.Equal([("out", PortType.Float)], declaration.OutPorts.Select(p => (p.Name, p.Type)));
        Assert.Equal("object", JsonDocument.Parse(declaration.ConfigurationSchema!).RootElement.GetProperty("type").GetString());
        Assert.False(declaration.Batch);
        Assert.Equal(64, declaration.MaxBatchSize);
    }

    [Fact]
    public void A_script_without_metadata_is_named_by_its_file_with_in_and_out_in_batches()
    {
        ScriptDeclaration declaration = new PythonRuntime().Describe(new ScriptSource("named.py", "def process(inputs, context):\n    return 1\n", "/tmp/x/named.py", "named.py", "/tmp/x"));

        Assert.Equal("named", declaration.Name);
        Assert.Equal(["in"], declaration.InPorts.Select(p => p.Name));
        Assert.Equal(["out"], declaration.OutPorts.Select(p => p.Name));
        Assert.True(declaration.Batch);
        Assert.Equal(BatchActor.DefaultMaxBatchSize, declaration.MaxBatchSize);
    }

    [Fact]
    public void A_syntax_error_fails_describe_with_the_file_and_line()
    {
        var error = Assert.Throws<ScriptException>(() => new PythonRuntime().Describe(Source("x = 1\ndef process(inputs, context)\n    return 1\n", "broken.py")));

        Assert.Equal("broken.py", error.File);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("broken.py:2", error.Message);
    }

    [Fact]
    public void The_runtime_names_its_components()
    {
        var runtime = new PythonRuntime();
        Assert.Equal("python", runtime.Language);
        Assert.Equal("python", runtime.Pool);
        Assert.Equal(["script/python"], runtime.ComponentNames);
        Assert.Equal([".py"], runtime.FileExtensions);
    }

    [Fact]
    public async Task Batches_keep_order_and_a_failing_message_fails_its_batch_once_while_the_others_run()
    {
        using JsGraph graph = PythonGraphs.Create();
        graph.Write("batch.py", """
            def process(inputs, context):
                value = inputs["in"]
                if value % 250 == 0:
                    raise ValueError("multiple of 250: %d" % value)
                context.state["calls"] = context.state.get("calls", 0) + 1
                return value * 2

            def on_end(context):
                return {"out": "calls=%d" % context.state["calls"]}
            """);
        Message[] numbers = [.. Enumerable.Range(1, 2000).Select(i => Message.Integer(i))];
        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./batch.py"), [("in", numbers), ("nums", [Message.Integer(1)])]);

        long[] expected = [.. Enumerable.Range(1, 2000).Where(i => i % 250 != 0).Select(i => i * 2L)];
        Assert.Equal(expected, run["out"].SkipLast(1).Select(m => m.AsInteger()));
        Assert.Equal("calls=1992", run["out"][^1].AsString());
        ScriptException[] failures = [.. run.Events.Where(e => e.Kind == NetworkEventKind.ActorFailed).Select(e => Assert.IsAssignableFrom<ScriptException>(e.Exception))];
        Assert.InRange(failures.Length, 1, 8); // one per batch that had a failing message
        Assert.Contains("ValueError: multiple of 250: 250", failures[0].Message);
        Assert.Matches(@"\(\d+ of \d+ messages? failed; the others ran and their output was sent\)", failures[0].Message);
        Assert.Empty(PythonGraphs.WorkersIn(graph.Directory));
    }

    [Fact]
    public async Task Stop_runs_the_scripts_stop_and_on_end_may_emit()
    {
        using JsGraph graph = PythonGraphs.Create();
        string marker = Path.Combine(graph.Directory, "stopped.txt");
        graph.Write("hooks.py", """
            def init(context):
                context.state["seen"] = []

            def process(inputs, context):
                context.state["seen"].append(inputs["in"])

            def on_end(context):
                return ",".join(context.state["seen"])

            def stop(context):
                with open("stopped.txt", "w") as f:
                    f.write("stopped after " + str(len(context.state["seen"])))
            """);
        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./hooks.py"), [("in", [Message.String("x"), Message.String("y")])]);

        Assert.Empty(run.Result.Failures);
        Assert.Equal(["x,y"], run["out"].Select(m => m.AsString()));
        Assert.Equal("stopped after 2", File.ReadAllText(marker));
        Assert.Empty(PythonGraphs.WorkersIn(graph.Directory));
    }

    [Fact]
    public async Task An_inline_source_runs_with_its_node_settings_as_config()
    {
        using JsGraph graph = PythonGraphs.Create();
        string json = JsonSerializer.Serialize(new
        {
            processes = new Dictionary<string, object>
            {
                ["py"] = new { component = "script/python", metadata = new { source = "def process(inputs, context):\n    return inputs['in'] * context.config['factor']\n", factor = 3 } },
            },
            connections = Array.Empty<object>(),
            inports = new Dictionary<string, object> { ["in"] = new { process = "py", port = "in" } },
            outports = new Dictionary<string, object> { ["out"] = new { process = "py", port = "out" } },
        });
        JsRun run = await graph.RunAsync(json, [("in", [Message.Integer(2), Message.Integer(5)])]);

        Assert.Empty(run.Result.Failures);
        Assert.Equal([6L, 15], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task The_interpreter_setting_chooses_the_python()
    {
        using JsGraph graph = PythonGraphs.Create(new PythonRuntimeOptions { Interpreter = "/usr/bin/python3" });
        graph.Write("which.py", "import sys\ndef process(inputs, context):\n    return sys.executable\n");
        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./which.py"), [("in", [Message.Null])]);

        Assert.Empty(run.Result.Failures);
        Assert.StartsWith("/usr/bin/python3", Assert.Single(run["out"]).AsString());
    }

    [Fact]
    public async Task A_missing_interpreter_is_a_clear_failure()
    {
        using JsGraph graph = PythonGraphs.Create();
        graph.Write("which.py", "def process(inputs, context):\n    return 1\n");
        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./which.py", new { interpreter = "/nonexistent/python9" }), [("in", [Message.Null])]);

        Assert.Contains("The Python interpreter '/nonexistent/python9' cannot be started", run.Result.Failures[0].Message);
    }
}
