namespace Reflow.Benchmarks.Peers.Common;

/// <summary>The sizes of <see cref="BenchScale"/>.</summary>
public enum BenchScaleKind
{
    /// <summary>The sizes of DESIGN.md §4, for reports.</summary>
    Full,

    /// <summary>A smoke run: every case works and its figures are in a sane range.</summary>
    Short,

    /// <summary>CI's dry run: each case once, tiny.</summary>
    Dry,
}
