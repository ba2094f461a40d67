using System.Diagnostics;
using System.Numerics;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// A log-linear histogram of <see cref="Stopwatch"/> tick intervals (HdrHistogram's layout with 64 sub-buckets
/// per power of two): exact below 128 ticks, within 1/64 (1.6 %) above, fixed size, no allocation when recording.
/// One thread records at a time (an actor, or a stage whose runs are ordered by its mailbox).
/// </summary>
public sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int SubBuckets = 64;
    private readonly long[] _counts = new long[Linear + (64 * SubBuckets)];

    /// <summary>Recorded values.</summary>
    public long Count { get; private set; }

    /// <summary>Records one interval in ticks (negative intervals count as zero).</summary>
    public void Record(long ticks)
    {
        _counts[IndexOf(Math.Max(0, ticks))]++;
        Count++;
    }

    /// <summary>Forgets everything recorded.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100) in microseconds: the midpoint of its bucket; NaN when empty.</summary>
    public double PercentileMicroseconds(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                (long low, long high) = BoundsOf(i);
                return (low + high) / 2.0 * 1e6 / Stopwatch.Frequency;
            }
        }

        return double.NaN;
    }

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
