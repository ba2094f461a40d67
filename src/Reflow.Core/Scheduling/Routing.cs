using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// Sends a message over an edge whose credit the caller holds: counts it as outstanding work and posts its
/// Deliver envelope to the target's worker (its local queue when that is the caller's own worker), or hands it
/// to the host when the edge is an exported out-port.
/// </summary>
internal static class Routing
{
    /// <summary>Sends from the calling thread, whatever it is; false only if a host output was already closed.</summary>
    public static bool Send(OutstandingWork work, Edge edge, in Message message) => Send(work, edge, message, work.CurrentWorker);

    /// <summary>As <see cref="Send(OutstandingWork, Edge, in Message)"/>, for a caller that knows the worker it runs on (null: not a worker).</summary>
    public static bool Send(OutstandingWork work, Edge edge, in Message message, Worker? current)
    {
        if (edge.HostOutput is { } output)
        {
            return output.Enqueue(message); // not outstanding work: it waits for the host, holding its credit
        }

        Worker target = edge.TargetWorker!;
        work.AddForPost(target, current);
        target.Post(Envelope.Deliver(edge, message), current);
        return true;
    }

    /// <summary>
    /// Sends a message from an out-buffer (already counted, in the caller's share) over an edge whose credit the
    /// caller holds; false as <see cref="Send(OutstandingWork, Edge, in Message)"/>.
    /// </summary>
    public static bool SendHeld(OutstandingWork work, Edge edge, in Message message)
    {
        Worker? current = work.CurrentWorker;
        if (edge.HostOutput is { } output)
        {
            bool handed = output.Enqueue(message);
            work.Retire(current);
            return handed;
        }

        Worker target = edge.Target!.Worker;
        if (current is not null && current != target)
        {
            work.HandOver(current);
        }

        target.Post(Envelope.Deliver(edge, message));
        return true;
    }

    /// <summary>
    /// Sends the end-of-edge marker (ActorCell.Streams): like a message, but without a credit (it is not one, and a
    /// full edge must not keep its end from being known). For an exported out-port, the host's reader completes.
    /// </summary>
    public static void SendEndOfEdge(OutstandingWork work, Edge edge, Worker? current) => SendMarker(work, edge, Messages.Message.EndOfEdge, current);

    /// <summary>As <see cref="SendEndOfEdge"/>, for either marker (the end of the edge, or its detach by a live edit).</summary>
    public static void SendMarker(OutstandingWork work, Edge edge, in Messages.Message marker, Worker? current)
    {
        if (edge.HostOutput is { } output)
        {
            output.Complete(); // what was handed over can still be read; then ReadAllAsync ends
            return;
        }

        Worker target = edge.TargetWorker!;
        work.AddForPost(target, current);
        target.Post(Envelope.Deliver(edge, marker), current);
    }

    /// <summary>As <see cref="SendEndOfEdge"/>, for a marker that waited in an out-buffer (already counted, in the caller's share).</summary>
    public static void SendHeldEndOfEdge(OutstandingWork work, Edge edge, in Messages.Message marker)
    {
        Worker? current = work.CurrentWorker;
        if (edge.HostOutput is { } output)
        {
            output.Complete();
            work.Retire(current);
            return;
        }

        Worker target = edge.Target!.Worker;
        if (current is not null && current != target)
        {
            work.HandOver(current);
        }

        target.Post(Envelope.Deliver(edge, marker));
    }
}
