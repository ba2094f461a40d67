using System.Globalization;
using System.Text.RegularExpressions;

namespace Reflow.Benchmarks.Tests.Latency;

/// <summary>
/// bench/latency_floor.py (issue 23: the machine's latency floor, a C pipeline with no runtime): it compiles
/// bench/native/latency_floor.c, runs both consumers, and tables figures that hang together; the C program refuses
/// bad arguments with its usage.
/// </summary>
public sealed partial class LatencyFloorScriptTests
{
    [Fact]
    public void TablesASpinningAndANappingRunWithOrderedPercentiles()
    {
        (int exit, string output, string error) = BenchScript.Run(
            "latency_floor.py", ["--rates", "50000", "--seconds", "0.1", "--rounds", "2", "--max-runs", "2", "--max-millions", "0.2"]);

        Assert.True(exit == 0, $"latency_floor.py exited {exit}: {error}");
        string[] rows = [.. output.Split('\n').Where(line => line.StartsWith("| 0.05 |", StringComparison.Ordinal))];
        Assert.Equal(2, rows.Length);
        Assert.Contains("| spin |", rows[0], StringComparison.Ordinal);
        Assert.Contains("| nap |", rows[1], StringComparison.Ordinal);
        foreach (string row in rows)
        {
            // p50, p99, p99.9, max (µs) and the producer's lateness, each a median then two rounds in brackets.
            double[] medians = [.. row.Split('|', StringSplitOptions.TrimEntries).Skip(3).Take(5).Select(Median)];
            Assert.All(medians[..4], value => Assert.True(value > 0, row)); // a latency is never 0; lateness may be
            Assert.True(medians[0] <= medians[1] && medians[1] <= medians[2], $"percentiles out of order: {row}");
            Assert.Matches(TwoRounds(), row.Split('|')[3].Trim()); // the median, then both rounds' figures
        }

        // The unpaced maximum, run by run: two positive rates and their median.
        Match maxima = UnpacedMaxima().Match(output);
        Assert.True(maxima.Success, output);
        Assert.All(maxima.Groups.Values.Skip(1), rate => Assert.True(double.Parse(rate.Value, CultureInfo.InvariantCulture) > 0, output));
    }

    [Fact]
    public void ANegativeRateIsRefusedWithTheProgramsUsage()
    {
        (int exit, _, string error) = BenchScript.Run("latency_floor.py", ["--rates=-5", "--rounds", "1", "--seconds", "0.1", "--max-runs", "0"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }

    private static double Median(string cell) => double.Parse(cell.Split(' ')[0], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"M msg/s run by run: ([0-9.]+), ([0-9.]+) \(median ([0-9.]+)\)")]
    private static partial Regex UnpacedMaxima();

    // Figures may carry thousands separators (1,234): the rounds are told apart by ", ".
    [GeneratedRegex(@"^\S+ \(\S+, \S+\)$")]
    private static partial Regex TwoRounds();
}
