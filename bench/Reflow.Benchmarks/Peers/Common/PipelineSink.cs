using System.Diagnostics;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// The last stage's bookkeeping, shared by every peer: it counts and sums what arrives, does the slow
/// consumer's work, records end-to-end latency from the producer's stamp when asked, and completes
/// <see cref="Done"/> when the expected number of messages has arrived. Called by one stage at a time.
/// </summary>
public sealed class PipelineSink
{
    private readonly long _expected;
    private readonly int _work;
    private readonly LatencyHistogram? _latency;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _workResult;

    /// <summary>A sink for a run of <paramref name="shape"/>; <paramref name="latency"/> when values are timestamps.</summary>
    public PipelineSink(PipelineShape shape, LatencyHistogram? latency)
    {
        _expected = shape.SinkMessages;
        _work = shape.SinkWork;
        _latency = latency;
    }

    /// <summary>Messages that arrived.</summary>
    public long Count { get; private set; }

    /// <summary>The sum of the values that arrived (wrapping).</summary>
    public long Sum { get; private set; }

    /// <summary>Completes when the expected number of messages has arrived.</summary>
    public Task Done => _done.Task;

    /// <summary>Takes one message.</summary>
    public void Accept(long value)
    {
        if (_latency is not null)
        {
            _latency.Record(Stopwatch.GetTimestamp() - value);
        }

        if (_work > 0)
        {
            _workResult += SlowWork.Run(value, _work);
        }

        Sum = unchecked(Sum + value);
        if (++Count == _expected)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>Checks the count and the sum against what the producer sent (<paramref name="producedSum"/> per relay of the first stage).</summary>
    public void Verify(long producedSum, long width)
    {
        GC.KeepAlive(_workResult);
        Expect.Equal(_expected, Count, "messages at the sink");
        Expect.Equal(unchecked(producedSum * width), Sum, "sum at the sink");
    }
}
