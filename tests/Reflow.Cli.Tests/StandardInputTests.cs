using System.Globalization;
using System.Text.RegularExpressions;
using Reflow.Cli.Tests.Components;

namespace Reflow.Cli.Tests;

/// <summary>
/// <c>--input port=-</c> while standard input stays open and sends nothing: <c>--timeout</c> and Ctrl-C still end
/// the run. The console's reader blocks its caller even through <c>ReadLineAsync</c>, so these tests read from a
/// <see cref="ConsoleLikeTextReader"/> in process, or from the real process's stdin, a pipe held open.
/// </summary>
public sealed partial class StandardInputTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_timeout_stops_a_run_whose_stdin_stays_open_and_quiet()
    {
        using var input = new ConsoleLikeTextReader();
        var setup = new InProcessCli.Setup { Input = input };
        input.WriteLine("1");

        // Task.Run: were the run to read stdin on the caller's thread, the call itself would never return.
        CliRun run = await Task.Run(() => InProcessCli.RunAsync(setup, "run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=-", "--timeout", "300ms"))
            .WaitAsync(Patience);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("doubler.fbp: timed out after 300.0 ms, stopped without draining", run.Output);
        Assert.Contains("doubled: 2", run.OutputLines);
    }

    [Fact]
    public async Task A_second_Ctrl_C_stops_at_once_while_stdin_stays_open_and_quiet()
    {
        const int Lines = 100; // fewer than an edge holds: all are accepted, then the feed waits on stdin
        using var input = new ConsoleLikeTextReader();
        var setup = new InProcessCli.Setup { Input = input, CreateRegistry = output => InProcessCli.Registry(output).Add<SlowActor>() };
        for (int i = 0; i < Lines; i++)
        {
            input.WriteLine(i.ToString(CultureInfo.InvariantCulture));
        }

        Task<CliRun> running = Task.Run(() => InProcessCli.RunAsync(setup, "run", InProcessCli.GraphPath("slow.fbp"), "--input", "lines=-"));
        await setup.Out.WaitForLinesAsync(l => l.StartsWith("slowed:", StringComparison.Ordinal), 1, Patience);
        setup.Interrupts.Interrupt(); // drain: handling what is left would take seconds (100 ms a message)
        setup.Interrupts.Interrupt(); // stop at once: the message being handled finishes, the rest are dead letters

        CliRun run = await running.WaitAsync(Patience);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("slow.fbp: stopped without draining (interrupted twice)", run.Output);
        int slowed = run.OutputLines.Count(l => l.StartsWith("slowed:", StringComparison.Ordinal));
        long deadLetters = long.Parse(DeadLetters().Match(run.Output).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.True(slowed < Lines && deadLetters > 0, $"{slowed} handled, {deadLetters} dead letters: the second interrupt did not stop the drain\n{run}");
        Assert.Equal(Lines, slowed + deadLetters); // every accepted line handled or a dead letter, none lost
    }

    [Fact]
    public async Task Ctrl_C_drains_a_run_whose_stdin_stays_open_and_quiet()
    {
        using var input = new ConsoleLikeTextReader();
        var setup = new InProcessCli.Setup { Input = input };
        input.WriteLine("21");

        Task<CliRun> running = Task.Run(() => InProcessCli.RunAsync(setup, "run", InProcessCli.GraphPath("doubler.fbp"), "--input", "numbers=-"));
        await setup.Out.WaitForLinesAsync(l => l == "doubled: 42", 1, Patience);
        setup.Interrupts.Interrupt();

        CliRun run = await running.WaitAsync(Patience);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("doubler.fbp: interrupted, drained", run.Output);
        Assert.Contains("input  numbers: 1 accepted", run.Output);
    }

    [Fact]
    public async Task The_real_process_times_out_while_its_stdin_pipe_stays_open()
    {
        using SubprocessCli cli = SubprocessCli.Start("run", "examples/ten-stage/ten-stage.fbp", "--input", "in=-", "--timeout", "2s");
        await cli.Input.WriteLineAsync("1");
        await cli.Input.FlushAsync(); // and nothing more: stdin stays open until the process has exited

        CliRun run = await cli.WaitForExitAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("ten-stage.fbp: timed out after 2.00 s, stopped without draining", run.Output);
        Assert.Contains("out: 1", run.OutputLines);
    }

    [Fact]
    public async Task The_real_process_drains_on_SIGINT_while_its_stdin_pipe_stays_open()
    {
        using SubprocessCli cli = SubprocessCli.Start("run", "examples/ten-stage/ten-stage.fbp", "--input", "in=-");
        await cli.Input.WriteLineAsync("1");
        await cli.Input.FlushAsync();
        await cli.WaitForOutputAsync(l => l == "out: 1"); // running, with its signal handlers in place

        await cli.InterruptAsync();
        CliRun run = await cli.WaitForExitAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("ten-stage.fbp: interrupted, drained", run.Output);
        Assert.Contains("input  in: 1 accepted", run.Output);
    }

    [GeneratedRegex(@"dead letters  ([\d,]+)")]
    private static partial Regex DeadLetters();
}
