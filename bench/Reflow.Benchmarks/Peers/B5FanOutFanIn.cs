using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B5: fan-out/fan-in. <see cref="FanShape.OneToEightToOne"/>: a producer sends every message to each of 8 relays,
/// which all send to one sink; <see cref="FanShape.Diamond"/>: the same with 2 relays. 2 M messages from the
/// producer at full scale; the figure is messages per second arriving at the sink (8 or 2 per message sent).
/// </summary>
public class B5FanOutFanIn : PipelineSuite
{
    [Params(FanShape.OneToEightToOne, FanShape.Diamond)]
    public FanShape Fan { get; set; }

    protected override PipelineShape Shape => new(BenchScale.Pick(2_000_000, 200_000, 10_000), Stages: 3, Width: Fan == FanShape.Diamond ? 2 : 8);
}
