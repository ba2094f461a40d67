namespace Reflow.Soak.Tests;

/// <summary>The soak's command line and its report.</summary>
public sealed class SoakOptionsTests
{
    [Fact]
    public void The_command_line_sets_duration_seed_report_and_bounds()
    {
        SoakOptions options = SoakOptions.Parse(["--duration", "1h", "--seed", "42", "--report", "perf-reports/x-soak.md", "--max-heap-mb", "100", "--no-python"]);

        Assert.Equal(TimeSpan.FromHours(1), options.Duration);
        Assert.Equal(42, options.Seed);
        Assert.Equal("perf-reports/x-soak.md", options.ReportPath);
        Assert.Equal(100L << 20, options.MaxHeapBytes);
        Assert.False(options.Python);
        Assert.Equal(TimeSpan.FromSeconds(180), SoakOptions.Parse(["--duration", "180s"]).Duration);
    }

    [Theory]
    [InlineData("--duration", "soon", "--duration expects a positive time")]
    [InlineData("--seed", "x", "--seed expects a whole number")]
    [InlineData("--max-rss-mb", "0", "--max-rss-mb expects a whole number of at least 1")]
    [InlineData("--frobnicate", null, "Unknown argument '--frobnicate'")]
    public void A_bad_argument_is_named_in_the_error(string name, string? value, string expected)
    {
        string[] args = value is null ? [name] : [name, value];

        ArgumentException error = Assert.Throws<ArgumentException>(() => SoakOptions.Parse(args));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_report_lists_faults_by_kind_and_each_violation_with_the_command_that_replays_it()
    {
        var summary = new SoakSummary { MasterSeed = 7 };
        var faults = new FaultCounts();
        faults.Add(FaultKind.WasmTrap, 3);
        summary.AddGraph(1000, faults);
        summary.Add(new Violation(99, "unaccounted", "edge 'r1 -> k2': 1 of 10 message(s) …: r1.4"));

        string report = summary.Markdown(new SoakOptions());

        Assert.Contains("| WasmTrap | 3 |", report);
        Assert.Contains("| graphs | 1 |", report);
        Assert.Contains("- seed 99 (`--seed 99`), unaccounted: edge 'r1 -> k2'", report);
        Assert.Contains("FAILED", summary.Line());
    }
}
