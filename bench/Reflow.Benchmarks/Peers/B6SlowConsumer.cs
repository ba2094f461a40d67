namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B6: a fast producer and a slow consumer (1000 rounds of <see cref="SlowWork"/>, ~1.5 µs a message, about a
/// thousand times the producer's cost), producer → consumer; 500 000 messages at full scale. The figures are the
/// peak memory above the start of the invocation (<c>peak heap MB</c>, <c>peak WS MB</c>, sampled every 2 ms) and
/// the producer's stall time (<c>stall ms</c>): for the peers, the time spent in awaited writes or sends on a full
/// channel or block (Akka.NET and Proto.Actor never wait: their mailboxes are unbounded and grow instead); for
/// Reflow, the time between the source's <c>Produce</c> calls (an upper bound: it also holds the worker's turns on
/// other actors).
/// </summary>
public class B6SlowConsumer : PipelineSuite
{
    protected override PipelineShape Shape { get; } = new(BenchScale.Pick(500_000, 100_000, 2_000), Stages: 2, SinkWork: 1000);

    protected override bool TrackMemory => true;
}
