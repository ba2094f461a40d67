namespace Reflow.Soak;

/// <summary>One thing the soak found wrong, with the seed that replays its graph (<c>--seed</c>).</summary>
/// <param name="Seed">The graph's seed.</param>
/// <param name="Kind">A short name: unaccounted, duplicated, heap, rss, threads, handles, workers, run, …</param>
/// <param name="Detail">What, where (the edge, the node) and the numbers.</param>
internal sealed record Violation(int Seed, string Kind, string Detail)
{
    public override string ToString() => $"VIOLATION seed {Seed} [{Kind}] {Detail}";
}
