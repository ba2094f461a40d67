using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// One <see cref="PipelineShape"/> per invocation, run to the end by every variant; the sink checks the count and
/// the sum of what arrived. Messages per invocation = messages at the sink. Reflow's producer is a source actor
/// on a worker; the peers' producer is the benchmark thread (both are one stage). Akka.NET and Proto.Actor have
/// unbounded mailboxes (their defaults); Reflow, Dataflow and Channels are bounded at 1024 everywhere.
/// </summary>
public abstract class PipelineSuite : PeerSuite
{
    private ReflowPipeline? _reflow;
    private ReflowPipeline? _reflowOneWorker;
    private ReflowPipeline? _reflowTwoWorkers;

    /// <summary>The workload of one invocation.</summary>
    protected abstract PipelineShape Shape { get; }

    /// <summary>Whether to sample memory and report the producer's stall time (B6).</summary>
    protected virtual bool TrackMemory => false;

    [Benchmark]
    public Task Reflow() => Pass(nameof(Reflow), (shape, sink) => (_reflow ??= new ReflowPipeline(shape)).RunAsync(sink));

    /// <summary>Reflow with every actor on one worker (B3 and B4 run it: <see cref="ReflowHost.OneWorker"/>).</summary>
    protected Task ReflowOnOneWorker(string method) =>
        Pass(method, (shape, sink) => (_reflowOneWorker ??= new ReflowPipeline(shape, options: ReflowHost.OneWorker)).RunAsync(sink));

    /// <summary>Reflow on two workers whatever the placement estimates (B3 and B4 run it: <see cref="ReflowHost.TwoWorkers"/>).</summary>
    protected Task ReflowOnTwoWorkers(string method) =>
        Pass(method, (shape, sink) => (_reflowTwoWorkers ??= new ReflowPipeline(shape, options: ReflowHost.TwoWorkers)).RunAsync(sink));

    [Benchmark]
    public Task Akka() => Pass(nameof(Akka), (shape, sink) => AkkaPipeline.RunAsync(AkkaSystem, shape, sink));

    [Benchmark]
    public Task ProtoActor() => Pass(nameof(ProtoActor), (shape, sink) => ProtoPipeline.RunAsync(ProtoSystem, shape, sink));

    [Benchmark]
    public Task Dataflow() => Pass(nameof(Dataflow), (shape, sink) => DataflowPipeline.RunAsync(shape, sink));

    [Benchmark]
    public Task Channels() => Pass(nameof(Channels), (shape, sink) => ChannelsPipeline.RunAsync(shape, sink));

    private async Task Pass(string method, Func<PipelineShape, PipelineSink, Task<ProducerResult>> run)
    {
        CaseMetrics metrics = Begin(method);
        PipelineShape shape = Shape;
        var sink = new PipelineSink(shape, latency: null);
        MemorySampler? memory = TrackMemory ? new MemorySampler() : null;
        ProducerResult produced;
        try
        {
            produced = await run(shape, sink).ConfigureAwait(false);
        }
        finally
        {
            memory?.Dispose();
        }

        sink.Verify(produced.Sum, shape.Width);
        metrics.AddMedian(CaseMetrics.Operations, shape.SinkMessages);
        if (memory is not null)
        {
            metrics.AddMax("peak heap MB", memory.PeakHeapMegabytes);
            metrics.AddMax("peak WS MB", memory.PeakWorkingSetMegabytes);
            metrics.AddMedian("stall ms", produced.StallTicks * 1e3 / System.Diagnostics.Stopwatch.Frequency);
        }
    }
}
