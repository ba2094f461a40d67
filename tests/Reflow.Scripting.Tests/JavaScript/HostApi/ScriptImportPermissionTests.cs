using Reflow.Messages;
using Reflow.Scripting.JavaScript;
using static Reflow.Scripting.Tests.JavaScript.JavaScriptProcessTests;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>
/// <c>import</c> reads files too: a script's imports reach its own folder and the <c>node_modules</c> folders the
/// resolver walks up to, and nothing else — not a JSON file elsewhere on the machine, not through <c>..</c> or a link,
/// whatever the node is granted; a source a protocol client sent (no folder of its own) imports packages only.
/// </summary>
public sealed class ScriptImportPermissionTests : IDisposable
{
    private const string Secret = "s3cret-do-not-leak";
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "reflow-import-outside-" + Guid.NewGuid().ToString("N"));

    public ScriptImportPermissionTests()
    {
        Directory.CreateDirectory(_outside);
        File.WriteAllText(SecretFile, $$"""{"token":"{{Secret}}"}""");
    }

    private string SecretFile => Path.Combine(_outside, "secret.json");

    public void Dispose() => Directory.Delete(_outside, recursive: true);

    private static string Importer(string specifier) => $$"""
        import secret from '{{specifier.Replace("\\", "\\\\", StringComparison.Ordinal)}}' with { type: 'json' };
        export const actorMetadata = { description: 'token: ' + secret.token, inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
        export function process(inputs) { return { out: secret.token }; }
        """;

    /// <summary>Loads and runs a graph of one node running <c>script.js</c>; a refused import is a load error (the source is described when the graph loads).</summary>
    private static async Task<string> RunAsync(JsGraph graph, object? metadata = null)
    {
        try
        {
            JsRun run = await graph.RunAsync(Graph("./script.js", metadata, ["out"]), [("in", [Message.String("go")])]);
            return run.Result.FailureCount > 0 ? "failed: " + run.Result.Failures[0].Message : "out: " + string.Join(",", run["out"].Select(m => m.AsString()));
        }
        catch (Exception ex) when (ex is ScriptException or Reflow.Networks.GraphLoadException or Reflow.Actors.ComponentDefinitionException)
        {
            return "refused: " + ex.Message;
        }
    }

    [Fact]
    public async Task A_json_file_beside_the_script_is_imported()
    {
        using var graph = new JsGraph();
        graph.Write("data/settings.json", """{"token":"beside"}""");
        graph.Write("script.js", Importer("./data/settings.json"));

        Assert.Equal("out: beside", await RunAsync(graph));
    }

    [Fact]
    public async Task A_json_file_elsewhere_is_not_imported_even_by_a_node_granted_read_of_it()
    {
        using var graph = new JsGraph();
        graph.Write("script.js", Importer(SecretFile));

        string outcome = await RunAsync(graph, new { permissions = new { read = new[] { _outside } } });

        Assert.StartsWith("refused: ", outcome, StringComparison.Ordinal);
        Assert.Contains($"cannot import '{SecretFile}': '{SecretFile}' is outside where a script imports from (the script's folder {graph.Directory}", outcome, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dot_dot_and_file_URLs_do_not_lead_out_of_the_script_folder()
    {
        using var graph = new JsGraph();
        string up = string.Concat(Enumerable.Repeat("../", graph.Directory.Count(c => c == '/'))) + SecretFile.TrimStart('/');

        foreach (string specifier in new[] { up, new Uri(SecretFile).AbsoluteUri, "./" + Path.GetRelativePath(graph.Directory, SecretFile) })
        {
            graph.Write("script.js", Importer(specifier));
            string outcome = await RunAsync(graph);
            Assert.Contains($"'{SecretFile}' is outside where a script imports from", outcome, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, outcome, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_link_in_the_script_folder_pointing_out_of_it_is_not_followed()
    {
        using var graph = new JsGraph();
        Directory.CreateSymbolicLink(Path.Combine(graph.Directory, "linked"), _outside);
        graph.Write("script.js", Importer("./linked/secret.json"));

        string outcome = await RunAsync(graph);

        Assert.Contains($"cannot import './linked/secret.json': '{SecretFile}' is outside where a script imports from", outcome, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_outside_is_refused_before_it_is_looked_for_so_its_existence_does_not_show()
    {
        using var graph = new JsGraph();
        graph.Write("script.js", Importer(Path.Combine(_outside, "missing.json")));
        string missing = await RunAsync(graph);
        graph.Write("script.js", Importer(SecretFile));
        string present = await RunAsync(graph);

        Assert.Equal(missing.Replace("missing.json", "secret.json", StringComparison.Ordinal), present);
    }

    [Fact]
    public void A_source_with_no_folder_of_its_own_imports_no_file_not_even_from_the_current_directory()
    {
        // What the protocol server's component:source makes: no path, no base directory.
        var runtime = new JavaScriptRuntime();
        string relative = "./" + Path.GetRelativePath(Directory.GetCurrentDirectory(), SecretFile).Replace('\\', '/');
        foreach (string specifier in new[] { SecretFile, relative })
        {
            var source = new ScriptSource("script/javascript", Importer(specifier), null, "client (inline source)", null);

            var refused = Assert.Throws<ScriptException>(() => runtime.Describe(source));

            Assert.Contains("is outside where a script imports from (the node_modules folders of", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, refused.Message, StringComparison.Ordinal);
        }
    }
}
