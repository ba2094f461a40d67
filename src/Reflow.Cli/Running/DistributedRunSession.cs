using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Graphs;
using Reflow.Messages;

namespace Reflow.Cli.Running;

/// <summary>
/// One <c>reflow run graph --cluster URL</c>: places the graph on the cluster's live nodes (by the deployment file),
/// feeds its exported in-ports and prints its out-ports as a single-process run does, shows every step of the run on
/// stderr, and ends with a summary from every node.
/// </summary>
/// <remarks>Ctrl-C drains (inputs close, every part finishes what it accepted); a second Ctrl-C or the timeout stops at once.</remarks>
internal sealed class DistributedRunSession(CliHost host, string graphPath, DeploymentFile deployment, ClusterConnectionOptions connection, IReadOnlyList<InputSpec> inputs, RunSettings settings)
{
    public async Task<int> ExecuteAsync()
    {
        TextWriter output = TextWriter.Synchronized(host.Out);
        TextWriter error = TextWriter.Synchronized(host.Error);
        Graph graph = GraphFiles.Read(graphPath);
        var values = new RunReport(settings.Format, output, error);
        var traffic = new PortTraffic(host, values);
        var run = await DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = graph,
            Deployment = deployment,
            Connection = connection,
            BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(graphPath)),
            OnEvent = e => error.WriteLine("reflow: cluster: " + e),
        }).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            CheckPorts(run);
            using IDisposable? signals = host.ListenToSignals ? host.Interrupts.ListenToProcessSignals() : null;
            using var feeding = new CancellationTokenSource();
            bool timedOut = false;
            using CancellationTokenRegistration drain = host.Interrupts.Drain.Register(() =>
            {
                feeding.Cancel();
                _ = run.StopAsync(drain: true);
            });
            using CancellationTokenRegistration abort = host.Interrupts.Abort.Register(() =>
            {
                feeding.Cancel();
                _ = run.StopAsync(drain: false);
            });
            using var deadline = settings.Timeout is { } timeout ? new CancellationTokenSource(timeout) : null;
            using CancellationTokenRegistration expire = deadline?.Token.Register(() =>
            {
                timedOut = true;
                feeding.Cancel();
                _ = run.StopAsync(drain: false);
            }) ?? default;

            Task[] reading = [.. run.OutPorts.Select(p => traffic.ReadAsync(p, run.Output(p)))];
            foreach (string port in run.InPorts)
            {
                List<InputSpec> mine = [.. inputs.Where(i => i.Port == port)];
                _ = Task.Run(
                    () => traffic.FeedAsync(
                        port, mine, (m, ct) => run.SendAsync(port, m, ct), () => run.CompleteInput(port), () => run.Completion.IsCompleted, () => run.StopAsync(drain: false), feeding.Token),
                    CancellationToken.None);
            }

            DistributedRunResult result;
            await using (settings.Progress is ProgressMode.Never || (settings.Progress is ProgressMode.Auto && !host.ErrorIsTerminal)
                ? null
                : new DistributedProgressDisplay(run, error, host.ErrorIsTerminal))
            {
                result = await run.Completion.ConfigureAwait(false);
                await Task.WhenAll(reading).ConfigureAwait(false);
            }

            await feeding.CancelAsync().ConfigureAwait(false);
            string status = timedOut ? $"timed out after {Units.Duration(settings.Timeout!.Value)}, stopped without draining"
                : host.Interrupts.Abort.IsCancellationRequested ? "stopped without draining (interrupted twice)"
                : host.Interrupts.Drain.IsCancellationRequested ? "interrupted, drained"
                : result.Succeeded ? "completed"
                : result.Lost > 0 ? $"completed with {result.Lost:N0} messages lost"
                : "failed";
            bool succeeded = !timedOut && !host.Interrupts.Abort.IsCancellationRequested && result.Succeeded;
            new DistributedRunReport(settings.Format, output).Summary(graphPath, status, succeeded, result, traffic.Accepted, traffic.Received);
            return succeeded ? ExitCodes.Ok : ExitCodes.RunFailed;
        }
    }

    private void CheckPorts(DistributedRun run)
    {
        foreach (InputSpec input in inputs)
        {
            if (!run.InPorts.Contains(input.Port))
            {
                throw new CliUsageException(run.InPorts.Count == 0
                    ? $"--input {input.Port}=…: {graphPath} exports no in-port to send to."
                    : $"--input {input.Port}=…: {graphPath} has no exported in-port '{input.Port}'; it has: {string.Join(", ", run.InPorts.Order())}.");
            }
        }
    }
}
