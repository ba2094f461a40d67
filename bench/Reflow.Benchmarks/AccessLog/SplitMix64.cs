namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// A seeded SplitMix64 pseudo-random sequence. The generator uses it instead of <see cref="Random"/>, whose seeded
/// sequence .NET does not promise to keep across versions: the checked-in sample and its expected answers must stay
/// reproducible from the seed on any runtime.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, <paramref name="count"/>).</summary>
    public int Below(int count) => (int)(NextDouble() * count);

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + Below(max - min + 1);
}
