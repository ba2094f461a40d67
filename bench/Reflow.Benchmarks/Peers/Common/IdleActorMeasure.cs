using System.Diagnostics;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// B7's measurement, shared by every variant: after a full collection, start <c>actors</c> actors (or blocks, or
/// tasks) and send each one message; once every one has handled it, the elapsed time is the start-up time and a
/// second full collection gives the retained bytes per idle actor. The variant's teardown runs afterwards,
/// outside both figures.
/// </summary>
public static class IdleActorMeasure
{
    /// <summary>
    /// Measures one start-up. <paramref name="start"/> starts the actors, sends each its first message (each signals
    /// the countdown when it has handled it) and returns the teardown.
    /// </summary>
    public static async Task RunAsync(CaseMetrics metrics, int actors, Func<Countdown, Task<Func<Task>>> start)
    {
        long before = CollectedHeap();
        var handled = new Countdown(actors);
        long startedAt = Stopwatch.GetTimestamp();
        Func<Task> teardown = await start(handled).ConfigureAwait(false);
        await handled.Done.ConfigureAwait(false);
        double startMilliseconds = Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;
        long after = CollectedHeap();
        await teardown().ConfigureAwait(false);

        Expect.Equal(actors, handled.Count, "actors that handled their first message");
        metrics.AddMedian("start ms", startMilliseconds);
        metrics.AddMedian("B/actor", (after - before) / (double)actors);
    }

    private static long CollectedHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
