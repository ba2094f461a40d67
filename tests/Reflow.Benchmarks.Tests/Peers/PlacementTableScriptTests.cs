using System.Globalization;
using System.Text;

namespace Reflow.Benchmarks.Tests.Peers;

/// <summary>
/// bench/compare_peers.py's table of Reflow on one worker and on two (issue 23 §2) on a fixture of two rounds of B3 and
/// B4 CSVs: the figures are medians, the ratios same-round ones, and each target lands on a known side.
/// </summary>
public sealed class PlacementTableScriptTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"reflow-placement-table-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Each_row_shows_both_placements_their_ratio_and_the_target_against_the_best_peer()
    {
        // M msg/s per round: (placement's choice, one worker, two workers, Akka, Channels).
        string[] rounds =
        [
            WriteRound(0, b3: (40, 40, 30, 5, 10), b4: (6, 6, 12, 1, 3)),
            WriteRound(1, b3: (60, 60, 20, 5, 10), b4: (8, 8, 12, 1, 2)),
        ];

        (int exit, string output, string error) = BenchScript.Run("compare_peers.py", rounds);

        Assert.True(exit == 0, $"compare_peers.py exited {exit}: {error}");
        // B3: the choice is 4× and 6× the best peer (Channels, 10): median 5× — met; two workers 0.75 and 0.33 of one.
        Assert.Contains("| B3 two-stage pipeline (M msg/s) | 50 | 50 | 25 | 0.54× (0.75, 0.33) | 5.00× (4.00, 6.00) | ≥ 5×: met |", output, StringComparison.Ordinal);
        // B4: 2× and 4× the best peer: median 3× — met; two workers 2× and 1.5× one.
        Assert.Contains("| B4 ten-stage pipeline (M msg/s) | 7 | 7 | 12 | 1.75× (2.00, 1.50) | 3.00× (2.00, 4.00) | ≥ 3×: met |", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| B2 ping-pong", output.Split("issue 23 §2")[1], StringComparison.Ordinal); // not in the fixture
    }

    [Fact]
    public void A_choice_short_of_its_target_is_marked_not_met()
    {
        string[] rounds = [WriteRound(0, b3: (40, 40, 30, 5, 10), b4: (6, 6, 12, 1, 3))];

        (int exit, string output, string error) = BenchScript.Run("compare_peers.py", rounds);

        Assert.True(exit == 0, $"compare_peers.py exited {exit}: {error}");
        Assert.Contains("| B3 two-stage pipeline (M msg/s) | 40 | 40 | 30 | 0.75× | 4.00× | ≥ 5×: **not met** |", output, StringComparison.Ordinal);
        Assert.Contains("| B4 ten-stage pipeline (M msg/s) | 6 | 6 | 12 | 2.00× | 2.00× | ≥ 3×: **not met** |", output, StringComparison.Ordinal);
    }

    private string WriteRound(int round, (double, double, double, double, double) b3, (double, double, double, double, double) b4)
    {
        string results = Path.Combine(_directory, $"round{round}", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "Reflow.Benchmarks.Peers.B3TwoStagePipeline-report.csv"), Csv(b3));
        File.WriteAllText(Path.Combine(results, "Reflow.Benchmarks.Peers.B4TenStagePipeline-report.csv"), Csv(b4));
        return Path.Combine(_directory, $"round{round}");
    }

    private static string Csv((double Choice, double One, double Two, double Akka, double Channels) rates)
    {
        var csv = new StringBuilder("Method,Job,Mean,M msg/s\n");
        foreach ((string method, double rate) in new[]
        {
            ("Reflow", rates.Choice), ("ReflowOneWorker", rates.One), ("ReflowTwoWorkers", rates.Two), ("Akka", rates.Akka), ("Channels", rates.Channels),
        })
        {
            csv.Append(CultureInfo.InvariantCulture, $"{method},Job-1,1.00 ms,{rate}\n");
        }

        return csv.ToString();
    }
}
