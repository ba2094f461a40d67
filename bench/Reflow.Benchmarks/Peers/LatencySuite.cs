using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// End-to-end latency of a pipeline at 50 % load: p99 and p99.9 (<c>p99 µs</c>, <c>p99.9 µs</c>) of the time from
/// the moment a message was due to leave the producer to its arrival at the sink.
/// </summary>
/// <remarks>
/// <para>Calibration: on its first invocation (BenchmarkDotNet's jitting run, not measured) a variant runs the
/// same pipeline unpaced twice and takes the better rate as its maximum; it is then paced at half of that
/// (<c>rate M/s</c>). Each variant is loaded at 50 % of <em>its own</em> maximum.</para>
/// <para>Every invocation then runs the pipeline for about <see cref="PacedSeconds"/>: the producer, a thread of
/// its own in every variant (Reflow's is the host feeding an exported in-port, so it paces like the peers'),
/// stamps each message with its scheduled <see cref="Stopwatch"/> time and sends it when due; the sink records
/// now − stamp in a histogram. The stamp is the schedule, not the send, so time a producer spends held back
/// counts (no coordinated omission). Percentiles over all invocations but the first.</para>
/// </remarks>
public abstract class LatencySuite : PeerSuite
{
    private readonly Dictionary<string, double> _rates = new(StringComparer.Ordinal);

    /// <summary>Producer + relays + sink.</summary>
    protected abstract int Stages { get; }

    /// <summary>How long each paced invocation runs.</summary>
    protected static double PacedSeconds => BenchScale.Pick(1.0, 0.2, 0.02);

    private static long CalibrationMessages => BenchScale.Pick(2_000_000, 300_000, 20_000);

    [Benchmark]
    public Task Reflow() => Paced(nameof(Reflow), (shape, sink, rate) => new ReflowPipeline(shape, hostFed: true).RunAsync(sink, rate));

    [Benchmark]
    public Task Akka() => Paced(nameof(Akka), (shape, sink, rate) => AkkaPipeline.RunAsync(AkkaSystem, shape, sink, rate));

    [Benchmark]
    public Task ProtoActor() => Paced(nameof(ProtoActor), (shape, sink, rate) => ProtoPipeline.RunAsync(ProtoSystem, shape, sink, rate));

    [Benchmark]
    public Task Dataflow() => Paced(nameof(Dataflow), DataflowPipeline.RunAsync);

    [Benchmark]
    public Task Channels() => Paced(nameof(Channels), ChannelsPipeline.RunAsync);

    private async Task Paced(string method, Func<PipelineShape, PipelineSink, double, Task<ProducerResult>> run)
    {
        CaseMetrics metrics = Begin(method);
        if (!_rates.TryGetValue(method, out double rate))
        {
            _rates[method] = rate = await MaximumRate(run).ConfigureAwait(false) / 2;
        }

        var shape = new PipelineShape((long)Math.Max(1000, rate * PacedSeconds), Stages);
        var sink = new PipelineSink(shape, metrics.Latency);
        ProducerResult produced = await run(shape, sink, rate).ConfigureAwait(false);
        sink.Verify(produced.Sum, 1);
        metrics.AddMedian("rate M/s", rate / 1e6);
        metrics.AddMax("producer late ms", produced.MaxLateTicks * 1e3 / Stopwatch.Frequency);
        metrics.AddMedian(CaseMetrics.Operations, shape.Messages);
    }

    private async Task<double> MaximumRate(Func<PipelineShape, PipelineSink, double, Task<ProducerResult>> run)
    {
        double best = 0;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var shape = new PipelineShape(CalibrationMessages, Stages);
            var sink = new PipelineSink(shape, latency: null);
            long start = Stopwatch.GetTimestamp();
            ProducerResult produced = await run(shape, sink, 0).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            sink.Verify(produced.Sum, 1);
            best = Math.Max(best, shape.Messages / seconds);
        }

        return best;
    }
}
