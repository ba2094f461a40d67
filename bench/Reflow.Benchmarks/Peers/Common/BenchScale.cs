namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// How big the peer suites' workloads are, from the environment variable <c>REFLOW_BENCH_SCALE</c>: <c>full</c>
/// (the default: the sizes of DESIGN.md §4, for reports), <c>short</c> (a smoke run of a few seconds per case) or
/// <c>dry</c> (CI's <c>--job dry</c> run: each case once, tiny). The BenchmarkDotNet child processes inherit the
/// variable from <c>bench/run.sh</c> or <c>.ci/run</c>.
/// </summary>
public static class BenchScale
{
    /// <summary>The variable that selects the scale.</summary>
    public const string Variable = "REFLOW_BENCH_SCALE";

    /// <summary>The scale of this process.</summary>
    public static BenchScaleKind Current { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The value for the current scale.</summary>
    public static T Pick<T>(T full, T @short, T dry) => Current switch
    {
        BenchScaleKind.Dry => dry,
        BenchScaleKind.Short => @short,
        _ => full,
    };

    private static BenchScaleKind Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "full" => BenchScaleKind.Full,
        "short" => BenchScaleKind.Short,
        "dry" => BenchScaleKind.Dry,
        _ => throw new InvalidOperationException($"{Variable}='{value}': expected full, short or dry."),
    };
}
