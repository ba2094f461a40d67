using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// The count of outstanding work that tells when a run is finished: every envelope posted and not yet handled,
/// every message held in an out-buffer, every pending retry, timer and keep-alive, and every exported in-port the
/// host has not completed. The one owner of that count: every change goes through a method of this type.
/// </summary>
/// <remarks>
/// <para>Design: the count is kept in two parts so that workers do not fight over one cache line per message:</para>
/// <list type="bullet">
/// <item>work posted to another worker's ring, or from a thread that is not a worker (the host, a timer, the
/// start-up), is added to the shared <c>_shared</c> at once, before it is posted;</item>
/// <item>everything a worker counts for itself (local posts, held messages, and every "handled") goes into its
/// own <see cref="WorkerShare"/> (a struct inside the worker, on the worker's padded line), added to the shared
/// count only when the worker has run out of local work (<see cref="Flush"/>).</item>
/// </list>
/// <para>Every chain of local work on a worker descends from an envelope counted in the shared count, whose
/// "handled" sits in the worker's share until the chain is done, so the shared count cannot reach zero while any
/// worker still has work; and it reaches zero at the flush or host call that retires the last piece.</para>
/// <para>Invariants (checked in Debug builds by <see cref="AssertInvariants"/>, which throws): the shared count and
/// the host waits never go below zero; a worker's reserve stays between 0 and <see cref="ReserveChunk"/>; only a
/// worker's own thread (or, before it starts, the thread that builds the run) changes its share; and when a run
/// finishes by itself every worker's share is settled (<see cref="AssertSettled"/>).</para>
/// </remarks>
internal sealed class OutstandingWork(EventHub events)
{
    /// <summary>How many units a worker adds to the shared count at once, to spend on posts to other workers.</summary>
    public const int ReserveChunk = 64;

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _shared;
    private long _hostWaits; // outstanding work that only waits for the host: open inputs, a started network's keep-alive

    /// <summary>Completes when the count reaches zero (or the run is aborted or failed).</summary>
    public Task Finished => _finished.Task;

    /// <summary>The shared part of the count now (tests and diagnostics; not the true count while workers hold balances).</summary>
    public long Shared => Interlocked.Read(ref _shared);

    /// <summary>Counts new work held by the calling thread (<paramref name="current"/>: its worker, or null), or that it posts to its own worker.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long count, Worker? current)
    {
        if (current is not null)
        {
            AddLocal(current, count);
        }
        else
        {
            Added(Interlocked.Add(ref _shared, count)); // the host, a timer, the start-up: no share of its own
        }
    }

    /// <summary>Counts one piece of work about to be posted to <paramref name="target"/> by <paramref name="current"/> (null: not a worker).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddForPost(Worker target, Worker? current)
    {
        if (current == target)
        {
            AddLocal(current, 1); // a post to its own local queue: retired by the same worker
        }
        else
        {
            AddForOtherWorker(current);
        }
    }

    /// <summary>
    /// Counts work about to be posted to another worker, in the shared count before the post (the target may
    /// handle and flush it at once). A worker does not pay an interlocked add per post: it adds a chunk of units
    /// ahead (its reserve) and spends them one by one. The shared count is then never below the true count, so
    /// the run cannot be seen finished early; unspent units go back when the worker flushes before it waits, so an
    /// idle network's count can reach zero.
    /// </summary>
    public void AddForOtherWorker(Worker? current)
    {
        if (current is null)
        {
            Added(Interlocked.Increment(ref _shared)); // the host, a timer, the start-up
            return;
        }

        ref WorkerShare share = ref current.Work;
        AssertOwner(current);
        if (share.Reserve == 0)
        {
            Added(Interlocked.Add(ref _shared, ReserveChunk)); // one interlocked add per chunk of posts
            share.Reserve = ReserveChunk;
        }

        share.Reserve--;
    }

    /// <summary>
    /// The worker of this run the calling thread is, or null: a worker of another network (an actor that feeds a
    /// second network, say) is "not a worker" here, so its counts never mix with this run's.
    /// </summary>
    public Worker? CurrentWorker => Worker.Current is { } current && current.Outstanding == this ? current : null;

    /// <summary>Counts new work held by the calling thread, whatever thread it is.</summary>
    public void Add(long count) => Add(count, CurrentWorker);

    /// <summary>One piece of work is fully handled, on the calling thread, whatever thread it is.</summary>
    public void Retire() => Retire(CurrentWorker);

    /// <summary>One piece of work is fully handled, on the calling thread (its consequences already counted).</summary>
    public void Retire(Worker? current)
    {
        if (current is not null)
        {
            RetireLocal(current);
        }
        else
        {
            Retired(Interlocked.Decrement(ref _shared));
        }
    }

    /// <summary>One more piece of work counted by <paramref name="current"/> (the calling thread's own worker).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddLocal(Worker current, long count = 1)
    {
        AssertOwner(current);
        current.Work.Balance += count;
    }

    /// <summary>One piece of work handled by <paramref name="owner"/> (the calling thread's own worker).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RetireLocal(Worker owner)
    {
        AssertOwner(owner);
        owner.Work.Balance--;
    }

    /// <summary>
    /// A held message counted in <paramref name="current"/>'s share leaves for another worker: that worker will
    /// retire it and may flush first, so its count must be in the shared one before it leaves.
    /// </summary>
    public void HandOver(Worker current)
    {
        AddForOtherWorker(current);
        RetireLocal(current);
    }

    /// <summary>Adds outstanding work that only waits for the host (see <see cref="NetworkEventKind.Idle"/>).</summary>
    public void AddHostWait(long count)
    {
        Interlocked.Add(ref _hostWaits, count); // before the shared count: the idle test never sees more waits than work
        Added(Interlocked.Add(ref _shared, count));
    }

