using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B4: a ten-stage pipeline (producer → 8 relays → consumer, nine bounded edges), 5 M longs at full scale; the
/// figure is messages per second leaving the last stage.
/// </summary>
public class B4TenStagePipeline : PipelineSuite
{
    protected override PipelineShape Shape { get; } = new(BenchScale.Pick(5_000_000, 500_000, 20_000), Stages: 10);

    /// <summary>Reflow with every actor on one worker (issue 23 §2: the same graph on one worker and on two).</summary>
    [Benchmark]
    public Task ReflowOneWorker() => ReflowOnOneWorker(nameof(ReflowOneWorker));

    /// <summary>Reflow on two workers, whatever the placement estimates.</summary>
    [Benchmark]
    public Task ReflowTwoWorkers() => ReflowOnTwoWorkers(nameof(ReflowTwoWorkers));
}
