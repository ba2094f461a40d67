namespace Reflow.Fuzz.Tests;

/// <summary>A target whose check allocates a known number of bytes per input byte, to test <see cref="AllocationGuard"/>.</summary>
internal sealed class AllocatingTarget(long bytesPerInputByte) : FuzzTarget
{
    public override string Name => "allocating";

    public override long AllocationPerInputByte => 16;

    /// <summary>What the last check allocated, kept so the allocation cannot be optimized away.</summary>
    public byte[] Last { get; private set; } = [];

    public override void Check(ReadOnlySpan<byte> input) => Last = new byte[input.Length * bytesPerInputByte];
}
