using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Reflow.Rings;

/// <summary>Throw sites kept out of the hot methods so those stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn, StackTraceHidden]
    public static void ThrowClaimCountOutOfRange(int count, int bufferSize) =>
        throw new ArgumentOutOfRangeException(
            nameof(count), count, $"A claim must be for 1 to {bufferSize} slots (the ring's size).");

    [DoesNotReturn, StackTraceHidden]
    public static void ThrowBufferSizeInvalid(int bufferSize) =>
        throw new ArgumentOutOfRangeException(
            nameof(bufferSize), bufferSize, "The ring size must be a power of two between 1 and 2^30.");

    [DoesNotReturn, StackTraceHidden]
    public static void ThrowShutdown() => throw new RingShutdownException();
}
