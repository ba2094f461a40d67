using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// The workers of one run and the count of outstanding work that tells when the run is finished.
/// </summary>
/// <remarks>
/// Design: <c>_outstanding</c> counts every envelope posted and not yet handled, plus every message held in an
/// out-buffer. Work is counted before it is posted and uncounted only after everything it caused has been
/// counted, so the count reaches zero exactly once: when every source is done and every queue is empty. It is
/// one interlocked counter shared by all workers, simple and exact; per-worker counters with a quiescence scan
/// are the planned replacement once the runtime is profiled.
/// </remarks>
internal sealed class Scheduler
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _outstanding;

    public Task Finished => _finished.Task;

    public void AddOutstanding(long count) => Interlocked.Add(ref _outstanding, count);

    /// <summary>One piece of work is fully handled (its consequences already counted).</summary>
    public void CompleteOne()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _finished.TrySetResult();
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

        AddOutstanding(1);
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

        Post(edge, message);
    }

    private static void Post(Edge edge, in Message message) =>
        edge.Target!.Worker.Post(new Envelope { Cell = edge.Target, Edge = edge, InPort = edge.TargetPort, Message = message, Kind = EnvelopeKind.Deliver });
}
