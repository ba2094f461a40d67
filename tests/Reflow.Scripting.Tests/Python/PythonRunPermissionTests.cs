using Reflow.Actors;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.Python;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Python;

/// <summary>
/// <c>run</c> for a Python node, through a whole graph under bubblewrap: a program runs only when granted, by the name
/// granted (or that program file); a script that catches the denial and tries another way — a program of the same name
/// it wrote itself, a shell — is refused each time and nothing runs.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonRunPermissionTests
{
    private const string Script = """
        __actor_metadata__ = {"inports": ["in"], "outports": ["out"], "max_batch": 1}
        import os, subprocess

        def process(inputs, context):
            target = inputs["in"]
            outcomes = []
            def attempt(name, call):
                try:
                    call()
                    outcomes.append(name + ": ran")
                except PermissionError as e:
                    outcomes.append(name + ": " + str(e).split(";")[0])
            def own_touch():
                with open("/tmp/touch", "w") as f:  # the worker's private /tmp: no grant needed to write it
                    f.write('#!/bin/sh\ntouch "$1"\n')
                os.chmod("/tmp/touch", 0o755)
                subprocess.run(["/tmp/touch", target + ".own"], check=True)
            attempt("touch", lambda: subprocess.run(["touch", target + ".granted"], check=True))
            attempt("own", own_touch)
            attempt("shell", lambda: subprocess.run("touch " + target + ".shell", shell=True, check=True))
            attempt("system", lambda: os.system("touch " + target + ".system"))
            return " | ".join(outcomes)
        """;

    private static async Task<string> RunAsync(string folder, object permissions)
    {
        using var graph = new JsGraph { MakeRegistry = _ => new ComponentRegistry().AddStandardComponents().AddPython(ScriptingOptions.Default) };
        graph.Write("script.py", Script);
        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./script.py", new { permissions }),
            [("in", [Message.String(Path.Combine(folder, "made"))]), ("nums", [])]);
        Assert.Empty(run.Events.Where(e => e.Kind == NetworkEventKind.ActorFailed).Select(e => e.Exception!.Message));
        return Assert.Single(run["out"]).AsString();
    }

    [Fact]
    public async Task A_program_runs_only_by_the_name_granted_and_no_other_way()
    {
        // Outside /tmp, which the sandbox replaces with a private one.
        string folder = Path.Combine("/var/tmp", "reflow-python-run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string shell = Reflow.Permissions.PermissionSet.None.WithRun("/bin/sh").Granted(Reflow.Permissions.PermissionKind.Run)[0]; // links resolved, as the host resolves a grant

            string denied = await RunAsync(folder, new { write = new[] { folder } });
            string granted = await RunAsync(folder, new { write = new[] { folder }, run = new[] { "touch" } });

            Assert.Equal(
                $"touch: run access to 'touch' is not granted | own: run access to '/tmp/touch' is not granted | shell: run access to '{shell}' is not granted | system: run access to '{shell}' is not granted",
                denied);
            Assert.Equal(
                $"touch: ran | own: run access to '/tmp/touch' is not granted | shell: run access to '{shell}' is not granted | system: run access to '{shell}' is not granted",
                granted);
            Assert.Equal(["made.granted"], Directory.EnumerateFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
