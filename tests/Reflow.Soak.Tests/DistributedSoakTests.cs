namespace Reflow.Soak.Tests;

/// <summary>
/// The distributed soak (<c>--distributed</c>): rounds of two <c>reflow node</c> processes on a real nats-server, one of
/// them killed mid-round, and still every message the round sent is accounted for.
/// </summary>
public sealed class DistributedSoakTests
{
    [Fact]
    public async Task A_short_distributed_soak_kills_a_node_process_each_round_and_accounts_for_every_message()
    {
        var options = new SoakOptions
        {
            MasterSeed = 22,
            Distributed = true,
            Duration = TimeSpan.FromSeconds(20),
            WarmupGraphs = 1,
            SettleTimeout = TimeSpan.FromSeconds(2),
            Quiet = true,
            ReflowDll = Path.Combine(AppContext.BaseDirectory, "reflow.dll"),
        };
        using var output = new StringWriter();

        SoakSummary summary = await new SoakRunner(options, output).RunAsync();

        output.WriteLine(summary.Line());
        Assert.True(summary.Passed, output.ToString());
        Assert.True(summary.Graphs >= 1, output.ToString());
        Assert.True(summary.Messages > 1000, output.ToString());
        Assert.True(summary.Faults[FaultKind.NodeKilled] > 0, output.ToString()); // a kill that came after a round ended is not counted
    }
}
