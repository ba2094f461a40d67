using CsCheck;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Tests.Latency;

/// <summary>
/// <see cref="LatencyHistogram"/> against a sorted-array oracle: every percentile within the stated relative error of
/// the nearest-rank value, exact below 128 ticks; count, minimum and maximum exact.
/// </summary>
public sealed class LatencyHistogramTests
{
    // Values spread over every magnitude up to 2^50 ticks (13 days at 1 ns ticks), so every bucket range is exercised.
    private static readonly Gen<long> s_value = Gen.Int[1, 50].SelectMany(bits => Gen.Long[0, (1L << bits) - 1]);
    private static readonly Gen<double> s_percentile = Gen.OneOf(Gen.Double[0, 100], Gen.OneOf(0.0, 50.0, 99.0, 99.9, 100.0));

    [Fact]
    public void PercentilesAreWithinTheStatedErrorOfTheSortedValues()
    {
        Gen.Select(s_value.Array[1, 3000], s_percentile.Array[1, 12]).Sample(sample =>
        {
            (long[] values, double[] percentiles) = sample;
            var histogram = new LatencyHistogram();
            foreach (long value in values)
            {
                histogram.Record(value);
            }

            long[] sorted = [.. values.Order()];
            Assert.Equal(values.Length, histogram.Count);
            Assert.Equal(sorted[^1], histogram.MaxTicks);
            Assert.Equal(sorted[0], histogram.MinTicks);
            foreach (double percentile in percentiles)
            {
                long oracle = NearestRank(sorted, percentile);
                double reported = histogram.PercentileTicks(percentile);
                double allowed = oracle < 128 ? 0 : oracle * LatencyHistogram.RelativeError;
                Assert.True(Math.Abs(reported - oracle) <= allowed,
                    $"p{percentile} of {values.Length} values: reported {reported}, sorted array has {oracle} (allowed error {allowed})");
            }
        }, iter: 300);
    }

    [Fact]
    public void SmallValuesAreExactAndTheMaximumIsExact()
    {
        var histogram = new LatencyHistogram();
        for (long value = 1; value <= 100; value++)
        {
            histogram.Record(value);
        }

        histogram.Record(1_000_003);

        Assert.Equal(51, histogram.PercentileTicks(50)); // 101 values: rank ⌈50.5⌉ = 51
        Assert.Equal(100, histogram.PercentileTicks(99));
        Assert.Equal(1, histogram.PercentileTicks(0));
        Assert.Equal(1_000_003, histogram.PercentileTicks(100));
        Assert.Equal(1_000_003, histogram.MaxTicks);
    }

    [Fact]
    public void NegativeIntervalsCountAsZeroAndTheExtremesFit()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue);

        Assert.Equal(0, histogram.PercentileTicks(50));
        Assert.Equal(long.MaxValue, histogram.PercentileTicks(100));
    }

    [Fact]
    public void ClearForgetsEverythingAndAnEmptyHistogramHasNoPercentiles()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1_000);
        histogram.Clear();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.MaxTicks);
        Assert.True(double.IsNaN(histogram.PercentileMicroseconds(99)));
        histogram.Record(7);
        Assert.Equal(7, histogram.MinTicks);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void APercentileOutsideZeroToHundredIsRefused(double percentile)
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => histogram.PercentileTicks(percentile));
        Assert.Contains("between 0 and 100", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The ⌈p/100 · n⌉-th smallest value (the smallest for p = 0).</summary>
    private static long NearestRank(long[] sorted, double percentile) =>
        sorted[(int)Math.Clamp((long)Math.Ceiling(percentile / 100 * sorted.Length), 1, sorted.Length) - 1];
}
