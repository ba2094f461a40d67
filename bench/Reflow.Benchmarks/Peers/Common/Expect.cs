namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// Checks a run's own result, so a broken variant fails instead of posting a fast figure: every suite checks the
/// count (and where there is one, the sum) of what arrived against what was sent.
/// </summary>
public static class Expect
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <exception cref="InvalidOperationException">They differ; the message names <paramref name="what"/>.</exception>
    public static void Equal(long expected, long actual, string what)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {actual}; the variant lost, duplicated or corrupted messages.");
        }
    }
}
