namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B4: a ten-stage pipeline (producer → 8 relays → consumer, nine bounded edges), 5 M longs at full scale; the
/// figure is messages per second leaving the last stage.
/// </summary>
public class B4TenStagePipeline : PipelineSuite
{
    protected override PipelineShape Shape { get; } = new(BenchScale.Pick(5_000_000, 500_000, 20_000), Stages: 10);
}
