using System.Diagnostics;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// The values a producer sends: <c>0, 1, 2, …</c> as fast as it can, or, paced, the <see cref="Stopwatch"/>
/// timestamp at which each message is due, waiting until then. The stamp is the <em>scheduled</em> time, not the
/// time of sending, so a producer held back by a full stage still charges the wait to the messages' latency (no
/// coordinated omission). <see cref="Stamped"/>: as fast as it can, each value the time it is sent — a latency run's
/// work at full speed, which is how a latency suite measures a system's maximum.
/// </summary>
public readonly struct Pacer
{
    /// <summary>
    /// The rate that means "unpaced, but stamp every message with the time": the latency suites' calibration, so that the
    /// maximum each load is a share of includes the clock reads and the recording that every paced run does.
    /// </summary>
    public const double Stamped = double.PositiveInfinity;

    private static readonly long s_yieldAbove = Stopwatch.Frequency / 50_000; // 20 µs: further away, yield the core
    private readonly double _ticksPerMessage;
    private readonly long _start;
    private readonly bool _stamped;

    /// <summary>A pacer for <paramref name="messagesPerSecond"/>; 0 for no pacing (the values 0, 1, 2, …), <see cref="Stamped"/> for stamps without pacing.</summary>
    public Pacer(double messagesPerSecond)
    {
        _stamped = double.IsPositiveInfinity(messagesPerSecond);
        _ticksPerMessage = messagesPerSecond > 0 && !_stamped ? Stopwatch.Frequency / messagesPerSecond : 0;
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
            return _stamped ? Stopwatch.GetTimestamp() : index;
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
