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

    [Fact]
    public async Task A_graph_with_addressable_ports_validates_and_runs()
    {
        string graph = Path.Combine(Path.GetTempPath(), $"reflow-{Guid.NewGuid():N}.fbp");
        await File.WriteAllTextAsync(graph, """
            'hello' -> IN fork(flow/Fork)
            fork OUT[0] -> IN[0] merge(flow/Merge)
            fork OUT[1] -> IN[1] merge
            merge OUT -> IN print(core/Output)
            """);

        CliRun validate = await SubprocessCli.RunAsync("validate", graph);
        CliRun run = await SubprocessCli.RunAsync("run", graph, "--output", "json");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains(": valid", validate.Output);
        Assert.True(run.ExitCode == 0, run.ToString());
        string[] lines = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Count(line => line == "hello")); // a copy from each index of fork.OUT, merged
        using var summary = System.Text.Json.JsonDocument.Parse(lines.Single(line => line.StartsWith('{')));
        System.Text.Json.JsonElement fork = summary.RootElement.GetProperty("summary").GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("id").GetString() == "fork");
        Assert.Equal(0, fork.GetProperty("dropped").GetInt64()); // its named outputs default to none when OUT is connected
    }

    [Fact]
    public async Task Components_shows_which_ports_are_addressable()
    {
        CliRun text = await SubprocessCli.RunAsync("components", "flow/Merge");
        CliRun json = await SubprocessCli.RunAsync("components", "flow/Merge", "--output", "json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("in (any, addressable)", text.Output);
        Assert.Contains("in1 (any)", text.Output);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        System.Text.Json.JsonElement ports = document.RootElement.GetProperty("components")[0].GetProperty("inPorts");
        Assert.Equal([true, false], ports.EnumerateArray().Take(2).Select(p => p.GetProperty("addressable").GetBoolean()));
    }
}
