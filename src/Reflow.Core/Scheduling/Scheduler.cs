using Reflow.Messages;

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

    public Task Finished => _finished.Task;

    /// <summary>Counts new work that the current thread will post to its own worker, or that it holds.</summary>
    public void AddOutstanding(long count)
    {
        Worker? current = Worker.Current;
        if (current is not null)
        {
            current.Balance += count;
        }
        else
        {
            Interlocked.Add(ref _outstanding, count);
        }
    }

    /// <summary>Counts new work that will be posted to <paramref name="target"/>: at once unless that is the current worker.</summary>
    public void AddOutstandingFor(Worker target)
    {
        if (Worker.Current == target)
        {
            target.Balance++;
        }
        else
        {
            Interlocked.Increment(ref _outstanding); // before the post: the target may handle and flush it at once
        }
    }

    /// <summary>One piece of work is fully handled (its consequences already counted).</summary>
    public void CompleteOne()
    {
        Worker? current = Worker.Current;
        if (current is not null)
        {
            current.Balance--;
        }
        else if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _finished.TrySetResult();
        }
    }

    /// <summary>Adds a worker's balance to the shared count; called when the worker has no local work left.</summary>
    public void Flush(Worker worker)
    {
        long balance = worker.Balance;
        if (balance != 0)
        {
            worker.Balance = 0;
            if (Interlocked.Add(ref _outstanding, balance) == 0)
            {
                _finished.TrySetResult();
            }
        }
    }

    /// <summary>Starts the count check: a network with no work at all is finished at once.</summary>
    public void CheckFinishedAtStart()
    {
        if (Interlocked.Read(ref _outstanding) == 0)
        {
            _finished.TrySetResult();
        }
    }

    public void Fail(Exception error) => _finished.TrySetException(error);

    /// <summary>Sends a message over an edge whose credit the caller holds.</summary>
    public void Send(Edge edge, in Message message)
    {
        if (edge.HostOutput is { } output)
        {
            output.Enqueue(message); // not outstanding work: it waits for the host, holding its credit
            return;
        }

        AddOutstandingFor(edge.Target!.Worker);
        Post(edge, message);
    }

    /// <summary>Sends a message from an out-buffer (already counted) over an edge whose credit the caller holds.</summary>
    public void SendHeld(Edge edge, in Message message)
    {
        if (edge.HostOutput is { } output)
        {
            output.Enqueue(message);
            CompleteOne();
            return;
        }

        Worker target = edge.Target!.Worker;
        Worker? current = Worker.Current;
        if (current is not null && current != target)
        {
            // The held message was counted in this worker's deferred balance; another worker will retire it and
            // may flush first, so its count must be in the shared one before it leaves.
            Interlocked.Increment(ref _outstanding);
            current.Balance--;
        }

        Post(edge, message);
    }

    private static void Post(Edge edge, in Message message) =>
        edge.Target!.Worker.Post(new Envelope { Cell = edge.Target, Edge = edge, InPort = edge.TargetPort, Message = message, Kind = EnvelopeKind.Deliver });
}
