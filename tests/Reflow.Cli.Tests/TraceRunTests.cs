using System.Text.Json.Nodes;

namespace Reflow.Cli.Tests;

/// <summary><c>reflow run --trace</c>: the flowtrace of a run, its event limit, and a path that cannot be written.</summary>
public sealed class TraceRunTests
{
    [Fact]
    public async Task An_examples_trace_has_every_message_of_every_edge_in_order_between_started_and_stopped()
    {
        string trace = TracePath();
        CliRun run = await InProcessCli.RunAsync(
            new InProcessCli.Setup { CreateRegistry = CliComponents.Create },
            "run", Path.Combine(SubprocessCli.RepositoryRoot, "examples/fan-out-fan-in/fan-out-fan-in.json"), "--trace", trace);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonObject flowtrace = JsonNode.Parse(File.ReadAllText(trace))!.AsObject();
        JsonObject header = flowtrace["header"]!.AsObject();
        Assert.Equal("fan-out-fan-in", (string?)header["main"]);
        Assert.NotNull(header["graphs"]!["fan-out-fan-in"]!["processes"]!["fork"]);
        Assert.Equal(0, (long)header["metadata"]!["omitted"]!);
        JsonObject[] events = [.. flowtrace["events"]!.AsArray().Select(e => e!.AsObject())];
        Assert.All(events, e => Assert.Equal("network", (string?)e["protocol"]));
        Assert.Equal("started", (string?)events[0]["command"]);
        Assert.Equal("stopped", (string?)events[^1]["command"]);
        Assert.Equal(1, events.Count(e => (string?)e["command"] == "started"));
        Assert.Equal(1, events.Count(e => (string?)e["command"] == "stopped"));

        // Every edge between nodes carried one message per number (8); each is opened, carries them, then is closed.
        Dictionary<string, string[]> edges = events.Where(e => e["payload"]!["src"] is not null)
            .GroupBy(e => (string)e["payload"]!["id"]!)
            .ToDictionary(g => g.Key, g => g.Select(e => (string)e["command"]!).ToArray());
        Assert.Equal(
            ["double() OUT -> IN1 join()", "fork() OUT1 -> IN double()", "fork() OUT2 -> IN square()", "fork() OUT3 -> IN shift()",
             "join() OUT -> IN named()", "numbers() OUT -> IN fork()", "shift() OUT -> IN3 join()", "square() OUT -> IN2 join()"],
            edges.Keys.Order(StringComparer.Ordinal));
        Assert.All(edges.Values, commands =>
        {
            Assert.Equal("connect", commands[0]);
            Assert.Equal("disconnect", commands[^1]);
            Assert.Equal(8, commands.Count(c => c == "data"));
        });

        // Order per edge: the numbers as the split sent them, the squares as the square node made them.
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], DataOf(events, "numbers() OUT -> IN fork()").Select(d => (int)d!));
        Assert.Equal([1, 4, 9, 16, 25, 36, 49, 64], DataOf(events, "square() OUT -> IN2 join()").Select(d => (int)(double)d!));

        // The IIPs, as the protocol server sends them: connect, data, disconnect each, from DATA.
        JsonObject[] initials = [.. events.Where(e => ((string?)e["payload"]!["id"])?.StartsWith("DATA -> ", StringComparison.Ordinal) == true)];
        Assert.Equal(12, initials.Length);
        Assert.Contains(initials, e => (string?)e["command"] == "data" && (string?)e["payload"]!["id"] == "DATA -> OPERAND shift()" && (int)e["payload"]!["data"]! == 100);
    }

    [Fact]
    public async Task The_limit_keeps_the_first_events_counts_the_rest_in_the_header_and_says_so()
    {
        string trace = TracePath();
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("chain.fbp"), "--trace", trace, "--trace-limit", "10");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonObject flowtrace = JsonNode.Parse(File.ReadAllText(trace))!.AsObject();
        JsonObject[] events = [.. flowtrace["events"]!.AsArray().Select(e => e!.AsObject())];
        JsonNode metadata = flowtrace["header"]!["metadata"]!;

        // 1 started + per edge 1 connect and 50 data = 103 events of the run; 10 kept, then the closing ones.
        Assert.Equal(10, (long)metadata["eventLimit"]!);
        Assert.Equal(93, (long)metadata["omitted"]!);
        Assert.Equal(events.Length, (long)metadata["events"]!);
        Assert.Equal("started", (string?)events[0]["command"]);
        Assert.Equal("stopped", (string?)events[^1]["command"]);
        Assert.Equal(10, events.Length - events.Count(e => (string?)e["command"] is "disconnect" or "stopped"));
        Assert.Contains("93 event(s) left out past --trace-limit 10", run.Error, StringComparison.Ordinal);
        Assert.Contains("result: 200", run.Output, StringComparison.Ordinal); // the run itself is whole
    }

    [Fact]
    public async Task A_failed_run_is_traced_too_with_its_process_error()
    {
        string trace = TracePath();
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=1", "--input", "numbers=-4", "--trace", trace);

        Assert.True(run.ExitCode == 1, run.ToString());
        JsonObject[] events = [.. JsonNode.Parse(File.ReadAllText(trace))!["events"]!.AsArray().Select(e => e!.AsObject())];
        Assert.Equal("stopped", (string?)events[^1]["command"]);
        JsonObject error = Assert.Single(events, e => (string?)e["command"] == "processerror");
        Assert.Equal("double", (string?)error["payload"]!["id"]);
        Assert.Contains("refuses -4", (string?)error["payload"]!["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_run_is_traced_when_it_has_drained()
    {
        string trace = TracePath();
        var input = new ChannelTextReader();
        var setup = new InProcessCli.Setup { Input = input };
        input.WriteLine("1");
        Task<CliRun> running = InProcessCli.RunAsync(setup, "run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=-", "--trace", trace);
        await setup.Out.WaitForLinesAsync(l => l.StartsWith("doubled:", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30));
        setup.Interrupts.Interrupt(); // stdin stays open: only Ctrl-C ends this run

        CliRun run = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("interrupted, drained", run.Output, StringComparison.Ordinal);
        JsonObject[] events = [.. JsonNode.Parse(File.ReadAllText(trace))!["events"]!.AsArray().Select(e => e!.AsObject())];
        Assert.Equal("started", (string?)events[0]["command"]);
        Assert.Equal("stopped", (string?)events[^1]["command"]);
    }

    [Fact]
    public async Task A_trace_path_that_cannot_be_written_is_refused_before_the_run()
    {
        string trace = Path.Combine(Path.GetTempPath(), $"reflow-no-such-dir-{Guid.NewGuid():N}", "run.flowtrace.json");
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("counted.fbp"), "--trace", trace);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--trace {trace}: the trace file cannot be written", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("result:", run.Output, StringComparison.Ordinal); // nothing ran
        Assert.False(File.Exists(trace));
    }

    [Fact]
    public async Task A_limit_below_one_is_a_usage_error()
    {
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("counted.fbp"), "--trace", TracePath(), "--trace-limit", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--trace-limit 0", run.Error, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonNode?> DataOf(IEnumerable<JsonObject> events, string edge) =>
        events.Where(e => (string?)e["command"] == "data" && (string?)e["payload"]!["id"] == edge).Select(e => e["payload"]!["data"]);

    private static string TracePath() => Path.Combine(Path.GetTempPath(), $"reflow-trace-test-{Guid.NewGuid():N}.flowtrace.json");
}
