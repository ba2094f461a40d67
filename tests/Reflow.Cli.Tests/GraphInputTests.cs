using System.Text;
using Reflow.Graphs;

namespace Reflow.Cli.Tests;

/// <summary>
/// Graph files that used to crash <c>reflow</c> or pass silently: each is a clear error with exit 2 (in process, so a
/// stack overflow would fail the run), and a conversion that drops something says what and needs <c>--lossy</c>.
/// </summary>
public sealed class GraphInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reflow-inputs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Convert_to_fbp_of_a_node_id_with_a_space_names_the_node_and_why_and_exits_2()
    {
        string source = Write("spaced.json", """
            {"processes": {"my node": {"component": "test/Count"}, "b": {"component": "test/Double"}},
             "connections": [{"src": {"process": "my node", "port": "out"}, "tgt": {"process": "b", "port": "in"}}]}
            """);
        string target = Path.Combine(_directory, "spaced.fbp");

        CliRun run = await InProcessCli.RunAsync("convert", source, target);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"reflow: {source} cannot be converted to the .fbp DSL: the .fbp DSL cannot write the node id 'my node': a node id starts with a letter or '_' and goes on with letters, digits, '_' or '-', and ' ' at position 3 is not allowed there. Rename it, or convert to Reflow or NoFlo JSON.",
            run.Error.Trim());
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_lossy_conversion_lists_what_it_drops_and_fails_unless_lossy_is_given()
    {
        string source = Write("rich.json", """
            {"processes": {"numbers": {"component": "test/Count", "metadata": {"count": 5}}, "double": {"component": "test/Double"}},
             "connections": [{"src": {"process": "numbers", "port": "out"}, "tgt": {"process": "double", "port": "in"}, "metadata": {"capacity": 8}}],
             "outports": {"result": {"process": "double", "port": "out", "index": 2}},
             "groups": [{"name": "all", "nodes": ["numbers", "double"]}]}
            """);
        string target = Path.Combine(_directory, "rich.fbp");

        CliRun refused = await InProcessCli.RunAsync("convert", source, target);
        bool writtenWhenRefused = File.Exists(target);
        CliRun lossy = await InProcessCli.RunAsync("convert", source, target, "--lossy");

        Assert.Equal(2, refused.ExitCode);
        Assert.False(writtenWhenRefused);
        string[] dropped =
        [
            "the .fbp DSL cannot hold metadata count of node 'numbers'",
            "the .fbp DSL cannot hold metadata capacity of connection numbers.out -> double.in",
            "the .fbp DSL cannot hold the index of exported port 'result' (double.out[2])",
            "the .fbp DSL cannot hold 1 of 1 groups",
        ];
        Assert.All(dropped, d => Assert.Contains("reflow: " + d + ".", refused.Error, StringComparison.Ordinal));
        Assert.Contains("give --lossy to convert anyway", refused.Error, StringComparison.Ordinal);

        Assert.True(lossy.ExitCode == 0, lossy.ToString());
        Assert.All(dropped, d => Assert.Contains($"reflow: warning: {d}; it is left out of {target}.", lossy.Error, StringComparison.Ordinal));
        Graph written = GraphFile.Load(target);
        Assert.Equal(["numbers", "double"], written.Nodes.Select(n => n.Id));
        Assert.Single(written.Connections);
    }

    [Fact]
    public async Task A_refused_conversion_writes_nothing()
    {
        string source = Write("grouped.json", """
            {"processes": {"a": {"component": "test/Count"}}, "groups": [{"name": "g", "nodes": ["a"]}]}
            """);
        string target = Path.Combine(_directory, "grouped.fbp");

        CliRun refused = await InProcessCli.RunAsync("convert", source, target);
        CliRun stdout = await InProcessCli.RunAsync("convert", source, "-", "--to", "fbp");

        Assert.Equal((2, 2), (refused.ExitCode, stdout.ExitCode));
        Assert.False(File.Exists(target));
        Assert.Equal("", stdout.Output);
    }

    [Theory]
    [InlineData("empty.fbp", "")]
    [InlineData("comments.fbp", "# nothing here\n")]
    [InlineData("empty.json", "{}")]
    public async Task An_empty_graph_is_invalid_and_does_not_run(string name, string text)
    {
        string path = Write(name, text);

        CliRun validate = await InProcessCli.RunAsync("validate", path);
        CliRun run = await InProcessCli.RunAsync("run", path);

        Assert.Equal(2, validate.ExitCode);
        Assert.Contains($"error EmptyGraph at {path}, graph: the graph has no nodes", validate.Output, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the graph has no nodes", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deep.fbp")]
    [InlineData("deep.json")]
    [InlineData("deep.noflo.json")]
    public async Task A_graph_nested_100000_deep_is_rejected_naming_the_place_and_the_limit(string name)
    {
        string deep = new string('[', 100_000) + new string(']', 100_000);
        string path = Write(name, name switch
        {
            "deep.fbp" => "a(test/Double)\n" + deep + " -> IN a\n",
            "deep.json" => """{"processes": {"a": {"id": "a", "component": "test/Double"}}, "connections": [{"from": {}, "to": {"nodeId": "a", "portId": "in"}, "data": """ + deep + "}]}",
            _ => """{"processes": {"a": {"component": "test/Double"}}, "connections": [{"tgt": {"process": "a", "port": "in"}, "data": """ + deep + "}]}",
        });

        foreach (string command in new[] { "validate", "convert" })
        {
            CliRun run = command == "validate"
                ? await InProcessCli.RunAsync("validate", path)
                : await InProcessCli.RunAsync("convert", path, Path.Combine(_directory, "out.json"));

            Assert.Equal(2, run.ExitCode);
            string expected = name == "deep.fbp"
                ? $"reflow: {path}:2:257: expected an IIP nested at most 256 arrays and objects deep, but found an array at depth 257."
                : $"reflow: {path}:1:";
            Assert.StartsWith(expected, run.Error, StringComparison.Ordinal);
            Assert.Contains("at most 256", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unquoted_IIP_nested_65_deep_converts_both_ways_where_it_used_to_crash()
    {
        string nested = new string('[', 65) + "1" + new string(']', 65);
        string source = Write("nested.fbp", "a(test/Double)\n" + nested + " -> IN a\n");
        string json = Path.Combine(_directory, "nested.json");
        string back = Path.Combine(_directory, "back.fbp");

        CliRun forth = await InProcessCli.RunAsync("convert", source, json);
        CliRun again = await InProcessCli.RunAsync("convert", json, back);

        Assert.True(forth.ExitCode == 0, forth.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(nested, JsonValues.ToJson(Assert.Single(GraphFile.Load(back).Initials).Data));
    }

    [Fact]
    public async Task Validate_reads_fbp_case_sensitively_when_asked()
    {
        string path = Write("upper.fbp", "numbers(test/Count:count=1) OUT -> IN double(test/Double)\n");

        CliRun insensitive = await InProcessCli.RunAsync("validate", path);
        CliRun sensitive = await InProcessCli.RunAsync("validate", path, "--case-sensitive");

        Assert.True(insensitive.ExitCode == 0, insensitive.ToString());
        Assert.Equal(2, sensitive.ExitCode);
        Assert.Contains("has no out-port 'OUT'", sensitive.Output, StringComparison.Ordinal);
        Assert.Contains("has no in-port 'IN'", sensitive.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_keeps_the_case_of_ports_read_case_sensitively_and_says_when_the_DSL_cannot()
    {
        string fbp = Write("upper.fbp", "numbers(test/Count) OUT -> IN double(test/Double)\n");
        string json = Path.Combine(_directory, "upper.json");
        string back = Path.Combine(_directory, "back.fbp");

        CliRun forth = await InProcessCli.RunAsync("convert", fbp, json, "--case-sensitive");
        CliRun refused = await InProcessCli.RunAsync("convert", json, back);

        Assert.True(forth.ExitCode == 0, forth.ToString());
        Assert.Equal(["OUT", "IN"], GraphFile.Load(json).Connections.SelectMany(c => new[] { c.From.Port, c.To.Port }));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("cannot hold the case of port names", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_of_100000_repeated_connections_keeps_every_one()
    {
        var text = new StringBuilder("numbers(test/Count:count=1) out -> in double(test/Double)\n");
        for (int i = 1; i < 100_000; i++)
        {
            text.Append("numbers out -> in double\n");
        }

        string path = Write("repeated.fbp", text.ToString());

        CliRun run = await InProcessCli.RunAsync("validate", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(100_000, GraphFile.Load(path).Connections.Count);
    }
}
