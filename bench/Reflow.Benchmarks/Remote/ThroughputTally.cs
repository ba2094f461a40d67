using System.Diagnostics;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// What a throughput receiver has had in one invocation: the count and the sum of the integers, and when the first and
/// the last arrived. One receiver (an actor, or the edge's delivery loop) adds at a time; <see cref="Completion"/> ends
/// when <see cref="Expected"/> have arrived, and <see cref="Verify"/> fails the run unless every integer came exactly
/// once (count and sum).
/// </summary>
public sealed class ThroughputTally(long expected)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _count;
    private long _sum;
    private long _first;
    private long _last;

    /// <summary>Messages the sender sends.</summary>
    public long Expected { get; } = expected;

    /// <summary>Messages received so far.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Ends when the last message has arrived.</summary>
    public Task Completion => _done.Task;

    /// <summary>Time from the first message's arrival to the last's, in seconds.</summary>
    public double Seconds => (_last - _first) / (double)Stopwatch.Frequency;

    /// <summary>Adds one received integer; returns the count so far (the receiver acknowledges from it).</summary>
    public long Add(long value)
    {
        long count = _count + 1;
        if (count == 1)
        {
            _first = Stopwatch.GetTimestamp();
        }

        _sum += value;
        Volatile.Write(ref _count, count);
        if (count == Expected)
        {
            _last = Stopwatch.GetTimestamp();
            _done.TrySetResult();
        }

        return count;
    }

    /// <summary>Throws unless 0…<see cref="Expected"/>−1 each arrived once (count and sum).</summary>
    public void Verify(string what)
    {
        long expectedSum = RemoteWorkload.ExpectedSum(Expected);
        if (_count != Expected || _sum != expectedSum)
        {
            throw new InvalidOperationException($"{what}: received {_count} messages summing to {_sum}; expected {Expected} summing to {expectedSum}.");
        }
    }
}
