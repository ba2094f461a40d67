using System.Text;

namespace Reflow.Benchmarks.Tests.Peers;

/// <summary>
/// bench/compare_peers.py's table of the original system's claims (issue 23 §4) on a fixture of two rounds: each claim
/// with Reflow's median figure, the suite that measured it, and whether it holds — on both sides of each limit.
/// </summary>
public sealed class ClaimsTableScriptTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"reflow-claims-table-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Each_claim_stands_beside_our_median_figure_and_its_suite()
    {
        string[] rounds = [WriteRound(0, b4Rate: 5.8, b1P99: 900, b3P99: 1_100, bytes: 300, remoteP50: 140), WriteRound(1, b4Rate: 6.0, b1P99: 1_300, b3P99: 1_300, bytes: 320, remoteP50: 160)];

        (int exit, string output, string error) = BenchScript.Run("compare_peers.py", rounds);

        Assert.True(exit == 0, $"compare_peers.py exited {exit}: {error}");
        Assert.Contains("| > 1 M messages/s, local | 5,900,000 msg/s: messages/s leaving the last stage of a ten-stage pipeline | B4TenStagePipeline | met |", output, StringComparison.Ordinal);
        Assert.Contains("| < 1 ms local latency (actor to actor) | 25 µs: round trip p50, one message in flight | B1StrictPingPong | met |", output, StringComparison.Ordinal);
        Assert.Contains("| < 1 ms local latency (actor to actor) | 1,100 µs: round trip p99, one message in flight | B1StrictPingPong | **not met** |", output, StringComparison.Ordinal);
        Assert.Contains("| < 1 ms local latency, under load | 1,200 µs: end-to-end p99 of a two-stage pipeline at 50 % of its maximum rate | B3TwoStageLatency | **not met** |", output, StringComparison.Ordinal);
        Assert.Contains("| ~1 KB per actor | 310 B: bytes retained per idle actor (100 000 of them) | B7IdleActors | met |", output, StringComparison.Ordinal);
        Assert.Contains("| < 10 ms network latency | 150 µs: one-way p50 at low load over one remote edge (NATS, loopback) | B13Remote | met |", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_below_one_keeps_its_digits()
    {
        string round = WriteRound(0, b4Rate: 5.8, b1P99: 0.161, b3P99: 1_100, bytes: 300, remoteP50: 140, b1P50: 0.08);

        (int exit, string output, string error) = BenchScript.Run("compare_peers.py", [round]);

        Assert.True(exit == 0, $"compare_peers.py exited {exit}: {error}");
        Assert.Contains("| < 1 ms local latency (actor to actor) | 0.08 µs: round trip p50, one message in flight | B1StrictPingPong | met |", output, StringComparison.Ordinal);
        Assert.Contains("| < 1 ms local latency (actor to actor) | 0.161 µs: round trip p99, one message in flight | B1StrictPingPong | met |", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_whose_suite_did_not_run_has_no_row()
    {
        string round = WriteRound(0, b4Rate: 0.9, b1P99: 900, b3P99: 900, bytes: 2_000, remoteP50: null);
        File.Delete(Path.Combine(round, "results", "Reflow.Benchmarks.Peers.B3TwoStageLatency-report.csv"));

        (int exit, string output, string error) = BenchScript.Run("compare_peers.py", [round]);

        Assert.True(exit == 0, $"compare_peers.py exited {exit}: {error}");
        Assert.Contains("| > 1 M messages/s, local | 900,000 msg/s: messages/s leaving the last stage of a ten-stage pipeline | B4TenStagePipeline | **not met** |", output, StringComparison.Ordinal);
        Assert.Contains("| ~1 KB per actor | 2,000 B: bytes retained per idle actor (100 000 of them) | B7IdleActors | **not met** |", output, StringComparison.Ordinal);
        Assert.DoesNotContain("under load |", output, StringComparison.Ordinal);
        Assert.DoesNotContain("network latency", output, StringComparison.Ordinal);
    }

    private string WriteRound(int round, double b4Rate, double b1P99, double b3P99, double bytes, double? remoteP50, double? b1P50 = null)
    {
        string directory = Path.Combine(_directory, $"round{round}");
        string results = Path.Combine(directory, "results");
        Directory.CreateDirectory(results);
        Write(results, "Peers.B4TenStagePipeline", "Method,Mean,M msg/s\n" + $"Reflow,1 ms,{b4Rate}\nChannels,1 ms,2\n");
        Write(results, "Peers.B1StrictPingPong", "Method,Mean,p50 µs,p99 µs\n" + $"Reflow,1 ms,{b1P50 ?? 20 + (10 * round)},{b1P99}\nChannels,1 ms,10,20\n");
        Write(results, "Peers.B3TwoStageLatency", "Method,Load,Mean,p99 µs\n" + $"Reflow,50,1 ms,{b3P99}\nReflow,75,1 ms,99999\n");
        Write(results, "Peers.B7IdleActors", "Method,Mean,B/actor\n" + $"Reflow,1 ms,{bytes}\n");
        if (remoteP50 is { } p50)
        {
            Write(results, "Remote.B13Remote", "Method,Workload,Mean,p50 µs\n" + $"Reflow,latency,1 ms,{p50}\nReflow,throughput,1 ms,5\nAkka,latency,1 ms,400\n");
        }

        return directory;
    }

    private static void Write(string results, string suite, string csv) =>
        File.WriteAllText(Path.Combine(results, $"Reflow.Benchmarks.{suite}-report.csv"), csv, new UTF8Encoding(false));
}
