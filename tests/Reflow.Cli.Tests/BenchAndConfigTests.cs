using System.Text.Json;

namespace Reflow.Cli.Tests;

public sealed class BenchAndConfigTests
{
    [Fact]
    public async Task Bench_of_a_fed_graph_reports_throughput_and_latency_percentiles()
    {
        CliRun run = await InProcessCli.RunAsync("bench", InProcessCli.GraphPath("doubler.fbp"), "--runs", "3", "--warmup", "1", "--messages", "2000");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 runs × 2,000 messages numbers → doubled", run.Output);
        Assert.Matches(@"throughput  median [\d.]+ [kM]? ?msg/s", run.Output);
        Assert.Matches(@"p50 [\d.]+ [nµm]?s   p99 [\d.]+ [nµm]?s   p99\.9 [\d.]+ [nµm]?s", run.Output);
        Assert.Contains("(6,000 samples)", run.Output);
    }

    [Fact]
    public async Task Bench_json_has_ordered_percentiles()
    {
        CliRun run = await InProcessCli.RunAsync("bench", InProcessCli.GraphPath("doubler.fbp"), "-n", "2", "--warmup", "0", "-m", "500", "-o", "json");

        JsonElement report = JsonDocument.Parse(run.Output).RootElement;
        JsonElement latency = report.GetProperty("latencyNs");
        Assert.Equal(1000, latency.GetProperty("samples").GetInt32());
        double p50 = latency.GetProperty("p50").GetDouble(), p99 = latency.GetProperty("p99").GetDouble(), p999 = latency.GetProperty("p999").GetDouble();
        Assert.True(p50 > 0 && p50 <= p99 && p99 <= p999 && p999 <= latency.GetProperty("max").GetDouble(), report.ToString());
        Assert.True(report.GetProperty("throughput").GetProperty("median").GetDouble() > 0);
    }

    [Fact]
    public async Task Bench_of_a_source_graph_times_whole_runs()
    {
        CliRun run = await InProcessCli.RunAsync("bench", InProcessCli.GraphPath("counted.fbp"), "-n", "3", "--warmup", "0");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("source-driven run", run.Output);
        Assert.Contains("run time: p50", run.Output);
    }

    [Fact]
    public async Task Configuration_precedence_is_file_then_environment_then_set()
    {
        string config = Path.Combine(Path.GetTempPath(), $"reflow-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, "[actor_system]\nthread_pool_size = 2\nmessage_buffer_size = 64\nhost_buffer_size = 16\n");
        var environment = new Dictionary<string, string>
        {
            ["REFLOW_ACTOR_SYSTEM__MESSAGE_BUFFER_SIZE"] = "128",
            ["REFLOW_ACTOR_SYSTEM__HOST_BUFFER_SIZE"] = "32",
            ["REFLOW_BENCH_SCALE"] = "dry", // not configuration: no "__"
        };

        CliRun run = await InProcessCli.RunAsync(new InProcessCli.Setup { Environment = environment }, "config", "-c", config, "--set", "actor_system.host_buffer_size=8");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("thread_pool_size = 2\n", run.Output);     // file
        Assert.Contains("message_buffer_size = 128\n", run.Output); // environment over file
        Assert.Contains("host_buffer_size = 8\n", run.Output);      // --set over both
    }

    [Fact]
    public async Task A_bad_environment_variable_or_override_is_named()
    {
        var environment = new Dictionary<string, string> { ["REFLOW_ACTOR_SYSTEM__WAIT_STRATEGY"] = "sometimes" };
        CliRun run = await InProcessCli.RunAsync(new InProcessCli.Setup { Environment = environment }, "config", "--set", "actor_system.thread_pool_size=many", "--set", "nonsense");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("environment variable REFLOW_ACTOR_SYSTEM__WAIT_STRATEGY: actor_system.wait_strategy must be one of \"spin_yield_park\", \"busy_spin\", \"yielding\", \"sleeping\", but is the string \"sometimes\"", run.Error);
        Assert.Contains("--set actor_system.thread_pool_size=many: actor_system.thread_pool_size must be a whole number of at least 1, but is the string \"many\"", run.Error);
        Assert.Contains("--set nonsense: expected key=value", run.Error);
    }

    [Fact]
    public async Task Config_keys_lists_every_key()
    {
        CliRun run = await InProcessCli.RunAsync("config", "--keys");

        Assert.Equal(0, run.ExitCode);
        Assert.All(Reflow.Configuration.ReflowConfiguration.Keys, k => Assert.Contains(k.Key + " = " + k.Default, run.Output));
    }

    [Fact]
    public async Task A_graph_larger_than_max_actors_per_node_is_refused()
    {
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("counted.fbp"), "--set", "actor_system.max_actors_per_node=1");

        Assert.Equal(2, run.ExitCode);
        // Refused while the graph loads (GraphLoadOptions.MaxNodes, set from the key), before any node is made.
        Assert.Contains("TooManyNodes", run.Error);
        Assert.Contains("the network would have more than 1 nodes once its subgraphs are expanded (the limit: actor_system.max_actors_per_node", run.Error);
    }
}
