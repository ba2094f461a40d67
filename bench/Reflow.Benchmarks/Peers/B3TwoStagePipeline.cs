using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B3: a two-stage pipeline (producer → consumer, one bounded edge), 10 M longs at full scale; the figure is
/// messages per second.
/// </summary>
public class B3TwoStagePipeline : PipelineSuite
{
    protected override PipelineShape Shape { get; } = new(BenchScale.Pick(10_000_000, 1_000_000, 20_000), Stages: 2);

    /// <summary>Reflow with every actor on one worker (issue 23 §2: the same graph on one worker and on two).</summary>
    [Benchmark]
    public Task ReflowOneWorker() => ReflowOnOneWorker(nameof(ReflowOneWorker));

    /// <summary>Reflow on two workers, whatever the placement estimates.</summary>
    [Benchmark]
    public Task ReflowTwoWorkers() => ReflowOnTwoWorkers(nameof(ReflowTwoWorkers));
}
