namespace Reflow.Benchmarks.Rings;

/// <summary>A 16-byte slot, the size of a <c>Message</c>, so the suites move what the engine will move.</summary>
public struct Slot
{
    public long Value;
    public long Producer;
}
