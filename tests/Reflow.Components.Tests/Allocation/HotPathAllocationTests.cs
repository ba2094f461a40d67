using Reflow.Messages;
using Reflow.Testing;

namespace Reflow.Components.Tests.Allocation;

/// <summary>
/// The hot components allocate nothing per scalar message in steady state: the kit's measuring source → core/Repeat
/// → flow/Fork → flow/Merge → math/Add (and every other binary math operation) → measuring sink, on one worker, so
/// the source and the sink read the allocation counter of the very thread every component runs on
/// (<see cref="NetworkAllocation"/>).
/// </summary>
public sealed class HotPathAllocationTests
{
    private const long WarmUp = 50_000;
    private const long Measured = 200_000;

    [Theory]
    [InlineData("math/Add", 1)]
    [InlineData("math/Subtract", 1)]
    [InlineData("math/Multiply", 3)]
    [InlineData("math/Modulo", 1_000_000)]
    [InlineData("math/Min", 1_000_000)]
    [InlineData("math/Max", 0)]
    public async Task Repeat_Fork_Merge_and_math_allocate_nothing_per_scalar_message(string math, long operand)
    {
        NetworkAllocationReport report = await NetworkAllocation.MeasureAsync(
            builder => builder
                .AddNode("repeat", ComponentRun.Find("core/Repeat"))
                .AddNode("fork", ComponentRun.Find("flow/Fork"))
                .AddNode("merge", ComponentRun.Find("flow/Merge"))
                .AddNode("math", ComponentRun.Find(math))
                .Connect("repeat", "out", "fork", "in")
                .Connect("fork", "out1", "merge", "in1")
                .Connect("fork", "out2", "merge", "in2")
                .Connect("merge", "out", "math", "in")
                .AddInitial("math", "operand", Message.Integer(operand)),
            into: ("repeat", "in"),
            outOf: ("math", "out"),
            WarmUp,
            Measured,
            hangLimit: ComponentRun.HangLimit);

        Assert.Equal(0, report.Result.Errors);
        Assert.Equal(2 * (WarmUp + Measured), report.Received); // Fork doubles every message
        report.ShouldAllocateNothing();
    }
}
