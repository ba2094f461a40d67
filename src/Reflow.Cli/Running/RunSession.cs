using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Configuration;
using Reflow.Messages;
using Reflow.Graphs;
using Reflow.Networks;
using Reflow.Server.Tracing;

namespace Reflow.Cli.Running;

/// <summary>
/// One <c>reflow run</c>: loads the graph, feeds its exported in-ports, prints its exported out-ports, watches for
/// Ctrl-C and the timeout, and reports.
/// </summary>
/// <remarks>
/// Ctrl-C asks the network to drain (<see cref="Network.StopAsync"/> with <c>drain: true</c>): inputs are closed,
/// sources stop, and everything already accepted is handled and printed before the summary; a second Ctrl-C
/// stops at once. The timeout stops at once and fails the run.
/// </remarks>
internal sealed class RunSession(CliHost host, string graph, ReflowOptions options, IReadOnlyList<InputSpec> inputs, RunSettings settings)
{
    private volatile bool _timedOut;

    public async Task<int> ExecuteAsync()
    {
        TextWriter output = TextWriter.Synchronized(host.Out);
        TextWriter error = TextWriter.Synchronized(host.Error);
        ComponentRegistry registry = CliComponents.AddScripting(host.CreateRegistry(output), options);
        NetworkDefinition definition = GraphFiles.Load(graph, registry, options, settings.Assignments);
        CheckPorts(definition);

        string name = GraphFiles.NetworkName(graph);
        var report = new RunReport(settings.Format, output, error);
        var traffic = new PortTraffic(host, report);
        await using FlowTraceRecorder? recorder = OpenTrace(); // before anything runs: an unwritable path is a usage error
        await using Network network = options.CreateNetwork(definition, name);
        ChannelReader<NetworkEvent> events = network.SubscribeEvents();
        recorder?.Attach(network, definition, GraphFile.Load(graph), Path.GetFileNameWithoutExtension(graph));
        using IDisposable? signals = host.ListenToSignals ? host.Interrupts.ListenToProcessSignals() : null;
        using var feeding = new CancellationTokenSource();

        Task<NetworkRunResult> run = network.RunAsync();
        Task watching = WatchEvents(events, report);
        Task[] reading = [.. definition.OutPorts.Select(p => traffic.ReadAsync(p.Name, network.Output(p.Name)))];

        await using (settings.Progress is ProgressMode.Never || (settings.Progress is ProgressMode.Auto && !host.ErrorIsTerminal)
            ? null
            : new ProgressDisplay(name, error, host.ErrorIsTerminal))
        {
            // The interrupts and the deadline are watched before any input is read: reading may wait on standard
            // input for as long as it stays open, and the run must still stop when they say so.
            using CancellationTokenRegistration drain = host.Interrupts.Drain.Register(() =>
            {
                feeding.Cancel(); // stop reading input: what was not accepted yet is not part of the run
                _ = network.StopAsync(drain: true);
            });
            using CancellationTokenRegistration abort = host.Interrupts.Abort.Register(() =>
            {
                feeding.Cancel();
                _ = network.StopAsync(drain: false);
            });
            using var deadline = settings.Timeout is { } timeout ? new CancellationTokenSource(timeout) : null;
            using CancellationTokenRegistration expire = deadline?.Token.Register(() =>
            {
                _timedOut = true;
                feeding.Cancel();
                _ = network.StopAsync(drain: false);
            }) ?? default;
            Feed(network, definition, traffic, feeding.Token);

            RunOutcome outcome;
            string? failure = null;
            try
            {
                NetworkRunResult result = await run.ConfigureAwait(false);
                await Task.WhenAll(reading).ConfigureAwait(false);
                outcome = Outcome(result, traffic);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                report.Problem("the run failed: " + ex.Message);
                failure = ex.Message;
                outcome = new RunOutcome("failed: " + ex.Message, false, null, traffic.Accepted, traffic.Received);
            }

            await feeding.CancelAsync().ConfigureAwait(false); // the run is over: a feeder still waiting on its input lets go
            await watching.ConfigureAwait(false);
            bool traced = recorder is null || await FinishTraceAsync(recorder, outcome, failure, error).ConfigureAwait(false);
            report.Summary(graph, outcome);
            return outcome.Succeeded && traced ? ExitCodes.Ok : ExitCodes.RunFailed;
        }
    }

