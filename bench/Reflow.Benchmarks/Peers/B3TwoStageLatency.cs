namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B3's latency–throughput curve: the two-stage pipeline at 10–90 % of each variant's maximum rate (see
/// <see cref="LatencySuite"/>). Issue 23's targets: p99.9 under 1 ms at 50 %, p99 under 1 ms at 75 %.
/// </summary>
public class B3TwoStageLatency : LatencySuite
{
    protected override PipelineShape ShapeOf(long messages) => new(messages, Stages: 2);
}
