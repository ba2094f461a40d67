using System.Text.Json;
using Reflow.Graphs;

namespace Reflow.Cli.Tests;

/// <summary>validate, convert, inspect, components.</summary>
public sealed class GraphCommandTests
{
    [Fact]
    public async Task Validate_accepts_a_valid_graph()
    {
        CliRun run = await InProcessCli.RunAsync("validate", InProcessCli.GraphPath("counted.fbp"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("counted.fbp: valid", run.Output);
    }

    [Fact]
    public async Task Validate_lists_every_problem_with_its_location_and_exits_2()
    {
        CliRun run = await InProcessCli.RunAsync("validate", InProcessCli.GraphPath("unknown.fbp"), "--output", "json");

        Assert.Equal(2, run.ExitCode);
        JsonElement report = JsonDocument.Parse(run.Output).RootElement;
        Assert.False(report.GetProperty("valid").GetBoolean());
        string[] errors = [.. report.GetProperty("problems").EnumerateArray()
            .Where(p => p.GetProperty("severity").GetString() == "Error")
            .Select(p => p.GetProperty("location").GetString() + ": " + p.GetProperty("message").GetString())];
        Assert.Contains(errors, e => e.Contains("test/Nope", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("test/AlsoNope", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'wrong'", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Contains("unknown.fbp", e));
    }

    [Fact]
    public async Task Validate_of_a_missing_file_exits_2()
    {
        CliRun run = await InProcessCli.RunAsync("validate", "missing.fbp");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
    }

    [Theory]
    [InlineData("fbp", ".fbp")]
    [InlineData("reflow", ".json")]
    [InlineData("noflo", ".noflo.json")]
    public async Task Convert_round_trips_through_each_format(string format, string extension)
    {
        string source = InProcessCli.GraphPath("counted.fbp");
        string there = Path.Combine(Path.GetTempPath(), $"reflow-{Guid.NewGuid():N}{extension}");
        string back = Path.Combine(Path.GetTempPath(), $"reflow-{Guid.NewGuid():N}.fbp");

        CliRun forth = await InProcessCli.RunAsync("convert", source, there);
        CliRun again = await InProcessCli.RunAsync("convert", there, back, "--to", "fbp");

        Assert.True(forth.ExitCode == 0, forth.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(format == "fbp" ? GraphFormat.Fbp : format == "reflow" ? GraphFormat.ReflowJson : GraphFormat.NoFloJson, DetectedFormat(there));
        GraphAssert.Same(GraphFile.Load(source), GraphFile.Load(there));
        GraphAssert.Same(GraphFile.Load(source), GraphFile.Load(back));
    }

    [Fact]
    public async Task Convert_to_standard_output_needs_a_format()
    {
        CliRun unnamed = await InProcessCli.RunAsync("convert", InProcessCli.GraphPath("counted.fbp"), "-");
        CliRun named = await InProcessCli.RunAsync("convert", InProcessCli.GraphPath("counted.fbp"), "-", "--to", "noflo");

        Assert.Equal(2, unnamed.ExitCode);
        Assert.Contains("--to", unnamed.Error);
        Assert.Equal(0, named.ExitCode);
        Assert.Equal("test/Count", JsonDocument.Parse(named.Output).RootElement.GetProperty("processes").GetProperty("numbers").GetProperty("component").GetString());
    }

    [Fact]
    public async Task Inspect_shows_levels_branches_cycles_and_bottlenecks()
    {
        string graph = Path.Combine(Path.GetTempPath(), $"reflow-{Guid.NewGuid():N}.fbp");
        await File.WriteAllTextAsync(graph, """
            src(test/Count) out -> in a(test/Double)
            src out -> in b(test/Double)
            a out -> in join(test/Double)
            b out -> in join
            join out -> in loop(test/Double)
            loop out -> in join
            """);

        CliRun text = await InProcessCli.RunAsync("inspect", graph);
        CliRun json = await InProcessCli.RunAsync("inspect", graph, "-o", "json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("5 nodes, 6 edges", text.Output);
        Assert.Contains("0: src", text.Output);
        Assert.Contains("1: a, b", text.Output);
        Assert.Contains("join -> loop -> join", text.Output);
        Assert.Contains("from src:", text.Output);
        JsonElement root = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(["src"], root.GetProperty("levels")[0].EnumerateArray().Select(e => e.GetString()));
        Assert.Single(root.GetProperty("cycles").EnumerateArray());
        Assert.NotEmpty(root.GetProperty("parallelBranches").EnumerateArray());
    }

    [Fact]
    public async Task Components_lists_the_registry_and_describes_one()
    {
        CliRun list = await InProcessCli.RunAsync("components");
        CliRun one = await InProcessCli.RunAsync("components", "test/Double");
        CliRun json = await InProcessCli.RunAsync("components", "test/", "--output", "json");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.OutputLines, l => l.StartsWith("test/Count", StringComparison.Ordinal) && l.Contains("A source", StringComparison.Ordinal));
        Assert.Contains("in-ports:", one.Output);
        Assert.Contains("in (integer) — The number.", one.Output);
        Assert.Contains("out (integer) — Twice the number.", one.Output);
        Assert.Equal(["test/Double", "test/Count"], JsonDocument.Parse(json.Output).RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_unknown_component_name_exits_2_with_suggestions()
    {
        CliRun run = await InProcessCli.RunAsync("components", "math/Double");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("There is no component 'math/Double'. Did you mean: test/Double?", run.Error);
    }

    private static GraphFormat DetectedFormat(string path) =>
        path.EndsWith(".fbp", StringComparison.Ordinal) ? GraphFormat.Fbp : GraphFile.DetectJsonFormat(File.ReadAllText(path));
}
