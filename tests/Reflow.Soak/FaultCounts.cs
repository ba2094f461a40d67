namespace Reflow.Soak;

/// <summary>Thread-safe counts of injected faults by kind.</summary>
internal sealed class FaultCounts
{
    private readonly long[] _counts = new long[Enum.GetValues<FaultKind>().Length];

    public void Add(FaultKind kind, long count = 1) => Interlocked.Add(ref _counts[(int)kind], count);

    public long this[FaultKind kind] => Volatile.Read(ref _counts[(int)kind]);

    public long Total => _counts.Sum();

    public void AddAll(FaultCounts other)
    {
        foreach (FaultKind kind in Enum.GetValues<FaultKind>())
        {
            Add(kind, other[kind]);
        }
    }

    /// <summary>"ThrowResume 12, WasmTrap 3" (kinds that happened only).</summary>
    public override string ToString() =>
        string.Join(", ", Enum.GetValues<FaultKind>().Where(k => this[k] > 0).Select(k => $"{k} {this[k]}"));
}
