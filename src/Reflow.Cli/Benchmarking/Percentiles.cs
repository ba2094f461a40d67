namespace Reflow.Cli.Benchmarking;

/// <summary>Nearest-rank percentiles of a sample, sorted once.</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> sample)
    {
        _sorted = [.. sample.Order()];
    }

    public int Count => _sorted.Length;

    /// <summary>The smallest value with at least <paramref name="fraction"/> of the sample at or below it (0 &lt; fraction ≤ 1).</summary>
    public double At(double fraction) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(fraction * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];
}
