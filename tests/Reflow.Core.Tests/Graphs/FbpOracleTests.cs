using System.Diagnostics;
using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

/// <summary>
/// Our .fbp parser against the fbp npm package 1.8.0 (tests/fbp-oracle), on every file of the corpus: the same
/// graph as NoFlo JSON for the valid files, a failure for the invalid ones.
/// </summary>
/// <remarks>
/// One deliberate difference is normalised away before comparing: the model keeps IIPs apart from edges (so only
/// the order within each kind is compared). A connection the text repeats is listed as often by both.
/// </remarks>
public sealed class FbpOracleTests
{
    private static readonly Lazy<JsonObject> s_oracle = new(RunOracle);

    // Deep enough for IIPs nested as deep as the readers allow, inside the graph document.
    private static readonly System.Text.Json.JsonDocumentOptions s_deep = new() { MaxDepth = GraphFile.MaxDepth + 8 };

    public static TheoryData<string> ValidFiles => GraphCorpus.Names("fbp", "*.fbp");

    public static TheoryData<string> InvalidFiles => GraphCorpus.Names("fbp-invalid", "*.fbp");

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Our_parser_builds_the_graph_the_npm_parser_builds(string name)
    {
        string path = GraphCorpus.PathOf("fbp", name);
        JsonNode expected = s_oracle.Value[path]!;
        Assert.False(expected is JsonObject o && o.ContainsKey("error"), $"the npm parser rejected {name}: {expected.ToJsonString()}");

        Graph graph = FbpFormat.Read(File.ReadAllText(path), name, caseSensitive: name.Contains(".case-sensitive.", StringComparison.Ordinal));
        JsonNode actual = JsonNode.Parse(NoFloJsonFormat.Write(graph), documentOptions: s_deep)!;

        string? difference = JsonSemantics.Difference(Normalise(expected), Normalise(actual));
        Assert.True(difference is null, $"{name}: {difference}");
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Our_parser_rejects_what_the_npm_parser_rejects(string name)
    {
        string path = GraphCorpus.PathOf("fbp-invalid", name);
        JsonNode expected = s_oracle.Value[path]!;
        Assert.True(expected is JsonObject o && o.ContainsKey("error"), $"the npm parser accepted {name}: {expected.ToJsonString()}");

        var error = Assert.Throws<GraphFormatException>(() => FbpFormat.Read(File.ReadAllText(path), name));
        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);
    }

    private static JsonNode Normalise(JsonNode graph)
    {
        var result = graph.DeepClone().AsObject();
        JsonArray connections = result["connections"]!.AsArray();
        var edges = new JsonArray();
        var initials = new JsonArray();
        foreach (JsonNode? connection in connections)
        {
            if (connection!.AsObject().ContainsKey("data"))
            {
                initials.Add(connection.DeepClone());
            }
            else
            {
                edges.Add(connection.DeepClone());
            }
        }

        result.Remove("connections");
        result["edges"] = edges;
        result["initials"] = initials;
        return result;
    }

    private static JsonObject RunOracle()
    {
        string root = GraphCorpus.RepositoryRoot();
        string script = Path.Combine(root, "tests", "fbp-oracle", "parse.js");
        string package = Path.Combine(root, "tests", "fbp-oracle", "node_modules", "fbp", "package.json");
        const string Fix = "Building this test project installs it (tests/Reflow.Core.Tests/FbpOracle.targets runs `npm ci` in tests/fbp-oracle; it needs node and npm): build again, or run `npm ci --prefix tests/fbp-oracle`.";
        if (!File.Exists(package))
        {
            Assert.Fail($"The fbp npm package is not installed ({package} is missing). {Fix}");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (string file in GraphCorpus.Files("fbp", "*.fbp").Concat(GraphCorpus.Files("fbp-invalid", "*.fbp")))
        {
            start.ArgumentList.Add(file);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"node could not be started ({e.Message}). {Fix}");
            throw;
        }

        using (process)
        {
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"node {script} failed ({process.ExitCode}): {error.Result} {Fix}");
            return JsonNode.Parse(output, documentOptions: s_deep)!.AsObject();
        }
    }
}
