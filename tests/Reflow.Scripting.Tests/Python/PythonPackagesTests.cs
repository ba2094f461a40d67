using Reflow.Actors;
using Reflow.Components;
using Reflow.Networks;
using Reflow.Messages;
using Reflow.Scripting.Python;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Python;

/// <summary>
/// Packages through a whole graph: a node asking for a requirement from a wheel folder runs in a virtual environment
/// made for it — under the sandbox, granted nothing — with the making's progress in the node's log (what
/// <c>reflow run</c> prints), and a second run finds the environment made and says nothing.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonPackagesTests
{
    [Fact]
    public async Task A_requirement_from_a_wheel_folder_is_installed_once_with_its_progress_in_the_log()
    {
        using var cache = new PythonTestDirectory();
        string wheels = cache.Combine("wheels");
        TestWheel.Build(wheels, "reflowtestpkg", "1.0", 42);
        using JsGraph graph = new()
        {
            MakeRegistry = _ => new ComponentRegistry().AddStandardComponents()
                .AddPython(ScriptingOptions.Default, new PythonRuntimeOptions { CacheDirectory = cache.Combine("cache") }),
        };
        graph.Write("script.py", """
            import reflowtestpkg

            def process(inputs, context):
                return inputs["in"] + reflowtestpkg.VALUE
            """);
        string json = PythonGraphs.ScriptBesideNative("./script.py", new { requirements = new[] { "reflowtestpkg==1.0" }, wheels });

        JsRun first = await graph.RunAsync(json, [("in", [Message.Integer(1), Message.Integer(2)]), ("nums", [Message.Integer(7)])]);
        JsRun second = await graph.RunAsync(json, [("in", [Message.Integer(3)]), ("nums", [Message.Integer(7)])]);

        Assert.DoesNotContain(first.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal([43L, 44L], first["out"].Select(m => m.AsInteger()));
        string[] progress = ProgressOf(first);
        Assert.Contains(progress, line => line.Contains("reflowtestpkg", StringComparison.Ordinal));
        Assert.Single(Directory.GetDirectories(Path.Combine(cache.Combine("cache"), "venvs")));

        Assert.Equal([45L], second["out"].Select(m => m.AsInteger()));
        Assert.Empty(ProgressOf(second)); // made once: the second run finds it
    }

    private static string[] ProgressOf(JsRun run) =>
        [.. run.Events.Where(e => e.Kind == NetworkEventKind.ActorLog && e.NodeId == "py" && e.Port == "info").Select(e => e.Message!.Value.AsString())];
}
