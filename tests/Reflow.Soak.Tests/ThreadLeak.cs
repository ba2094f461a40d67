namespace Reflow.Soak.Tests;

/// <summary>The threads <see cref="ThreadLeakingRelay"/> leaves behind, and the switch that ends them.</summary>
internal sealed class ThreadLeak : IDisposable
{
    private const int MaxThreads = 400;
    private readonly ManualResetEventSlim _release = new();
    private int _count;

    public void Start()
    {
        if (Interlocked.Increment(ref _count) <= MaxThreads)
        {
            new Thread(() => _release.Wait(TimeSpan.FromMinutes(1))) { IsBackground = true, Name = "leaked by the test" }.Start();
        }
    }

    public void Dispose() => _release.Set(); // the threads end; the event is left to the GC since they may still wait on it
}
