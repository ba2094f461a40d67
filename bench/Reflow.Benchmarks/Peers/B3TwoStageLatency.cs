namespace Reflow.Benchmarks.Peers;

/// <summary>B3's latency: the two-stage pipeline at 50 % of each variant's maximum rate (see <see cref="LatencySuite"/>).</summary>
public class B3TwoStageLatency : LatencySuite
{
    protected override int Stages => 2;
}
