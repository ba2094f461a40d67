using System.Diagnostics;
using System.Numerics;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// A log-linear histogram of <see cref="Stopwatch"/> tick intervals, HdrHistogram's layout with 64 sub-buckets per
/// power of two: fixed size (4 224 counters), no allocation when recording, any non-negative <see cref="long"/>.
/// One thread records at a time (an actor, or a stage whose runs are ordered by its mailbox).
/// </summary>
/// <remarks>
/// <para>Precision: values below 128 ticks have a bucket each and are exact. Above, a value <c>v</c> with
/// <c>2^(k+6) ≤ v &lt; 2^(k+7)</c> falls in a bucket <c>2^k</c> ticks wide whose low end is at least <c>64 · 2^k</c>;
/// a percentile is reported as its bucket's midpoint, so it is within <see cref="RelativeError"/> (1/128, 0.78 %) of
/// the recorded value it stands for. The minimum and maximum are kept exactly: the first and last ranks report them,
/// and every other percentile is clamped between them (which only brings it closer).</para>
/// <para>Percentile rank: the nearest-rank definition — the <c>⌈p/100 · n⌉</c>-th smallest recorded value (the
/// smallest for p = 0).</para>
/// </remarks>
public sealed class LatencyHistogram
{
    /// <summary>The bound on |reported − recorded| / recorded of any percentile (values below 128 ticks are exact).</summary>
    public const double RelativeError = 1.0 / 128;

    private const int Linear = 128;
    private const int SubBuckets = 64;
    private readonly long[] _counts = new long[Linear + (64 * SubBuckets)];

    /// <summary>Recorded values.</summary>
    public long Count { get; private set; }

    /// <summary>The largest recorded value in ticks, exactly (0 when empty).</summary>
    public long MaxTicks { get; private set; }

    /// <summary>The smallest recorded value in ticks, exactly (0 when empty).</summary>
    public long MinTicks { get; private set; }

    /// <summary>Records one interval in ticks (negative intervals count as zero).</summary>
    public void Record(long ticks)
    {
        ticks = Math.Max(0, ticks);
        _counts[IndexOf(ticks)]++;
        if (Count == 0 || ticks < MinTicks)
        {
            MinTicks = ticks;
        }

        MaxTicks = Math.Max(MaxTicks, ticks);
        Count++;
    }

    /// <summary>Forgets everything recorded.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        MaxTicks = 0;
        MinTicks = 0;
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0–100) in ticks, within <see cref="RelativeError"/> of the
    /// recorded value of that rank (see the remarks); NaN when empty.
    /// </summary>
    public double PercentileTicks(double percentile)
    {
        if (percentile is < 0 or > 100 || double.IsNaN(percentile))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is between 0 and 100.");
        }

        if (Count == 0)
        {
            return double.NaN;
        }

        long rank = Math.Clamp((long)Math.Ceiling(percentile / 100 * Count), 1, Count);
        if (rank == Count)
        {
            return MaxTicks; // the largest value is kept exactly: no bucket error at the top
        }

        if (rank == 1)
        {
            return MinTicks;
        }

        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                (long low, long high) = BoundsOf(i);
                return Math.Clamp((low + (double)high) / 2, MinTicks, MaxTicks);
            }
        }

        throw new UnreachableException("The buckets hold fewer values than Count.");
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100) in microseconds (see <see cref="PercentileTicks"/>); NaN when empty.</summary>
    public double PercentileMicroseconds(double percentile) => PercentileTicks(percentile) * 1e6 / Stopwatch.Frequency;

    private static int IndexOf(long ticks)
    {
        if (ticks < Linear)
        {
            return (int)ticks;
        }

        int shift = BitOperations.Log2((ulong)ticks) - 6; // ticks >> shift is in [64, 127]
        return Linear + ((shift - 1) * SubBuckets) + (int)((ticks >> shift) - SubBuckets);
    }

    private static (long Low, long High) BoundsOf(int index)
    {
        if (index < Linear)
        {
            return (index, index);
        }

        int shift = ((index - Linear) / SubBuckets) + 1;
        long sub = ((index - Linear) % SubBuckets) + SubBuckets;
        return (sub << shift, ((sub + 1) << shift) - 1);
    }
}
