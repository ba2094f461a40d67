namespace Reflow.Cli.Tests;

/// <summary>
/// The real <c>reflow</c> and its permissions: read and write under the graph file's directory by default, the
/// <c>--allow-*</c> flags and <c>[permissions]</c> for anything else, and relative paths beside the graph file
/// whatever the current directory.
/// </summary>
public sealed class PermissionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reflow-cli-perms-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string At(params string[] parts) => Path.Combine([_root, .. parts]);

    /// <summary>app/read.json: io/ReadLines of <paramref name="path"/> into an exported out-port 'lines'; the file app/beside.txt and secret/key.txt.</summary>
    private string ReadingGraph(string path)
    {
        Directory.CreateDirectory(At("app"));
        Directory.CreateDirectory(At("secret"));
        File.WriteAllText(At("app", "beside.txt"), "beside the graph\n");
        File.WriteAllText(At("secret", "key.txt"), "the key\n");
        string graph = At("app", "read.json");
        File.WriteAllText(graph, $$"""
            {
              "processes": { "read": { "component": "io/ReadLines", "metadata": { "path": {{System.Text.Json.JsonSerializer.Serialize(path)}} } } },
              "outports": { "lines": { "process": "read", "port": "out" } }
            }
            """);
        return graph;
    }

    [Fact]
    public async Task Reading_a_file_outside_the_graphs_directory_fails_naming_the_flag_with_exit_1()
    {
        string graph = ReadingGraph(At("secret", "key.txt"));

        CliRun run = await SubprocessCli.RunInAsync(_root, "run", graph);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"read access to '{At("secret", "key.txt")}' is not granted; grant it with --allow-read={At("secret", "key.txt")}", run.Error);
        Assert.DoesNotContain("the key", run.Output);
    }

    [Fact]
    public async Task Reading_etc_passwd_is_denied_by_default()
    {
        CliRun run = await SubprocessCli.RunInAsync(_root, "run", ReadingGraph("/etc/passwd"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("grant it with --allow-read=/etc/passwd", run.Error);
    }

    [Fact]
    public async Task The_flag_grants_it()
    {
        string graph = ReadingGraph(At("secret", "key.txt"));

        CliRun run = await SubprocessCli.RunInAsync(_root, "run", graph, $"--allow-read={At("secret")}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("lines: \"the key\"", run.OutputLines);
    }

    [Fact]
    public async Task The_permissions_table_of_the_configuration_grants_it()
    {
        string graph = ReadingGraph(At("secret", "key.txt"));
        string config = At("reflow.toml");
        File.WriteAllText(config, $"[permissions]\nread = [{System.Text.Json.JsonSerializer.Serialize(At("secret"))}]\n");

        CliRun run = await SubprocessCli.RunInAsync(_root, "run", graph, "--config", config);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("lines: \"the key\"", run.OutputLines);
    }

    [Fact]
    public async Task A_relative_path_reads_the_file_beside_the_graph_from_any_working_directory()
    {
        string graph = ReadingGraph("beside.txt");
        File.WriteAllText(At("beside.txt"), "the wrong file, in the working directory\n");

        CliRun run = await SubprocessCli.RunInAsync(_root, "run", graph);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["lines: \"beside the graph\""], run.OutputLines.Where(l => l.StartsWith("lines:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_the_default_grant_even_the_graphs_own_directory_is_denied()
    {
        string graph = ReadingGraph("beside.txt");

        CliRun run = await SubprocessCli.RunInAsync(_root, "run", graph, "--no-default-grant");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"grant it with --allow-read={At("app", "beside.txt")}", run.Error);
    }

    [Fact]
    public async Task Writing_beside_the_graph_is_granted_and_writing_elsewhere_is_not()
    {
        Directory.CreateDirectory(At("app"));
        string Graph(string name, string path)
        {
            string file = At("app", name);
            File.WriteAllText(file, $$"""
                {
                  "processes": { "write": { "component": "io/WriteFile", "metadata": { "path": {{System.Text.Json.JsonSerializer.Serialize(path)}} } } },
                  "connections": [ { "data": "written", "tgt": { "process": "write", "port": "in" } } ]
                }
                """);
            return file;
        }

        CliRun beside = await SubprocessCli.RunInAsync(_root, "run", Graph("beside.json", "out.txt"));
        CliRun elsewhere = await SubprocessCli.RunInAsync(_root, "run", Graph("elsewhere.json", At("out.txt")));

        Assert.True(beside.ExitCode == 0, beside.ToString());
        Assert.Equal("written\n", File.ReadAllText(At("app", "out.txt")));
        Assert.True(elsewhere.ExitCode == 1, elsewhere.ToString());
        Assert.Contains($"grant it with --allow-write={At("out.txt")}", elsewhere.Error);
        Assert.False(File.Exists(At("out.txt")));
    }

    [Theory]
    [InlineData("--allow-net=https://example.com", "--allow-net: 'https://example.com' is not a net permission")]
    [InlineData("--allow-net=example.com:0", "a port from 1 to 65535")]
    [InlineData("--allow-env=A=B", "--allow-env: 'A=B' is not an env permission")]
    public async Task A_bad_grant_is_a_usage_error_with_exit_2(string flag, string message)
    {
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("doubler.fbp"), flag);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error);
    }

    [Theory]
    [InlineData("examples/etl/etl.json", "examples/etl/expected.txt")]
    [InlineData("examples/log-processing/log-processing.json", "examples/log-processing/expected.txt")]
    public async Task The_file_reading_examples_run_from_another_directory(string graph, string expected)
    {
        CliRun run = await SubprocessCli.RunInAsync(_root, "run", Path.Combine(SubprocessCli.RepositoryRoot, graph));

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] values = [.. run.OutputLines.Where(l => !l.StartsWith('─') && l.Contains(": ", StringComparison.Ordinal))];
        foreach (string line in File.ReadAllLines(Path.Combine(SubprocessCli.RepositoryRoot, expected)))
        {
            Assert.Contains(line, values);
        }
    }
}
