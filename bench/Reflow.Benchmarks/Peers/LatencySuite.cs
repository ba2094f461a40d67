using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// A latency–throughput curve: end-to-end p50, p99, p99.9 and max (<c>p50 µs</c> … <c>max µs</c>) of the time from the
/// moment a message was due to leave the producer to its arrival at the sink, with each variant paced at
/// <see cref="Load"/> % (10, 25, 50, 75, 90) of its own maximum rate.
/// </summary>
/// <remarks>
/// <para>Calibration: the first time a process needs a variant's maximum for a shape (in BenchmarkDotNet's jitting
/// invocation, which is not measured) it runs the same topology unpaced twice — stamping and recording every message as
/// the paced runs do (<see cref="Pacer.Stamped"/>), so that the maximum includes that work (a clock read on each side
/// and a histogram record: a large share of a cheap system's cost per message) — and keeps the better rate of messages
/// leaving the producer (<c>max M/s</c>); every load of that variant and shape in the process reuses it. The variant
/// is then paced at <see cref="Load"/> % of that (<c>rate M/s</c>): each variant is loaded relative to <em>its own</em>
/// maximum. BenchmarkDotNet runs each case in a process of its own, so a report's loads of one variant come from
/// calibrations made minutes apart; the <c>max M/s</c> column shows each.</para>
/// <para>Every invocation then runs the topology for about <see cref="PacedSeconds"/>: the producer, a thread of its
/// own in every variant (Reflow's is the host feeding exported in-ports, so it paces like the peers'), stamps each
/// message with its scheduled <see cref="Stopwatch"/> time and sends it when due; the sink records now − stamp in a
/// <see cref="LatencyHistogram"/> (log-linear, within 0.78 %). The stamp is the schedule, not the send, so time a
/// producer spends held back counts (no coordinated omission); <c>producer late ms</c> is how far it fell behind at
/// worst. Percentiles over all invocations but the first.</para>
/// </remarks>
public abstract class LatencySuite : PeerSuite
{
    private static readonly Dictionary<string, double> s_maximumRates = new(StringComparer.Ordinal);

    /// <summary>The load, in percent of the variant's own maximum rate.</summary>
    [Params(10, 25, 50, 75, 90)]
    public int Load { get; set; } = 50;

    /// <summary>How long each paced invocation runs, in seconds (by <see cref="BenchScale"/>; tests set less).</summary>
    public double PacedSeconds { get; set; } = BenchScale.Pick(1.0, 0.2, 0.02);

    /// <summary>Messages the producer sends in each unpaced calibration run, summed over the relays of a wide stage.</summary>
    public long CalibrationMessages { get; set; } = BenchScale.Pick(2_000_000, 300_000, 20_000);

    /// <summary>The topology of one run of <paramref name="messages"/> messages from the producer.</summary>
    protected abstract PipelineShape ShapeOf(long messages);

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
        if (Load is <= 0 or > 100)
        {
            throw new InvalidOperationException($"{GetType().Name}.{nameof(Load)} = {Load}: expected a percentage in 1–100.");
        }

        CaseMetrics metrics = Begin(method);
        double maximum = await MaximumRate(method, run).ConfigureAwait(false);
        double rate = maximum * Load / 100;
        PipelineShape shape = ShapeOf((long)Math.Max(1000, rate * PacedSeconds));
        var sink = new PipelineSink(shape, metrics.Latency);
        ProducerResult produced = await run(shape, sink, rate).ConfigureAwait(false);
        sink.Verify(produced.Sum, shape.Width);
        metrics.AddMedian("max M/s", maximum / 1e6);
        metrics.AddMedian("rate M/s", rate / 1e6);
        metrics.AddMax("producer late ms", produced.MaxLateTicks * 1e3 / Stopwatch.Frequency);
        metrics.AddMedian("producer waits", produced.Waits);
        metrics.AddMedian(CaseMetrics.Operations, shape.SinkMessages);
    }

    /// <summary>The variant's maximum rate on this suite's topology, measured once per process.</summary>
    private async Task<double> MaximumRate(string method, Func<PipelineShape, PipelineSink, double, Task<ProducerResult>> run)
    {
        PipelineShape probe = ShapeOf(1);
        string key = $"{method}/{probe.Stages}x{probe.Width}";
        lock (s_maximumRates)
        {
            if (s_maximumRates.TryGetValue(key, out double known))
            {
                return known;
            }
        }

        double best = 0;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            PipelineShape shape = ShapeOf(Math.Max(1000, CalibrationMessages / probe.Width));
            var sink = new PipelineSink(shape, new LatencyHistogram()); // recorded and dropped: the paced runs' work, at full speed
            long start = Stopwatch.GetTimestamp();
            ProducerResult produced = await run(shape, sink, Pacer.Stamped).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            sink.Verify(produced.Sum, shape.Width);
            best = Math.Max(best, shape.Messages / seconds);
        }

        lock (s_maximumRates)
        {
            s_maximumRates[key] = best;
        }

        return best;
    }
}
