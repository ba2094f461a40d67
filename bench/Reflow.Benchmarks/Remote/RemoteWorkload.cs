using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// B13's two workloads, the same for every system: <c>throughput</c> (N 8-byte integers 0…N−1 over one remote edge
/// with at most <see cref="Window"/> unacknowledged: the receiver acknowledges every <see cref="AckEvery"/> messages
/// with the cumulative count, the sender waits when <see cref="Window"/> are outstanding — the credit scheme of
/// Reflow's remote edge, which itself credits after each batch it delivers — so no system is measured flooding an
/// unbounded mailbox) and <c>latency</c> (one message at a
/// time carrying its <see cref="System.Diagnostics.Stopwatch"/> send time, the receiver recording the one-way latency;
/// the next message leaves <see cref="Pause"/> after the previous one arrived: low load) and <c>back-to-back</c> (the
/// same with no pause: one message in flight all the time, so no thread of either end or of the server goes idle
/// between two — the latency of the path itself, without the cost of waking idle threads).
/// </summary>
public static class RemoteWorkload
{
    /// <summary>N integers under the credit window; result: messages per second.</summary>
    public const string Throughput = "throughput";

    /// <summary>One message at a time with a pause; result: one-way latency percentiles.</summary>
    public const string Latency = "latency";

    /// <summary>Messages in flight at most: the edge capacity (Reflow's default edge capacity).</summary>
    public const long Window = 1024;

    /// <summary>The receiver acknowledges (cumulatively) every this many messages, and at the last one.</summary>
    public const long AckEvery = Window / 2;

    /// <summary>One message at a time with no pause; result: one-way latency percentiles.</summary>
    public const string BackToBack = "back-to-back";

    /// <summary>The three workloads.</summary>
    public static IReadOnlyList<string> All { get; } = [Throughput, Latency, BackToBack];

    /// <summary>Messages per throughput invocation at the current <see cref="BenchScale"/>.</summary>
    public static long DefaultMessages => BenchScale.Pick(1_000_000L, 200_000L, 3_000L);

    /// <summary>Messages per latency invocation at the current <see cref="BenchScale"/>.</summary>
    public static int DefaultLatencyMessages => BenchScale.Pick(2_000, 500, 20);

    /// <summary>The pause between one latency message's arrival and the next one's send.</summary>
    public static TimeSpan Pause { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>How long any one wait of a run may take before the run fails (never a hang).</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(120);

    /// <summary>The sum of the integers 0…<paramref name="messages"/>−1: what the receiver must have added up.</summary>
    public static long ExpectedSum(long messages) => messages * (messages - 1) / 2;

    /// <summary><paramref name="workload"/> when it is one of <see cref="All"/>; otherwise an error naming them.</summary>
    public static string Check(string workload) => workload is Throughput or Latency or BackToBack
        ? workload
        : throw new ArgumentException($"B13 workload '{workload}': expected '{Throughput}', '{Latency}' or '{BackToBack}'.", nameof(workload));
}
