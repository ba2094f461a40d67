using System.Diagnostics;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// The receiving end of the latency workload: each message carries its <see cref="Stopwatch"/> send time, and the
/// receiver records now − then into <see cref="Histogram"/> (sender and receiver are in one process: one clock) and
/// lets the sender go on (<see cref="WaitAsync"/>), so exactly one message is in flight at a time.
/// </summary>
public sealed class LatencyProbe(LatencyHistogram histogram)
{
    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>Where the one-way latencies go.</summary>
    public LatencyHistogram Histogram { get; } = histogram;

    /// <summary>Messages that arrived.</summary>
    public long Count { get; private set; }

    /// <summary>Records the latency of a message stamped <paramref name="sentTimestamp"/> and lets the sender go on.</summary>
    public void Arrived(long sentTimestamp)
    {
        Histogram.Record(Stopwatch.GetTimestamp() - sentTimestamp);
        Count++;
        _arrived.Release();
    }

    /// <summary>Waits until the message sent last has arrived; throws after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, string what)
    {
        if (!await _arrived.WaitAsync(timeout).ConfigureAwait(false))
        {
            throw new TimeoutException($"{what}: a latency message did not arrive within {timeout.TotalSeconds:F0} s ({Count} did).");
        }
    }
}
