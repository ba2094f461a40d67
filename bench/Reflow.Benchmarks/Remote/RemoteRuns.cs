using System.Diagnostics;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Remote;

/// <summary>One invocation of each B13 workload on any <see cref="IRemotePeer"/>: the driving loop is the same for all.</summary>
internal static class RemoteRuns
{
    /// <summary>The throughput figure measured from the first arrival to the last (without the per-invocation set-up).</summary>
    public const string EdgeRate = "edge msg/s";

    /// <summary>Sends <paramref name="messages"/> integers and checks that each arrived once.</summary>
    public static async Task ThroughputAsync(IRemotePeer peer, long messages, CaseMetrics metrics, string what)
    {
        double rate = await ThroughputAsync(peer, messages, what).ConfigureAwait(false);
        metrics.AddMedian(CaseMetrics.Operations, messages);
        metrics.AddMedian(EdgeRate, rate);
    }

    /// <summary>Sends <paramref name="messages"/> integers, checks that each arrived once, and returns the edge's messages per second.</summary>
    public static async Task<double> ThroughputAsync(IRemotePeer peer, long messages, string what)
    {
        var tally = new ThroughputTally(messages);
        await peer.ThroughputAsync(tally, CancellationToken.None).ConfigureAwait(false);
        tally.Verify(what);
        return tally.Seconds > 0 ? (messages - 1) / tally.Seconds : double.NaN;
    }

    /// <summary>Sends <paramref name="messages"/> stamped messages one at a time, each <see cref="RemoteWorkload.Pause"/> after the previous one arrived.</summary>
    public static Task LatencyAsync(IRemotePeer peer, int messages, CaseMetrics metrics, string what, bool pause) =>
        LatencyAsync(peer, messages, metrics.Latency, what, pause); // the case's histogram accumulates over invocations and drops the first (the jitting one)

    /// <summary>
    /// Sends <paramref name="messages"/> stamped messages one at a time into <paramref name="histogram"/>, each
    /// <see cref="RemoteWorkload.Pause"/> after the previous one arrived (or at once, <paramref name="pause"/> false: no thread goes idle).
    /// </summary>
    public static async Task LatencyAsync(IRemotePeer peer, int messages, LatencyHistogram histogram, string what, bool pause = true)
    {
        var probe = new LatencyProbe(histogram);
        IRemoteLatencyLink link = await peer.OpenLatencyAsync(probe, CancellationToken.None).ConfigureAwait(false);
        await using (link.ConfigureAwait(false))
        {
            for (int i = 0; i < messages; i++)
            {
                await link.SendAsync(Stopwatch.GetTimestamp(), CancellationToken.None).ConfigureAwait(false);
                await probe.WaitAsync(RemoteWorkload.Timeout, what).ConfigureAwait(false);
                if (pause)
                {
                    await Task.Delay(RemoteWorkload.Pause).ConfigureAwait(false);
                }
            }
        }

        if (probe.Count != messages)
        {
            throw new InvalidOperationException($"{what}: {probe.Count} latency messages arrived; expected {messages}.");
        }
    }
}
