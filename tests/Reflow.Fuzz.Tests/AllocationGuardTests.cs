namespace Reflow.Fuzz.Tests;

public sealed class AllocationGuardTests
{
    private const int InputLength = 1024 * 1024;

    [Fact]
    public void An_input_allocating_more_than_the_bound_is_a_finding()
    {
        var target = new AllocatingTarget(bytesPerInputByte: 32);
        var error = Assert.Throws<AllocationBoundExceededException>(() => AllocationGuard.Check(target, new byte[InputLength]));
        Assert.Equal(InputLength, error.InputLength);
        Assert.True(error.Allocated >= 32L * InputLength, $"allocated {error.Allocated}");
        Assert.Equal(AllocationGuard.BaseBytes + (16L * InputLength), error.Bound);
        Assert.Contains("allocating: an input of 1048576 bytes allocated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_allocating_within_the_bound_passes_and_reports_what_it_allocated()
    {
        var target = new AllocatingTarget(bytesPerInputByte: 8);
        long allocated = AllocationGuard.Check(target, new byte[InputLength]);
        Assert.InRange(allocated, 8L * InputLength, AllocationGuard.BoundFor(target, InputLength));
    }

    [Fact]
    public void An_empty_input_is_allowed_the_base()
    {
        Assert.Equal(AllocationGuard.BaseBytes, AllocationGuard.BoundFor(new AllocatingTarget(1), 0));
    }
}
