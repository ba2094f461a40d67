using BenchmarkDotNet.Attributes;

namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B5's latency–throughput curve: the fan-out/fan-in topologies of <see cref="B5FanOutFanIn"/> (the producer sends
/// every message to each of 8 relays, or 2 in the diamond, which all send to one sink) at 10–90 % of each variant's
/// maximum rate (see <see cref="LatencySuite"/>). The rates are messages leaving the producer; each arrives at the
/// sink once per relay, and every arrival is a latency sample.
/// </summary>
public class B5FanOutFanInLatency : LatencySuite
{
    [Params(FanShape.OneToEightToOne, FanShape.Diamond)]
    public FanShape Fan { get; set; }

    protected override PipelineShape ShapeOf(long messages) => new(messages, Stages: 3, Width: Fan == FanShape.Diamond ? 2 : 8);
}
