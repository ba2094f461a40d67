namespace Reflow.Cli.Tests;

/// <summary>The real <c>reflow</c> process: exit codes, errors, signals.</summary>
public sealed class SubprocessTests
{
    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        CliRun run = await SubprocessCli.RunAsync("--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (string command in new[] { "run", "validate", "convert", "inspect", "components", "bench", "config" })
        {
            Assert.Contains("  " + command, run.Output);
        }
    }

    [Fact]
    public async Task A_missing_graph_exits_2()
    {
        CliRun run = await SubprocessCli.RunAsync("run", "examples/no-such-graph.fbp");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("The graph file examples/no-such-graph.fbp does not exist.", run.Error);
    }

    [Fact]
    public async Task An_unknown_command_exits_2()
    {
        CliRun run = await SubprocessCli.RunAsync("frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("frobnicate", run.Error);
    }

    [Fact]
    public async Task A_bad_configuration_key_names_file_line_and_key()
    {
        string config = Path.Combine(Path.GetTempPath(), $"reflow-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, "[actor_system]\n\nmessage_buffer = 16\n");

        CliRun run = await SubprocessCli.RunAsync("validate", "examples/ten-stage/ten-stage.fbp", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{config}:3: unknown key 'actor_system.message_buffer'", run.Error);
    }

    [Fact]
    public async Task An_unknown_component_exits_2_naming_it()
    {
        string graph = Path.Combine(Path.GetTempPath(), $"reflow-{Guid.NewGuid():N}.fbp");
        await File.WriteAllTextAsync(graph, "a(core/Repeat) OUT -> IN b(core/Repeaat)\n");

        CliRun run = await SubprocessCli.RunAsync("run", graph);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("core/Repeaat", run.Error);
        Assert.Contains("node 'b'", run.Error);
    }
}
