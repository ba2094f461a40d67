using System.Diagnostics;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// The values a producer sends: <c>0, 1, 2, …</c> as fast as it can, or, paced, the <see cref="Stopwatch"/>
/// timestamp at which each message is due, waiting until then. The stamp is the <em>scheduled</em> time, not the
/// time of sending, so a producer held back by a full stage still charges the wait to the messages' latency (no
/// coordinated omission).
/// </summary>
public readonly struct Pacer
{
    private static readonly long s_yieldAbove = Stopwatch.Frequency / 50_000; // 20 µs: further away, yield the core
    private readonly double _ticksPerMessage;
    private readonly long _start;

    /// <summary>A pacer for <paramref name="messagesPerSecond"/>; 0 for no pacing.</summary>
    public Pacer(double messagesPerSecond)
    {
        _ticksPerMessage = messagesPerSecond > 0 ? Stopwatch.Frequency / messagesPerSecond : 0;
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// The value of message <paramref name="index"/>, after waiting for its time when paced; <paramref name="late"/>
    /// is how far behind its schedule the producer was when it got there (0 when unpaced or on time).
    /// </summary>
    public long Next(long index, out long late)
    {
        late = 0;
        if (_ticksPerMessage == 0)
        {
            return index;
        }

        long due = _start + (long)(index * _ticksPerMessage);
        long now = Stopwatch.GetTimestamp();
        late = Math.Max(0, now - due);
        while (now < due)
        {
            if (due - now > s_yieldAbove)
            {
                Thread.Yield();
            }
            else
            {
                Thread.SpinWait(8);
            }

            now = Stopwatch.GetTimestamp();
        }

        return due;
    }
}
