using System.Runtime.CompilerServices;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>The slow consumer's work: a dependent chain of multiplications the JIT cannot remove (~1 ns a round).</summary>
public static class SlowWork
{
    /// <summary>Runs <paramref name="rounds"/> rounds seeded with <paramref name="seed"/> and returns the result.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Run(long seed, int rounds)
    {
        ulong x = (ulong)seed | 1;
        for (int i = 0; i < rounds; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        return (long)x;
    }
}
