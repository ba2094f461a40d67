namespace Reflow.Testing;

/// <summary>What a measured section or a measured network run allocated, and over how many messages or iterations.</summary>
/// <param name="What">What was measured, for the failure message.</param>
/// <param name="Bytes">Bytes allocated by the measured part, on the measuring thread.</param>
/// <param name="Count">Messages (or iterations) in the measured part.</param>
public sealed record AllocationReport(string What, long Bytes, long Count)
{
    /// <summary>Bytes per message (or iteration).</summary>
    public double BytesPerMessage => Count == 0 ? 0 : (double)Bytes / Count;

    /// <summary>Asserts nothing was allocated: 0 B per message in steady state.</summary>
    /// <exception cref="ReflowAssertionException">Something was: the bytes, the count and the bytes per message.</exception>
    public AllocationReport ShouldAllocateNothing() => ShouldAllocateAtMost(0);

    /// <summary>Asserts at most <paramref name="bytes"/> were allocated over the whole measured part.</summary>
    /// <exception cref="ReflowAssertionException">More were.</exception>
    public AllocationReport ShouldAllocateAtMost(long bytes)
    {
        if (Bytes > bytes)
        {
            throw new ReflowAssertionException(
                $"{What} allocated {Bytes} B over {Count} message(s) ({BytesPerMessage:0.###} B per message); expected at most {bytes} B. " +
                "Something on the hot path allocates: a boxed value, a closure, a string, a growing collection.");
        }

        return this;
    }

    /// <summary>The figures, one line.</summary>
    public override string ToString() => $"{What}: {Bytes} B over {Count} ({BytesPerMessage:0.###} B each)";
}