    /// <summary>Retires one piece of host-wait work added by <see cref="AddHostWait"/> (any thread that is not a worker of the run).</summary>
    public void RetireHostWait()
    {
        Interlocked.Decrement(ref _hostWaits);
        Retire(CurrentWorker);
    }

    /// <summary>Adds a worker's balance to the shared count; called by the worker when it has no local work left.</summary>
    public void Flush(Worker worker)
    {
        AssertOwner(worker);
        ref WorkerShare share = ref worker.Work;
        long balance = share.Balance - share.Reserve; // unspent reserve goes back (see AddForOtherWorker)
        share.Balance = 0; // both, always: a balance equal to the reserve cancels out but is settled all the same
        share.Reserve = 0;
        if (balance != 0)
        {
            Retired(Interlocked.Add(ref _shared, balance));
        }
    }

    /// <summary>
    /// Called when the count reaches zero, before the run is declared finished: true if it posted more work (the run
    /// goes on). The network uses it to end the streams a cycle keeps open (see <c>NetworkRun.EndQuietStreams</c>).
    /// </summary>
    public Func<bool>? WhenQuiet { get; set; }

    /// <summary>Starts the count check: a network with no work at all is finished at once.</summary>
    public void CheckFinishedAtStart()
    {
        if (Interlocked.Read(ref _shared) == 0)
        {
            Quiet();
        }
    }

    /// <summary>The count is zero: nothing runs and nothing is queued. Finish, unless the network has more to do.</summary>
    private void Quiet()
    {
        if (_finished.Task.IsCompleted || WhenQuiet?.Invoke() != true)
        {
            _finished.TrySetResult();
        }
    }

    /// <summary>Ends the run now, whatever is outstanding (a stop without drain, a cancellation, a dispose).</summary>
    public void Abort() => _finished.TrySetResult();

    /// <summary>Ends the run with <paramref name="error"/> (a worker failed, a deadlock was found).</summary>
    public void Fail(Exception error) => _finished.TrySetException(error);

    /// <summary>
    /// Debug builds: after a run finished by itself (not aborted), every worker has handed its whole share to the
    /// shared count: a worker that still held a balance counted work that no one will ever retire, or retired work
    /// that was never counted.
    /// </summary>
    [Conditional("DEBUG")]
    public static void AssertSettled(Worker[] workers)
    {
        foreach (Worker worker in workers)
        {
            if (worker.Work.Balance != 0 || worker.Work.Reserve != 0)
            {
                ThrowOnBrokenInvariant(
                    $"Worker {worker.Index} ended a finished run with a balance of {worker.Work.Balance} and a reserve of {worker.Work.Reserve}: " +
                    "a worker flushes its whole share before it waits, so both must be zero once the run is finished.");
            }
        }
    }

    /// <summary>Runs after work was added to the shared count (<paramref name="shared"/>: the count now).</summary>
    private void Added(long shared) => AssertInvariants(shared);

    /// <summary>Runs after work was retired from the shared count (or a flush): checks it, then finishes the run or reports it idle.</summary>
    private void Retired(long shared)
    {
        AssertInvariants(shared);
        if (shared == 0)
        {
            Quiet();
        }
        else if (events.Enabled && shared == Volatile.Read(ref _hostWaits))
        {
            events.Publish(NetworkEventKind.Idle); // everything left waits for the host
        }
    }

    /// <summary>Debug builds: the shared count just written (<paramref name="shared"/>) and the host waits are not below zero.</summary>
    [Conditional("DEBUG")]
    private void AssertInvariants(long shared)
    {
        if (shared < 0)
        {
            ThrowOnBrokenInvariant(
                $"The outstanding-work count went to {shared}: it must never be below zero. A piece of work was retired twice, " +
                "or retired without having been counted, so the run could be seen finished while work remains.");
        }

        long waits = Volatile.Read(ref _hostWaits);
        if (waits < 0)
        {
            ThrowOnBrokenInvariant($"The host waits went to {waits}: each open exported in-port and keep-alive must be completed once.");
        }
    }

    /// <summary>Debug builds: only a worker's own thread changes its share (before its thread starts: the thread that builds the run).</summary>
    [Conditional("DEBUG")]
    private static void AssertOwner(Worker worker)
    {
        if (worker.IsStarted && Worker.Current != worker)
        {
            ThrowOnBrokenInvariant(
                $"Worker {worker.Index}'s share of the outstanding-work count was changed from another thread: only the worker's own thread " +
                "may change it, since it is plain (not interlocked) arithmetic.");
        }

        if (worker.Work.Reserve is < 0 or > ReserveChunk)
        {
            ThrowOnBrokenInvariant(
                $"Worker {worker.Index}'s reserve is {worker.Work.Reserve}: it must stay between 0 and {ReserveChunk}, the units added ahead to the shared count and not yet spent.");
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    [StackTraceHidden]
    private static void ThrowOnBrokenInvariant(string message) => throw new InvalidOperationException(message);

    /// <summary>
    /// A worker's part of the count: what it counted or retired and has not yet added to the shared count
    /// (<see cref="Balance"/>), and the units it added ahead and has not spent (<see cref="Reserve"/>). Lives inside
    /// the worker, on its own padded line; only the methods of <see cref="OutstandingWork"/> change it.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct WorkerShare
    {
        /// <summary>Counted minus retired on this worker since its last flush; may be negative.</summary>
        public long Balance;

        /// <summary>Units added to the shared count ahead of posts to other workers and not spent yet.</summary>
        public long Reserve;
    }
}
