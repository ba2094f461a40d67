using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Testing.Tests;

/// <summary>The zero-allocation assertions pass on code that allocates nothing and fail, with the figures, on code that does.</summary>
public sealed class AllocationTests
{
    [Component("test/Stringify")]
    [InPort("in", PortType.Integer)]
    [OutPort("out", PortType.String)]
    private sealed class Stringify : Actor
    {
        public override void Receive(ActorContext context) => context.Emit("out", Message.String(context.Message.AsInteger().ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_section_that_allocates_nothing_passes_and_one_that_allocates_fails_with_its_bytes()
    {
        long sum = 0;
        AllocationMeter.Measure(() => sum++, iterations: 10_000).ShouldAllocateNothing();

        AllocationReport boxing = AllocationMeter.Measure(() => GC.KeepAlive(new object()), iterations: 1000);
        var failure = Assert.Throws<ReflowAssertionException>(() => boxing.ShouldAllocateNothing());

        Assert.True(boxing.Bytes >= 1000 * 16, boxing.ToString());
        Assert.Contains($"allocated {boxing.Bytes} B over 1000 message(s)", failure.Message, StringComparison.Ordinal);
        boxing.ShouldAllocateAtMost(boxing.Bytes);
        Assert.True(sum >= 11_000);
    }

    [Fact]
    public async Task A_pass_through_node_allocates_nothing_per_message()
    {
        NetworkAllocationReport report = await NetworkAllocation.MeasureAsync(
            builder => builder.AddNode("repeat", ReflowTestComponents.Repeat),
            into: ("repeat", "in"),
            outOf: ("repeat", "out"),
            warmUp: 20_000,
            measured: 100_000);

        Assert.Equal(120_000, report.Received);
        report.ShouldAllocateNothing();
    }

    [Fact]
    public async Task A_node_that_makes_a_string_per_message_fails_the_assertion()
    {
        NetworkAllocationReport report = await NetworkAllocation.MeasureAsync(
            builder => builder.AddNode("stringify", Component.FromActor<Stringify>()),
            into: ("stringify", "in"),
            outOf: ("stringify", "out"),
            warmUp: 1000,
            measured: 10_000);

        var failure = Assert.Throws<ReflowAssertionException>(() => report.ShouldAllocateNothing());

        Assert.True(report.Allocation.BytesPerMessage >= 20, report.Allocation.ToString()); // a string object per message at least
        Assert.Contains("from stringify.in to stringify.out allocated", failure.Message, StringComparison.Ordinal);
    }
}
