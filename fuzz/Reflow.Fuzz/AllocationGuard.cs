namespace Reflow.Fuzz;

/// <summary>
/// Runs a target's check and fails it when that one input allocated more than the target's bound: a fixed base plus
/// <see cref="FuzzTarget.AllocationPerInputByte"/> per input byte. A parser that allocates by what the input declares
/// (a length field, a count) rather than by what it holds fails here even when it later refuses the input.
/// </summary>
public static class AllocationGuard
{
    /// <summary>
    /// Allowed to every input: the first inputs of a process run static constructors and fill pools (measured: under
    /// 2 MiB for every target, see fuzz/README.md), which must not count as a finding.
    /// </summary>
    public const long BaseBytes = 8L * 1024 * 1024;

    /// <summary>The most <paramref name="target"/> may allocate for an input of <paramref name="length"/> bytes.</summary>
    public static long BoundFor(FuzzTarget target, int length)
    {
        ArgumentNullException.ThrowIfNull(target);
        return BaseBytes + (target.AllocationPerInputByte * length);
    }

    /// <summary>Checks <paramref name="input"/> with <paramref name="target"/>; returns the bytes it allocated.</summary>
    /// <exception cref="AllocationBoundExceededException">The check allocated more than <see cref="BoundFor"/>.</exception>
    public static long Check(FuzzTarget target, ReadOnlySpan<byte> input)
    {
        ArgumentNullException.ThrowIfNull(target);
        long before = GC.GetAllocatedBytesForCurrentThread();
        target.Check(input);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = BoundFor(target, input.Length);
        if (allocated > bound)
        {
            throw new AllocationBoundExceededException(target.Name, input.Length, allocated, bound);
        }

        return allocated;
    }
}
