using Reflow.Rings;
using Reflow.Scheduling;

namespace Reflow.Tests.Scheduling;

/// <summary>
/// The count of outstanding work that tells when a run is finished (see <see cref="OutstandingWork"/>'s remarks),
/// and its invariants: the test project builds Debug, where a broken invariant throws.
/// </summary>
public sealed class OutstandingWorkTests
{
    private static (OutstandingWork Work, Worker Worker) Create()
    {
        var run = new NetworkRun(TimeProvider.System, deadLetterCapacity: 16);
        return (run.Work, new Worker(0, 64, run, new SpinYieldParkWaitStrategy(), "test worker"));
    }

    [Theory]
    [InlineData(5, 59)] // balance 5, reserve 5: cancels out, the interlocked add is skipped, but both must still be settled
    [InlineData(7, 61)] // balance 7, reserve 3
    [InlineData(0, 1)] // balance 0, reserve 63
    [InlineData(-2, 0)] // two pieces counted by the host, handled on the worker
    public void A_flush_settles_the_balance_and_the_reserve_whatever_they_are(long balance, int postsToOtherWorkers)
    {
        (OutstandingWork work, Worker worker) = Create();
        work.Add(Math.Max(0, -balance), current: null); // what a negative balance retires was counted by the host
        for (int i = 0; i < postsToOtherWorkers; i++)
        {
            work.AddForOtherWorker(worker);
        }

        for (long i = 0; i < Math.Abs(balance); i++)
        {
            if (balance > 0)
            {
                OutstandingWork.AddLocal(worker);
            }
            else
            {
                OutstandingWork.RetireLocal(worker);
            }
        }

        Assert.Equal(balance, worker.Work.Balance);
        Assert.Equal(postsToOtherWorkers == 0 ? 0 : OutstandingWork.ReserveChunk - postsToOtherWorkers, worker.Work.Reserve);

        work.Flush(worker);

        Assert.Equal((0L, 0L), (worker.Work.Balance, worker.Work.Reserve));
        Assert.Equal(Math.Max(0, balance) + postsToOtherWorkers, work.Shared); // the balance and the spent reserve remain
    }

    [Fact]
    public void Reserved_units_keep_the_run_open_until_the_flush_returns_the_unspent_ones()
    {
        (OutstandingWork work, Worker worker) = Create();
        work.Add(1, null); // one piece of work from the host
        work.AddForOtherWorker(worker); // the worker counts a post: a chunk is reserved, one unit spent

        work.Retire(null); // the host's piece is done (on a non-worker thread)
        Assert.False(work.Finished.IsCompleted); // the spent unit (the post) is still outstanding

        OutstandingWork.RetireLocal(worker); // the post is handled on the worker it went to (here the same object, for the count)
        work.Flush(worker);
        Assert.True(work.Finished.IsCompleted);
    }

    [Fact]
    public void Host_waits_keep_the_run_open_until_each_is_retired()
    {
        (OutstandingWork work, _) = Create();
        work.AddHostWait(2);
        work.CheckFinishedAtStart();

        work.RetireHostWait();
        Assert.False(work.Finished.IsCompleted);
        work.RetireHostWait();
        Assert.True(work.Finished.IsCompleted);
    }

#if DEBUG
    [Fact]
    public void Debug_retiring_work_that_was_never_counted_breaks_the_invariant()
    {
        (OutstandingWork work, _) = Create();

        var error = Assert.Throws<InvalidOperationException>(() => work.Retire(null));

        Assert.Contains("went to -1: it must never be below zero", error.Message);
    }

    [Fact]
    public void Debug_a_flush_that_retires_more_than_was_counted_breaks_the_invariant()
    {
        (OutstandingWork work, Worker worker) = Create();
        work.Add(1, null);
        OutstandingWork.RetireLocal(worker);
        OutstandingWork.RetireLocal(worker); // handled twice

        var error = Assert.Throws<InvalidOperationException>(() => work.Flush(worker));

        Assert.Contains("retired twice", error.Message);
    }

    [Fact]
    public void Debug_completing_a_host_wait_twice_breaks_the_invariant()
    {
        (OutstandingWork work, _) = Create();
        work.AddHostWait(1);
        work.Add(1, null); // other work, so the shared count alone stays above zero
        work.RetireHostWait();

        var error = Assert.Throws<InvalidOperationException>(work.RetireHostWait);

        Assert.Contains("host waits went to -1", error.Message);
    }

    [Fact]
    public void Debug_only_the_workers_own_thread_may_change_its_share_once_it_has_started()
    {
        (OutstandingWork work, Worker worker) = Create();
        work.Add(1, null);
        worker.MarkStarted(); // its thread "runs" from now on; this test thread is not it

        var error = Assert.Throws<InvalidOperationException>(() => OutstandingWork.RetireLocal(worker));

        Assert.Contains("changed from another thread", error.Message);
    }

    [Fact]
    public void Debug_a_worker_that_ends_a_finished_run_with_an_unsettled_share_breaks_the_invariant()
    {
        (OutstandingWork work, Worker worker) = Create();
        work.Add(1, null);
        OutstandingWork.AddLocal(worker); // counted, never flushed

        var error = Assert.Throws<InvalidOperationException>(() => OutstandingWork.AssertSettled([worker]));

        Assert.Contains("balance of 1", error.Message);
    }
#endif
}
