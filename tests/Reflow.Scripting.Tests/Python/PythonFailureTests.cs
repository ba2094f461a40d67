using Reflow.Actors;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.Python;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Python;

/// <summary>
/// A script that throws, hangs, dies or eats memory fails its messages; its node goes on (a new worker when the old
/// one is gone, with the state the host kept), the native node beside it carries all its messages, and no worker
/// process outlives the run.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonFailureTests
{
    private static readonly Message[] Numbers = [.. Enumerable.Range(1, 1000).Select(i => Message.Integer(i))];

    /// <summary>Runs script.py (one message per batch, so each failure is one message's) beside the native node, then checks the native node and that no worker is left.</summary>
    private static async Task<JsRun> RunAsync(
        string body, string[] inputs, object? settings = null, SupervisionPolicy? supervision = null, PythonRuntimeOptions? python = null, ScriptLimits? limits = null)
    {
        using JsGraph graph = limits is null
            ? PythonGraphs.Create(python)
            : new JsGraph { MakeRegistry = _ => new ComponentRegistry().AddStandardComponents().AddPython(PythonGraphs.AllGranted with { Limits = limits }, python) };
        graph.Write("script.py", """
            __actor_metadata__ = {"inports": ["in"], "outports": ["out"], "max_batch": 1}
            import os

            """ + body);
        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./script.py", settings), [("in", [.. inputs.Select(Message.String)]), ("nums", Numbers)],
            networkOptions: new NetworkOptions { Supervision = supervision ?? SupervisionPolicy.Default });
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), run["copy"].Select(m => m.AsInteger()));
        Assert.Empty(PythonGraphs.WorkersIn(graph.Directory)); // no orphan: every worker of the run is gone
        return run;
    }

    private static ScriptException[] FailuresOf(JsRun run) =>
        [.. run.Events.Where(e => e.Kind == NetworkEventKind.ActorFailed).Select(e => { Assert.Equal("py", e.NodeId); return Assert.IsAssignableFrom<ScriptException>(e.Exception); })];

    [Fact]
    public async Task A_script_that_throws_fails_that_message_with_its_traceback_file_and_line()
    {
        JsRun run = await RunAsync("""
            def check(value):
                if value == "bad":
                    raise ValueError("no bad values")
                return value

            def process(inputs, context):
                return "ok " + check(inputs["in"])
            """, ["bad", "good"]);

        ScriptException failure = Assert.Single(FailuresOf(run));
        Assert.Equal(["ok good"], run["out"].Select(m => m.AsString()));
        Assert.Equal("script.py", failure.File);
        Assert.Equal(5, failure.Line);
        Assert.StartsWith("script.py:5: ValueError: no bad values in message 1 of the batch (1 of 1 message failed", failure.Message);
        Assert.Contains("script.py\", line 9, in process", failure.ScriptStackTrace);
        Assert.Contains("script.py\", line 5, in check", failure.ScriptStackTrace);
        Assert.DoesNotContain("reflow_runner", failure.ScriptStackTrace);
    }

    [Fact]
    public async Task An_endless_loop_is_killed_at_the_timeout_and_the_next_message_runs_on_a_new_worker()
    {
        JsRun run = await RunAsync("""
            import uuid
            WORKER = uuid.uuid4().hex  # a pid would not do: under bubblewrap every worker is pid 2 of its own namespace

            def process(inputs, context):
                while inputs["in"] == "loop":
                    pass
                return inputs["in"] + " " + str(context.state.setdefault("worker", WORKER) != WORKER)
            """, ["first", "loop", "after"], new { timeout = 500 });

        var failure = Assert.IsType<ScriptLimitException>(Assert.Single(FailuresOf(run)));
        Assert.Equal("timeout", failure.Limit);
        Assert.StartsWith("script.py: a batch of 1 message did not finish within 0.5 s (the setting 'timeout'): the worker was killed; the batch's 1 message is reported as failed", failure.Message);
        Assert.Equal(["first False", "after True"], run["out"].Select(m => m.AsString())); // the state came along to the new worker
    }

    [Fact]
    public async Task A_worker_that_exits_is_a_failure_with_its_exit_code_and_stderr_and_the_state_survives()
    {
        JsRun run = await RunAsync("""
            import sys

            def process(inputs, context):
                context.state["count"] = context.state.get("count", 0) + 1
                if inputs["in"] == "die":
                    sys.stderr.write("about to die\n")
                    sys.stderr.flush()
                    os._exit(3)
                return context.state["count"]
            """, ["a", "b", "die", "c"]);

        ScriptException failure = Assert.Single(FailuresOf(run));
        Assert.Contains("script.py: the Python worker died while running a batch of 1 message: it exited with code 3; the last lines of its stderr:", failure.Message);
        Assert.Contains("about to die", failure.Message);
        Assert.Contains("the next call starts a new worker", failure.Message);
        Assert.Equal([1L, 2, 3], run["out"].Select(m => m.AsInteger())); // the count of the batch that died was never sent back
        Assert.Contains("warn: about to die", run.Logs);
    }

    [Fact]
    public async Task A_worker_killed_by_a_signal_says_which()
    {
        JsRun run = await RunAsync("""
            import signal

            def process(inputs, context):
                if inputs["in"] == "segv":
                    os.kill(os.getpid(), signal.SIGSEGV)
                return inputs["in"]
            """, ["segv", "next"]);

        Assert.Contains("it was killed by signal 11 (SIGSEGV", Assert.Single(FailuresOf(run)).Message);
        Assert.Equal(["next"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_worker_that_dies_leaving_a_detached_process_on_its_output_is_reported_and_the_node_goes_on()
    {
        // Unsandboxed, so nothing else kills the grandchild: it left the worker's process tree (setsid, double fork) and
        // holds its stdout, so the node's read cannot end until it is killed by the pipe it holds. Without that, the read
        // would wait out its 20 s sleep (forever, for a process that never exits) and the report would not name it.
        JsRun run = await RunAsync("""
            import time

            def process(inputs, context):
                if inputs["in"] == "detach":
                    if os.fork() == 0:
                        os.setsid()
                        if os.fork() == 0:
                            time.sleep(20)
                        os._exit(0)
                    os.wait()
                    os._exit(3)
                return inputs["in"]
            """, ["before", "detach", "after"], python: new PythonRuntimeOptions { Sandbox = "none" });

        ScriptException failure = Assert.Single(FailuresOf(run));
        Assert.Contains("it exited with code 3, leaving 1 process(es) holding its output (killed, so the node could go on)", failure.Message);
        Assert.Equal(["before", "after"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_stop_that_never_returns_is_killed_after_the_stop_grace_even_with_no_timeout_set()
    {
        // The host's limits leave calls unbounded; a run being stopped must still end.
        JsRun run = await RunAsync("""
            def process(inputs, context):
                return inputs["in"]

            def stop(context):
                while True:
                    pass
            """, ["a", "b"], limits: ScriptLimits.Default with { Timeout = null });

        var failure = Assert.IsType<ScriptLimitException>(Assert.Single(FailuresOf(run)));
        Assert.StartsWith("script.py: stop did not finish within 30 s (no 'timeout' is set, and a run being stopped waits this long): the worker was killed", failure.Message);
        Assert.Equal(["a", "b"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task After_max_restarts_every_call_fails_at_once_with_a_clear_message()
    {
        JsRun run = await RunAsync("""
            def process(inputs, context):
                if inputs["in"] == "die":
                    os._exit(1)
                return inputs["in"]
            """, ["a", "die", "die", "die", "b", "c"], new { max_restarts = 2 });

        ScriptException[] failures = FailuresOf(run);
        Assert.Equal(6, failures.Length); // five messages, then on_end at the end of input
        Assert.Equal(["a"], run["out"].Select(m => m.AsString()));
        Assert.Contains("the next call starts a new worker", failures[0].Message);
        Assert.Contains("max_restarts is reached, so later calls fail", failures[2].Message);
        Assert.StartsWith("script.py: the Python worker died 3 times, more than max_restarts (2) allows", failures[3].Message);
        Assert.StartsWith("script.py: the Python worker died 3 times, more than max_restarts (2) allows", failures[4].Message);
        Assert.EndsWith("; the batch's 1 message is reported as failed", failures[4].Message);
    }

    [Fact]
    public async Task Running_out_of_memory_is_the_memory_limit()
    {
        JsRun run = await RunAsync("""
            def process(inputs, context):
                if inputs["in"] == "big":
                    block = bytearray(400 * 1024 * 1024)
                    return len(block)
                return inputs["in"]
            """, ["big", "small"], new { memory_limit = "200MB" });

        var failure = Assert.IsType<ScriptLimitException>(Assert.Single(FailuresOf(run)));
        Assert.Equal("memory_limit", failure.Limit);
        Assert.StartsWith("script.py: the script ran out of memory in message 1 of the batch (the setting 'memory_limit'", failure.Message);
        Assert.Equal(["small"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_supervision_restart_starts_a_new_worker_with_no_state()
    {
        JsRun run = await RunAsync("""
            def process(inputs, context):
                context.state["count"] = context.state.get("count", 0) + 1
                if inputs["in"] == "fail":
                    raise RuntimeError("asked to fail")
                return context.state["count"]
            """, ["a", "b", "fail", "c", "d"], supervision: new SupervisionPolicy { Action = FailureAction.Restart });

        Assert.Contains("asked to fail", Assert.Single(run.Result.Failures).Message);
        Assert.Equal([1L, 2, 1, 2], run["out"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task A_script_that_fails_at_its_top_level_does_not_start_and_says_where()
    {
        JsRun run = await RunAsync("""
            settings = {}
            limit = settings["limit"]

            def process(inputs, context):
                return inputs["in"]
            """, ["a"]);

        string failure = run.Result.Failures[0].Message;
        Assert.StartsWith("script.py:4: the script failed to start: KeyError: 'limit'", failure);
        Assert.Empty(run["out"]);
    }

    [Fact]
    public async Task Use_docker_is_refused_naming_what_to_use_instead()
    {
        JsRun run = await RunAsync("def process(inputs, context):\n    return 1\n", ["a"], new { use_docker = true });

        string failure = run.Result.Failures[0].Message;
        Assert.Contains("use_docker is not supported", failure);
        Assert.Contains("requirements", failure);
    }
}
