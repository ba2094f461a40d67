using System.Diagnostics;
using System.Globalization;
using Reflow.Cli.Running;
using Reflow.Configuration;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Cli.Benchmarking;

/// <summary>
/// Runs a graph several times and reports throughput and latency percentiles.
/// </summary>
/// <remarks>
/// <para><b>Fed mode</b> (the graph exports an in-port): each run sends <see cref="BenchSettings.Messages"/> messages
/// to the in-port and reads the out-port. Throughput is messages through that path per second, first send to last
/// read. Latency is, per message, the time from the host's send to the host's read of the matching output — the
/// k-th output matched with the k-th input, which holds for graphs that emit one output per input in order (a
/// pipeline); when a run's output count differs, latency is not reported for it and the report says why. Without
/// <c>--rate</c> the sends go as fast as backpressure lets them, so latency includes the queueing of a full pipeline
/// (bounded by the edge capacities); with <c>--rate</c> it is closer to the bare service time.</para>
/// <para><b>Source mode</b> (no exported in-port): each run goes to completion; throughput is messages handled on
/// all edges per second, and the percentiles are of run times.</para>
/// </remarks>
internal sealed class BenchRunner(CliHost host, string graph, ReflowOptions options, BenchSettings settings)
{
    public async Task<int> ExecuteAsync()
    {
        ComponentRegistry registry = CliComponents.AddScripting(host.CreateRegistry(TextWriter.Null), options); // printing components would only measure the console
        NetworkDefinition definition = GraphFiles.Load(graph, registry, options);
        string? inPort = Choose("--in", settings.InPort, definition.InPorts, required: false);
        string? outPort = inPort is null ? null : Choose("--out", settings.OutPort, definition.OutPorts, required: true);
        Message? constant = settings.Message is null ? null : InputSpec.ToMessage(settings.Message);

        var runs = new List<BenchRun>();
        string? latencyGap = null;
        using IDisposable? signals = host.ListenToSignals ? host.Interrupts.ListenToProcessSignals() : null;
        for (int i = 0; i < settings.Warmup + settings.Runs && !host.Interrupts.Drain.IsCancellationRequested; i++)
        {
            await using Network network = options.CreateNetwork(definition, GraphFiles.NetworkName(graph));
            BenchRun run = inPort is null
                ? await RunSourcesAsync(network).ConfigureAwait(false)
                : await RunFedAsync(network, definition, inPort, outPort!, constant).ConfigureAwait(false);
            if (inPort is not null && run.LatenciesNs.Length == 0)
            {
                latencyGap = $"the graph did not emit exactly one message on '{outPort}' per message sent to '{inPort}' ({run.Items} of {settings.Messages}), so outputs cannot be matched to inputs";
            }

            if (i >= settings.Warmup)
            {
                runs.Add(run);
            }
        }

        if (runs.Count == 0)
        {
            host.Error.WriteLine("reflow: interrupted before any measured run.");
            return ExitCodes.RunFailed;
        }

        new BenchReport(settings, graph, inPort, outPort, latencyGap).Write(host.Out, runs);
        return ExitCodes.Ok;
    }

    private async Task<BenchRun> RunFedAsync(Network network, NetworkDefinition definition, string inPort, string outPort, Message? constant)
    {
        int count = settings.Messages;
        long[] sent = new long[count];
        long[] read = new long[count];
        long outputs = 0;
        Task<NetworkRunResult> run = network.RunAsync();
        foreach (ExportedPortDefinition other in definition.InPorts.Where(p => p.Name != inPort))
        {
            network.CompleteInput(other.Name);
        }

        // Every out-port is read: an unread one would fill and hold the whole graph back.
        Task[] readers = [.. definition.OutPorts.Select(p => p.Name == outPort
            ? Task.Run(async () =>
            {
                await foreach (Message _ in network.Output(outPort).ReadAllAsync().ConfigureAwait(false))
                {
                    long now = Stopwatch.GetTimestamp();
                    if (outputs < count)
                    {
                        read[outputs] = now;
                    }

                    outputs++;
                }
            })
            : Drain(network, p.Name))];

        long start = Stopwatch.GetTimestamp();
        double ticksPerMessage = settings.Rate is { } rate ? Stopwatch.Frequency / rate : 0;
        for (int j = 0; j < count; j++)
        {
            if (ticksPerMessage > 0)
            {
                await PaceAsync(start + (long)(j * ticksPerMessage)).ConfigureAwait(false);
            }

            sent[j] = Stopwatch.GetTimestamp();
            await network.SendAsync(inPort, constant ?? Message.Integer(j)).ConfigureAwait(false);
        }

        network.CompleteInput(inPort);
        NetworkRunResult result = await run.ConfigureAwait(false);
        await Task.WhenAll(readers).ConfigureAwait(false);
        long end = outputs > 0 ? read[Math.Min(outputs, count) - 1] : Stopwatch.GetTimestamp();
        double[] latencies = outputs == count
            ? [.. Enumerable.Range(0, count).Select(j => (read[j] - sent[j]) * 1e9 / Stopwatch.Frequency)]
            : [];
        return new BenchRun(Stopwatch.GetElapsedTime(start, end), outputs, result.Messages, latencies);
    }

    private static async Task<BenchRun> RunSourcesAsync(Network network)
    {
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        return new BenchRun(result.Elapsed, result.Messages, result.Messages, []);
    }

    private static Task Drain(Network network, string port) => Task.Run(async () =>
    {
        await foreach (Message _ in network.Output(port).ReadAllAsync().ConfigureAwait(false))
        {
        }
    });

    /// <summary>Waits until <paramref name="due"/> (a <see cref="Stopwatch"/> timestamp): a timer for long gaps, spinning for short ones, since timers are coarse.</summary>
    private static async ValueTask PaceAsync(long due)
    {
        TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (left > TimeSpan.FromMilliseconds(2))
        {
            await Task.Delay(left - TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
        }

        var spinner = new SpinWait();
        while (Stopwatch.GetTimestamp() < due)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private string? Choose(string option, string? wanted, IReadOnlyList<ExportedPortDefinition> ports, bool required)
    {
        string names = string.Join(", ", ports.Select(p => p.Name));
        if (wanted is not null)
        {
            return ports.Any(p => p.Name == wanted)
                ? wanted
                : throw new CliUsageException($"{option} {wanted}: {graph} has no such exported port; it has: {(names.Length == 0 ? "none" : names)}.");
        }

        return ports.Count switch
        {
            0 when !required => null,
            1 => ports[0].Name,
            0 => throw new CliUsageException($"{graph} exports an in-port but no out-port: bench needs one to time messages through the graph."),
            _ => throw new CliUsageException($"{graph} exports several ports ({names}): choose one with {option}."),
        };
    }

    internal static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
