using System.Text.Json;

namespace Reflow.Cli.Tests;

public sealed class RunCommandTests
{
    private static readonly string Doubler = InProcessCli.GraphPath("doubler.fbp");

    [Fact]
    public async Task Run_prints_every_output_value_in_order_and_a_summary()
    {
        CliRun run = await InProcessCli.RunAsync("run", Doubler, "--input", "numbers=1", "--input", "numbers=2", "--input", "numbers=21");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["doubled: 2", "doubled: 4", "doubled: 42"], run.OutputLines.Where(l => l.StartsWith("doubled:", StringComparison.Ordinal)));
        Assert.Contains("completed", run.Output);
        Assert.Contains("input  numbers: 3 accepted", run.Output);
        Assert.Contains("output doubled: 3", run.Output);
        Assert.Matches(@"messages\s+\d+ \(", run.Output);
    }

    [Fact]
    public async Task Run_of_a_source_graph_needs_no_input()
    {
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("counted.fbp"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["result: 2", "result: 4", "result: 6", "result: 8", "result: 10"], run.OutputLines.Where(l => l.StartsWith("result:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Json_output_is_one_line_per_value_then_the_summary()
    {
        string file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, ["5", "6", "", "7"]);
        CliRun run = await InProcessCli.RunAsync("run", Doubler, "--input", "numbers=@" + file, "--output", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement[] lines = [.. run.OutputLines.Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal([10L, 12L, 14L], lines.Where(l => l.TryGetProperty("port", out _)).Select(l => l.GetProperty("value").GetInt64()));
        JsonElement summary = lines[^1].GetProperty("summary");
        Assert.True(summary.GetProperty("succeeded").GetBoolean());
        Assert.Equal(3, summary.GetProperty("inputs").GetProperty("numbers").GetInt64());
        Assert.Equal(3, summary.GetProperty("outputs").GetProperty("doubled").GetInt64());
        Assert.Equal(0, summary.GetProperty("errors").GetInt64());
        Assert.Contains(summary.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == "double" && n.GetProperty("invocations").GetInt64() == 3);
    }

    [Fact]
    public async Task An_actor_error_fails_the_run_with_exit_code_1_and_names_the_node()
    {
        CliRun run = await InProcessCli.RunAsync("run", Doubler, "--input", "numbers=1", "--input", "numbers=-4", "--input", "numbers=3");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("node 'double' failed: InvalidOperationException: test/Double refuses -4", run.Error);
        Assert.Contains("with 1 uncaught failure(s)", run.Output);
        Assert.Contains("doubled: 6", run.Output); // resume: the others still ran
    }

    [Fact]
    public async Task A_missing_graph_file_is_exit_code_2()
    {
        CliRun run = await InProcessCli.RunAsync("run", "/no/such/graph.fbp");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("The graph file /no/such/graph.fbp does not exist.", run.Error);
    }

    [Fact]
    public async Task A_graph_with_a_syntax_error_is_exit_code_2_with_file_and_line()
    {
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("broken.fbp"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("broken.fbp:2:", run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Unknown_components_and_ports_are_all_listed_before_anything_runs()
    {
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("unknown.fbp"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("test/Nope", run.Error);
        Assert.Contains("test/AlsoNope", run.Error);
        Assert.Contains("'wrong'", run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task An_input_to_a_port_the_graph_does_not_export_is_a_usage_error()
    {
        CliRun run = await InProcessCli.RunAsync("run", Doubler, "--input", "nope=1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has no exported in-port 'nope'; it has: numbers", run.Error);
    }

    [Fact]
    public async Task An_input_file_that_does_not_exist_is_a_usage_error_before_anything_runs()
    {
        CliRun run = await InProcessCli.RunAsync("run", Doubler, "--input", "numbers=@/no/such/numbers.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--input numbers=@/no/such/numbers.txt: the file does not exist.", run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task A_bad_configuration_key_names_the_file_line_and_key()
    {
        string config = Path.Combine(Path.GetTempPath(), $"reflow-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, "[actor_system]\nthread_pool_size = 2\nthreads = 4\n");
        CliRun run = await InProcessCli.RunAsync("run", Doubler, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{config}:3: unknown key 'actor_system.threads'", run.Error);
    }

    [Fact]
    public async Task Unknown_options_are_usage_errors()
    {
        CliRun run = await InProcessCli.RunAsync("run", Doubler, "--frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--frobnicate", run.Error);
    }

    [Fact]
    public async Task Events_are_printed_on_the_error_stream()
    {
        CliRun run = await InProcessCli.RunAsync("run", Doubler, "--input", "numbers=1", "--events");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("NetworkStarted", run.Error);
        Assert.Contains("ActorStarted double", run.Error);
        Assert.Contains("NetworkFinished", run.Error);
    }
}
