using System.Text.RegularExpressions;

namespace Reflow.Cli.Tests;

public sealed partial class InterruptTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Ctrl_C_drains_a_graph_fed_from_stdin_and_loses_nothing_it_accepted()
    {
        var input = new ChannelTextReader();
        var setup = new InProcessCli.Setup { Input = input };
        for (int i = 0; i < 5000; i++)
        {
            input.WriteLine(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Task<CliRun> running = InProcessCli.RunAsync(setup, "run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=-");
        await setup.Out.WaitForLinesAsync(l => l.StartsWith("doubled:", StringComparison.Ordinal), 10, Patience);
        setup.Interrupts.Interrupt(); // stdin stays open: only the interrupt ends this run

        CliRun run = await running.WaitAsync(Patience);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("interrupted, drained", run.Output);
        long accepted = long.Parse(Accepted().Match(run.Output).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        long[] doubled = [.. run.OutputLines.Where(l => l.StartsWith("doubled:", StringComparison.Ordinal)).Select(l => long.Parse(l[9..], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(accepted, doubled.Length);
        Assert.Equal(Enumerable.Range(0, doubled.Length).Select(i => 2L * i), doubled); // every accepted message, in order
    }

    [Fact]
    public async Task A_timeout_stops_a_long_running_graph_and_fails_it()
    {
        var input = new ChannelTextReader();
        CliRun run = await InProcessCli.RunAsync(new InProcessCli.Setup { Input = input }, "run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=-", "--timeout", "200ms")
            .WaitAsync(Patience);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("timed out after", run.Output);
    }

    [Fact]
    public async Task Progress_appears_once_a_run_has_lasted_a_second()
    {
        var input = new ChannelTextReader();
        var setup = new InProcessCli.Setup { Input = input };
        Task<CliRun> running = InProcessCli.RunAsync(setup, "run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=-", "--progress", "always");
        input.WriteLine("1");
        await setup.Error.WaitForLinesAsync(l => l.StartsWith("running ", StringComparison.Ordinal) && l.Contains("msg/s", StringComparison.Ordinal), 1, Patience);
        input.Complete(); // end of input: the run finishes by itself

        CliRun run = await running.WaitAsync(Patience);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"running [\d.]+ s · .* msg/s · \d+ messages · \d+ in flight · 0 errors", run.Error);
    }

    [Fact]
    public async Task Without_a_terminal_auto_progress_prints_nothing()
    {
        CliRun run = await InProcessCli.RunAsync("run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=1");

        Assert.DoesNotContain("running ", run.Error);
    }

    [GeneratedRegex(@"input  numbers: ([\d,]+) accepted")]
    private static partial Regex Accepted();
}
