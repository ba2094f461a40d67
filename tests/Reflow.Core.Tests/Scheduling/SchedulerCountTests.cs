using Reflow.Rings;
using Reflow.Scheduling;

namespace Reflow.Tests.Scheduling;

/// <summary>The count of outstanding work that tells when a run is finished (see Scheduler's remarks).</summary>
public sealed class SchedulerCountTests
{
    private static (Scheduler Scheduler, Worker Worker) Create()
    {
        var scheduler = new Scheduler(TimeProvider.System, deadLetterCapacity: 16);
        return (scheduler, new Worker(0, 64, scheduler, new SpinYieldParkWaitStrategy(), "test worker"));
    }

    [Theory]
    [InlineData(5, 5)] // cancels out: the interlocked add is skipped, but both must still be settled
    [InlineData(7, 3)]
    [InlineData(0, 64)]
    [InlineData(-2, 0)]
    public void A_flush_settles_the_balance_and_the_reserve_whatever_they_are(long balance, long reserve)
    {
        (Scheduler scheduler, Worker worker) = Create();
        worker.Balance = balance;
        worker.Reserve = reserve;

        scheduler.Flush(worker);

        Assert.Equal((0L, 0L), (worker.Balance, worker.Reserve));
    }

    [Fact]
    public void Reserved_units_keep_the_run_open_until_the_flush_returns_the_unspent_ones()
    {
        (Scheduler scheduler, Worker worker) = Create();
        scheduler.AddOutstanding(1, null); // one piece of work from the host
        scheduler.CountPostToOtherWorker(worker); // the worker counts a post: a chunk is reserved, one unit spent

        scheduler.CompleteOne(); // the host's piece is done (on a non-worker thread)
        Assert.False(scheduler.Finished.IsCompleted); // the spent unit (the post) is still outstanding

        worker.Balance--; // the post is handled on the worker it went to (here the same object, for the count)
        scheduler.Flush(worker);
        Assert.True(scheduler.Finished.IsCompleted);
    }
}
