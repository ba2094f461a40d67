using System.Text.Json;

namespace Reflow.Cli.Tests;

/// <summary>
/// <c>reflow run</c> and failures: every failure is counted and shown; one that nothing in the graph handles fails
/// the run with exit code 1, unless the node's policy ignores it.
/// </summary>
public sealed class FailureRunTests
{
    private static readonly string Parse = InProcessCli.GraphPath("parse.fbp");
    private static readonly string ParseCaught = InProcessCli.GraphPath("parse-caught.fbp");

    private static Task<CliRun> RunStandard(params string[] args) =>
        InProcessCli.RunAsync(new InProcessCli.Setup { CreateRegistry = CliComponents.Create }, args);

    [Fact]
    public async Task Bad_json_with_no_error_edge_fails_the_run_naming_the_node_and_the_message()
    {
        CliRun run = await RunStandard("run", Parse, "--input", "text=\"{bad\"", "--input", "text=\"[1]\"");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("value: [1]", run.Output); // the good one still went through
        Assert.Contains("completed with 1 uncaught failure(s)", run.Output);
        Assert.Contains("failures      1 (1 uncaught, 0 ignored by policy, 0 caught by an error edge)", run.Output);
        Assert.Matches(@"node 'parse', port 'error': data/JsonParse \(parse\): not valid JSON: .* \[uncaught\]", run.Output);
        Assert.Contains("reflow: node 'parse' failed: an Error message on out-port 'error', which has no edge: data/JsonParse (parse): not valid JSON", run.Error);
    }

    [Fact]
    public async Task Bad_json_with_an_error_edge_is_handled_by_the_graph_and_the_run_succeeds()
    {
        CliRun run = await RunStandard("run", ParseCaught, "--input", "text=\"{bad\"", "--input", "text=\"[1]\"");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("errors: ", run.Output); // the Error message, printed as the exported port's value
        Assert.Contains(": completed", run.Output);
        Assert.Contains("failures      0", run.Output);
    }

    [Fact]
    public async Task Ignored_failures_leave_the_run_successful_but_are_counted_and_shown()
    {
        CliRun run = await RunStandard("run", Parse, "--set", "supervision.ignore_failures=true", "--input", "text=\"{bad\"");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(": completed", run.Output);
        Assert.DoesNotContain("uncaught failure(s)", run.Output);
        Assert.Contains("failures      1 (0 uncaught, 1 ignored by policy, 0 caught by an error edge)", run.Output);
        Assert.Matches(@"node 'parse', port 'error': .*not valid JSON.* \[ignored\]", run.Output);
        Assert.Matches(@"parse\s+1\s+0\s+1\s+1 \(ignored\)", run.Output);
    }

    [Fact]
    public async Task An_actor_that_throws_with_no_error_edge_fails_the_run_and_is_listed()
    {
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=-4");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("completed with 1 uncaught failure(s)", run.Output);
        Assert.Contains("node 'double', port 'in': InvalidOperationException: test/Double refuses -4 [uncaught]", run.Output);
    }

    [Fact]
    public async Task Many_failures_show_the_first_ten_in_full_then_how_many_more()
    {
        string file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, Enumerable.Range(1, 25).Select(i => $"{{bad {i}"));

        CliRun run = await RunStandard("run", Parse, "--input", "text=@" + file);

        Assert.True(run.ExitCode == 1, run.ToString());
        string[] listed = [.. run.OutputLines.Where(l => l.StartsWith("node 'parse', port 'error'", StringComparison.Ordinal))];
        Assert.Equal(10, listed.Length);
        Assert.Contains("… and 15 more", run.Output);
        Assert.Contains("completed with 25 uncaught failure(s)", run.Output);
        Assert.Contains("reflow: more failures follow; only their count is shown (see the summary).", run.Error);
    }

    [Fact]
    public async Task The_json_summary_counts_the_failures_and_lists_the_first()
    {
        CliRun run = await RunStandard("run", Parse, "--output", "json", "--input", "text=\"{bad\"", "--input", "text=\"2\"");

        Assert.True(run.ExitCode == 1, run.ToString());
        JsonElement summary = JsonDocument.Parse(run.OutputLines[^1]).RootElement.GetProperty("summary");
        Assert.False(summary.GetProperty("succeeded").GetBoolean());
        Assert.Equal(1, summary.GetProperty("failures").GetInt64());
        Assert.Equal(1, summary.GetProperty("uncaughtFailures").GetInt64());
        Assert.Equal(0, summary.GetProperty("ignoredFailures").GetInt64());
        JsonElement first = Assert.Single(summary.GetProperty("firstFailures").EnumerateArray());
        Assert.Equal("parse", first.GetProperty("node").GetString());
        Assert.Equal("error", first.GetProperty("port").GetString());
        Assert.Equal("Uncaught", first.GetProperty("handling").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("exceptionType").ValueKind);
        Assert.StartsWith("data/JsonParse (parse): not valid JSON", first.GetProperty("message").GetString());
        JsonElement node = summary.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "parse");
        Assert.Equal(1, node.GetProperty("uncaughtFailures").GetInt64());
    }
}
