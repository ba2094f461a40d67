using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>What <see cref="NetworkAllocation.MeasureAsync"/> found.</summary>
/// <param name="Allocation">The bytes allocated over the measured messages.</param>
/// <param name="Received">How many messages the sink received (warm-up included).</param>
/// <param name="Result">The measured run's statistics.</param>
public sealed record NetworkAllocationReport(AllocationReport Allocation, long Received, NetworkRunResult Result)
{
    /// <summary>Asserts the measured messages allocated nothing.</summary>
    /// <exception cref="ReflowAssertionException">They did.</exception>
    public NetworkAllocationReport ShouldAllocateNothing()
    {
        Allocation.ShouldAllocateNothing();
        return this;
    }
}