    private FlowTraceRecorder? OpenTrace()
    {
        if (settings.Trace is not { } path)
        {
            return null;
        }

        try
        {
            return FlowTraceRecorder.Create(path, settings.TraceLimit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"--trace {path}: the trace file cannot be written ({ex.Message}); nothing was run.");
        }
    }

    // The trace is written whatever ended the run; a trace that could not be written fails the run (its record is lost).
    private async Task<bool> FinishTraceAsync(FlowTraceRecorder recorder, RunOutcome outcome, string? failure, TextWriter error)
    {
        try
        {
            string path = await recorder.FinishAsync(outcome.Result, failure).ConfigureAwait(false);
            if (recorder.Omitted > 0)
            {
                await error.WriteLineAsync(
                    $"reflow: trace {path}: {recorder.Omitted:N0} event(s) left out past --trace-limit {recorder.EventLimit:N0} (the count is in the trace's header: omitted).").ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"reflow: trace {settings.Trace}: could not be written: {ex.Message}").ConfigureAwait(false);
            return false;
        }
    }

    private RunOutcome Outcome(NetworkRunResult result, PortTraffic traffic)
    {
        string status;
        bool succeeded = false;
        if (_timedOut)
        {
            status = $"timed out after {Units.Duration(settings.Timeout!.Value)}, stopped without draining";
        }
        else if (host.Interrupts.Abort.IsCancellationRequested || !result.Completed)
        {
            status = "stopped without draining (interrupted twice)";
        }
        else
        {
            status = host.Interrupts.Drain.IsCancellationRequested ? "interrupted, drained" : "completed";
            succeeded = !result.HasUnhandledFailures; // uncaught failures and messages lost to them (see NetworkRunResult)
            status += RunOutcome.FailureStatus(result);
        }

        return new RunOutcome(status, succeeded, result, traffic.Accepted, traffic.Received);
    }

    /// <summary>Every <c>--input</c> port must be an exported in-port; saying so before anything runs.</summary>
    private void CheckPorts(NetworkDefinition definition)
    {
        HashSet<string> ports = [.. definition.InPorts.Select(p => p.Name)];
        foreach (InputSpec input in inputs)
        {
            if (!ports.Contains(input.Port))
            {
                throw new CliUsageException(ports.Count == 0
                    ? $"--input {input.Port}=…: {graph} exports no in-port to send to."
                    : $"--input {input.Port}=…: {graph} has no exported in-port '{input.Port}'; it has: {string.Join(", ", ports.Order())}.");
            }
        }

        if (inputs.FirstOrDefault(i => i.Source == InputSource.File && !File.Exists(i.Text)) is { } missing)
        {
            throw new CliUsageException($"--input {missing.Port}=@{missing.Text}: the file does not exist.");
        }

        if (inputs.Count(i => i.Source == InputSource.StandardInput) > 1)
        {
            throw new CliUsageException("Only one --input can read standard input (port=-).");
        }
    }

    /// <summary>Starts one feeder per exported in-port: its inputs in order, then the port is completed (at once when it has none).</summary>
    private void Feed(Network network, NetworkDefinition definition, PortTraffic traffic, CancellationToken cancellationToken)
    {
        foreach (ExportedPortDefinition port in definition.InPorts)
        {
            string name = port.Name;
            List<InputSpec> mine = [.. inputs.Where(i => i.Port == name)];
            Task Feeding() => traffic.FeedAsync(
                name, mine, (m, ct) => network.SendAsync(name, m, ct), () => network.CompleteInput(name),
                () => network.Completion.IsCompleted, () => network.StopAsync(drain: false), cancellationToken);

            // A port with no input completes at once, here; a feeder runs on the thread pool, so one whose reads complete
            // synchronously (a file) never runs on the caller's thread.
            _ = mine.Count == 0 ? Feeding() : Task.Run(Feeding, CancellationToken.None);
        }
    }

    private async Task WatchEvents(ChannelReader<NetworkEvent> events, RunReport report)
    {
        await foreach (NetworkEvent e in events.ReadAllAsync().ConfigureAwait(false))
        {
            if (settings.Events)
            {
                report.Event(e);
            }
            else if (e.Kind == NetworkEventKind.ActorFailed)
            {
                report.Failure(e);
            }
            else if (e.Kind == NetworkEventKind.ActorLog)
            {
                report.Log(e);
            }
            else if (e.Kind == NetworkEventKind.Deadlock)
            {
                report.Problem("deadlock: " + e);
            }
        }
    }
}
