namespace Reflow.Testing;

/// <summary>
/// Measures what a section of code allocates, on one thread: <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// read before and after, so what other threads (other tests running in parallel) allocate cannot disturb it.
/// </summary>
public static class AllocationMeter
{
    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="warmUp"/> times (one-time growth, JIT, caches), then
    /// <paramref name="iterations"/> times between two reads of the counter, all on a new dedicated thread; returns
    /// the bytes allocated by the measured iterations.
    /// </summary>
    public static AllocationReport Measure(Action action, int iterations, int warmUp = 1000)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmUp);
        long bytes = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < warmUp; i++)
                {
                    action();
                }

                long start = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < iterations; i++)
                {
                    action();
                }

                bytes = GC.GetAllocatedBytesForCurrentThread() - start;
            }
            catch (Exception error)
            {
                failure = error;
            }
        })
        {
            IsBackground = true,
            Name = "Reflow.Testing allocation meter",
        };
        thread.Start();
        thread.Join();
        return failure is null
            ? new AllocationReport("the measured section", bytes, iterations)
            : throw new ReflowAssertionException($"The measured section threw: {failure.Message}", failure);
    }
}
