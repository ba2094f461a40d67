using System.Diagnostics;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// The pinger's bookkeeping, shared by every peer: <see cref="Window"/> balls in flight until
/// <see cref="RoundTrips"/> replies have come back. With one ball in flight it records each round trip's
/// latency (one timestamp per round trip: the reply's arrival is the next send's start).
/// </summary>
public sealed class PingPongScore
{
    private readonly LatencyHistogram? _latency;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sent;
    private long _sentAt;

    /// <summary>A score for <paramref name="roundTrips"/> round trips with <paramref name="window"/> in flight.</summary>
    public PingPongScore(long roundTrips, int window, LatencyHistogram? latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTrips, window);
        RoundTrips = roundTrips;
        Window = window;
        _latency = window == 1 ? latency : null;
    }

    /// <summary>Round trips to complete.</summary>
    public long RoundTrips { get; }

    /// <summary>Balls in flight.</summary>
    public int Window { get; }

    /// <summary>Replies received.</summary>
    public long Received { get; private set; }

    /// <summary>Completes with the last reply.</summary>
    public Task Done => _done.Task;

    /// <summary>Messages delivered by a complete run: each round trip is two.</summary>
    public long Messages => 2 * RoundTrips;

    /// <summary>Call before sending the first <see cref="Window"/> balls.</summary>
    public void Start()
    {
        _sent = Window;
        _sentAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Call on each reply; true when the pinger should send another ball.</summary>
    public bool OnReply()
    {
        if (_latency is not null)
        {
            long now = Stopwatch.GetTimestamp();
            _latency.Record(now - _sentAt);
            _sentAt = now;
        }

        if (++Received == RoundTrips)
        {
            _done.TrySetResult();
            return false;
        }

        if (_sent < RoundTrips)
        {
            _sent++;
            return true;
        }

        return false;
    }

    /// <summary>Throws unless every round trip completed.</summary>
    public void Verify() => Expect.Equal(RoundTrips, Received, "ping-pong replies");
}
