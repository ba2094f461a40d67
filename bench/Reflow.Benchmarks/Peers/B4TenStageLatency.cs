namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B4's latency–throughput curve: the ten-stage pipeline at 10–90 % of each variant's maximum rate (see
/// <see cref="LatencySuite"/>). Issue 23's targets (and DESIGN.md §4's): p99.9 under 1 ms at 50 %, p99 under 1 ms at 75 %.
/// </summary>
public class B4TenStageLatency : LatencySuite
{
    protected override PipelineShape ShapeOf(long messages) => new(messages, Stages: 10);
}
