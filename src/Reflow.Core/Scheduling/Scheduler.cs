using System.Diagnostics.Metrics;
using Reflow.Messages;
using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// The workers of one run and the count of outstanding work that tells when the run is finished.
/// </summary>
/// <remarks>
/// Design: the count of outstanding work is every envelope posted and not yet handled, plus every message held
/// in an out-buffer; the run is finished when it reaches zero. It is kept in two parts so that workers do not
/// fight over one cache line per message:
/// <list type="bullet">
/// <item>work posted to another worker's ring, or from a thread that is not a worker (the host, the start-up),
/// is added to the shared <c>_outstanding</c> at once, before it is posted;</item>
/// <item>everything a worker counts for itself (local posts, held messages, and every "handled") goes into its
/// own <see cref="Worker.Balance"/>, added to the shared count only when the worker has run out of local work.</item>
/// </list>
/// Every chain of local work on a worker descends from an envelope counted in the shared count, whose "handled"
/// sits in the worker's balance until the chain is done, so the shared count cannot reach zero while any worker
/// still has work; and it reaches zero at the flush or host call that retires the last piece.
/// </remarks>
internal sealed class Scheduler
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _outstanding;
    private long _idleLevel; // outstanding work that only waits for the host: open inputs, a started network's keep-alive
    private volatile bool _draining;

    public Scheduler(TimeProvider time, int deadLetterCapacity)
    {
        Time = time;
        Events = new EventHub(time);
        DeadLetters = new DeadLetterSink(deadLetterCapacity, Events);
    }

    public Task Finished => _finished.Task;

    /// <summary>
    /// The worker of this run the calling thread is, or null: a worker of another network (an actor that feeds a
    /// second network, say) is "not a worker" here, so its counts and queues never mix with this run's.
    /// </summary>
    private Worker? CurrentWorker => Worker.Current is { } current && current.Scheduler == this ? current : null;

    /// <summary>The clock of backoffs, circuit breakers and actor timers.</summary>
    public TimeProvider Time { get; }

    /// <summary>What nodes without a grant of their own may reach (<c>NetworkOptions.Permissions</c>).</summary>
    public Permissions.PermissionSet Permissions { get; init; } = Reflow.Permissions.PermissionSet.None;

    public EventHub Events { get; }

    public DeadLetterSink DeadLetters { get; }

    /// <summary>The run's first failures and their count.</summary>
    public FailureLog Failures { get; } = new();

    /// <summary>Processing time per invocation, recorded only while a listener has it enabled.</summary>
    public Histogram<double> ProcessingTime { get; set; } = null!;

    /// <summary>The tag that names the network on every measurement.</summary>
    public KeyValuePair<string, object?> NetworkTag { get; set; }

    /// <summary>The run's activity, parent of the failure activities.</summary>
    public System.Diagnostics.ActivityContext RunActivity { get; set; }

    /// <summary>A draining stop is under way: sources produce no more.</summary>
    public bool Draining => _draining;

    public void StartDraining() => _draining = true;

    /// <summary>Adds outstanding work that only waits for the host (see <see cref="NetworkEventKind.Idle"/>).</summary>
    public void AddHostWait(long count)
    {
        Interlocked.Add(ref _idleLevel, count);
        AddOutstanding(count);
    }

    /// <summary>Retires host-wait work added by <see cref="AddHostWait"/>.</summary>
    public void CompleteHostWait()
    {
        Interlocked.Decrement(ref _idleLevel);
        CompleteOne();
    }

    /// <summary>Counts new work that the current thread will post to its own worker, or that it holds.</summary>
    public void AddOutstanding(long count) => AddOutstanding(count, CurrentWorker);

    /// <summary>Counts new work that will be posted to <paramref name="target"/>: at once unless that is the current worker.</summary>
    public void AddOutstandingFor(Worker target)
    {
        Worker? current = CurrentWorker;
        if (current == target)
        {
            target.Balance++;
        }
        else
        {
            CountPostToOtherWorker(current);
        }
    }

    /// <summary>How many units a worker adds to the shared count at once, to spend on posts to other workers.</summary>
    private const int ReserveChunk = 64;

    /// <summary>
    /// Counts work about to be posted to another worker, in the shared count before the post (the target may
    /// handle and flush it at once). A worker does not pay an interlocked add per post: it adds a chunk of units
    /// ahead (<see cref="Worker.Reserve"/>) and spends them one by one. The shared count is then never below the
    /// true count, so the run cannot be seen finished early; unspent units go back when the worker flushes
    /// before it waits, so an idle network's count can reach zero.
    /// </summary>
    public void CountPostToOtherWorker(Worker? current)
    {
        if (current is null)
        {
            Interlocked.Increment(ref _outstanding); // the host, a timer, the start-up
            return;
        }

        if (current.Reserve == 0)
        {
            Interlocked.Add(ref _outstanding, ReserveChunk);
            current.Reserve = ReserveChunk;
        }

        current.Reserve--;
    }

    /// <summary>One piece of work is fully handled (its consequences already counted).</summary>
    public void CompleteOne()
    {
        Worker? current = CurrentWorker;
        if (current is not null)
        {
            current.Balance--;
        }
        else
        {
            Retired(Interlocked.Decrement(ref _outstanding));
        }
    }

    /// <summary>Adds a worker's balance to the shared count; called when the worker has no local work left.</summary>
    public void Flush(Worker worker)
    {
        long balance = worker.Balance - worker.Reserve; // unspent reserve goes back (see CountPostToOtherWorker)
        worker.Balance = 0; // both, always: a balance equal to the reserve cancels out but is settled all the same
        worker.Reserve = 0;
        if (balance != 0)
        {
            Retired(Interlocked.Add(ref _outstanding, balance));
        }
    }

    private void Retired(long outstanding)
    {
        if (outstanding == 0)
        {
            _finished.TrySetResult();
        }
        else if (Events.Enabled && outstanding == Volatile.Read(ref _idleLevel))
        {
            Events.Publish(NetworkEventKind.Idle); // everything left waits for the host
        }
    }

    /// <summary>Ends the run now, whatever is outstanding (a stop without drain, a cancellation, a dispose).</summary>
    public void Abort() => _finished.TrySetResult();

    /// <summary>Starts the count check: a network with no work at all is finished at once.</summary>
    public void CheckFinishedAtStart()
    {
        if (Interlocked.Read(ref _outstanding) == 0)
        {
            _finished.TrySetResult();
        }
    }

    public void Fail(Exception error) => _finished.TrySetException(error);

    /// <summary>Sends a message over an edge whose credit the caller holds; false only if a host output was already closed.</summary>
    public bool Send(Edge edge, in Message message) => Send(edge, message, CurrentWorker);

    /// <summary>As <see cref="Send(Edge, in Message)"/>, for a caller that knows the worker it runs on (null: not a worker).</summary>
    public bool Send(Edge edge, in Message message, Worker? current)
    {
        if (edge.HostOutput is { } output)
        {
            return output.Enqueue(message); // not outstanding work: it waits for the host, holding its credit
        }

        Worker target = edge.TargetWorker!;
        if (current == target)
        {
            target.Balance++;
        }
        else
        {
            CountPostToOtherWorker(current);
        }

        target.Post(new Envelope { Cell = edge.Target!, Edge = edge, InPort = edge.TargetPort, Message = message, Kind = EnvelopeKind.Deliver }, current);
        return true;
    }

    /// <summary>Counts new work held by the calling thread (<paramref name="current"/>: its worker, or null).</summary>
    public void AddOutstanding(long count, Worker? current)
    {
        if (current is not null)
        {
            current.Balance += count;
        }
        else
        {
            Interlocked.Add(ref _outstanding, count);
        }
    }

    /// <summary>Sends a message from an out-buffer (already counted) over an edge whose credit the caller holds; false as <see cref="Send(Edge, in Message)"/>.</summary>
    public bool SendHeld(Edge edge, in Message message)
    {
        if (edge.HostOutput is { } output)
        {
            bool handed = output.Enqueue(message);
            CompleteOne();
            return handed;
        }

        Worker target = edge.Target!.Worker;
        Worker? current = CurrentWorker;
        if (current is not null && current != target)
        {
            // The held message was counted in this worker's deferred balance; another worker will retire it and
            // may flush first, so its count must be in the shared one before it leaves.
            CountPostToOtherWorker(current);
            current.Balance--;
        }

        Post(edge, message);
        return true;
    }

    private static void Post(Edge edge, in Message message) =>
        edge.Target!.Worker.Post(new Envelope { Cell = edge.Target, Edge = edge, InPort = edge.TargetPort, Message = message, Kind = EnvelopeKind.Deliver });
}
