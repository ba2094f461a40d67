namespace Reflow.Benchmarks.Peers;

/// <summary>
/// B4's latency: the ten-stage pipeline at 50 % of each variant's maximum rate (see <see cref="LatencySuite"/>);
/// DESIGN.md §4's target is p99.9 under 1 ms.
/// </summary>
public class B4TenStageLatency : LatencySuite
{
    protected override int Stages => 10;
}
