namespace Reflow.Soak;

/// <summary>The process's resources at one moment.</summary>
/// <param name="HeapBytes">The GC heap (after a full collection when the sample was taken settled).</param>
/// <param name="RssBytes">Resident set size (VmRSS).</param>
/// <param name="Threads">OS threads of the process.</param>
/// <param name="Handles">Open file descriptors (/proc/self/fd).</param>
/// <param name="Workers">Python worker processes that are children of this one.</param>
internal readonly record struct ResourceSample(long HeapBytes, long RssBytes, int Threads, int Handles, int Workers)
{
    public override string ToString() =>
        $"heap {HeapBytes >> 20} MB, RSS {RssBytes >> 20} MB, {Threads} threads, {Handles} fds, {Workers} Python workers";
}
