using System.Diagnostics;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Tests.Peers;

/// <summary>
/// The producer's three modes: unpaced (the values 0, 1, 2, …), paced (each message's due time, waited for) and
/// <see cref="Pacer.Stamped"/> (the time of sending, no waiting — the latency suites' calibration).
/// </summary>
public sealed class PacerTests
{
    [Fact]
    public void Unpaced_it_gives_the_index()
    {
        var pacer = new Pacer(0);

        Assert.Equal([0L, 1L, 2L], new long[] { pacer.Next(0, out _), pacer.Next(1, out _), pacer.Next(2, out long late) });
        Assert.Equal(0, late);
    }

    [Fact]
    public void Stamped_it_gives_the_time_of_each_call_without_waiting()
    {
        var pacer = new Pacer(Pacer.Stamped);
        long before = Stopwatch.GetTimestamp();

        long first = pacer.Next(0, out long late);
        long last = 0;
        for (int i = 1; i < 100_000; i++)
        {
            last = pacer.Next(i, out _);
        }

        long after = Stopwatch.GetTimestamp();
        Assert.InRange(first, before, after);
        Assert.InRange(last, first, after); // a clock reading, not an index or a schedule
        Assert.Equal(0, late);
        Assert.True(last > 100_000, "a timestamp, not the index");
    }

    [Fact]
    public void Paced_it_gives_each_messages_due_time_after_waiting_for_it()
    {
        var pacer = new Pacer(1_000_000); // 1 µs apart
        long ticksPerMessage = Stopwatch.Frequency / 1_000_000;

        long first = pacer.Next(0, out _);
        long tenth = pacer.Next(10, out _);

        Assert.InRange(tenth - first, (10 * ticksPerMessage) - 1, (10 * ticksPerMessage) + 1); // the schedule, not the clock
        Assert.True(Stopwatch.GetTimestamp() >= tenth, "it waited until the message was due");
    }
}
