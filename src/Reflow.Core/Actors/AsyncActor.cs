namespace Reflow.Actors;

/// <summary>
/// An actor that awaits: its receive returns a <see cref="ValueTask"/>, for actors that wait on I/O or on another
/// process (a script worker, a remote edge) without holding a thread.
/// </summary>
/// <remarks>
/// <para>It runs on an execution pool (<see cref="ExecutionPools.Async"/> unless its component or node names
/// another), never on a worker thread. A node gets one message at a time: the next is handed over only when the
/// previous call's task has completed, so the order of every in-edge holds, and the message keeps its edge's credit
/// until then (backpressure as for any actor). The run does not finish while a call is in flight.</para>
/// <para>The <see cref="ActorContext"/> may be used after an await, from whatever thread the continuation runs on:
/// emissions are handed to the node's pool thread in the order they were made, before the next message.
/// <see cref="ActorContext.Message"/> and the in-port stay those of the call in flight.</para>
/// <para>A task that faults (or an exception thrown before the first await) is supervised like a failure of
/// <see cref="Actor.Receive"/>: retried, restarted, stopped or resumed by the node's <see cref="SupervisionPolicy"/>.
/// The token is cancelled when the network stops without draining; then the message in flight goes to the dead
/// letters.</para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class Lookup : AsyncActor
/// {
///     public override async ValueTask ReceiveAsync(ActorContext context, CancellationToken cancellationToken)
///     {
///         string answer = await client.GetStringAsync(context.Message.AsString(), cancellationToken);
///         context.Emit("out", Message.String(answer));
///     }
/// }
/// </code>
/// </example>
public abstract class AsyncActor : Actor
{
    /// <summary>Handles <see cref="ActorContext.Message"/>; the node's next message waits until the returned task completes.</summary>
    /// <param name="context">The node's context, usable after any await.</param>
    /// <param name="cancellationToken">Cancelled when the network stops without draining.</param>
    public abstract ValueTask ReceiveAsync(ActorContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <see cref="ReceiveAsync"/> to completion on the calling thread, without cancellation. The runtime never
    /// calls this (it calls <see cref="ReceiveAsync"/> and does not wait); it serves code that drives an actor by hand.
    /// </summary>
    public sealed override void Receive(ActorContext context)
    {
        ValueTask pending = ReceiveAsync(context, CancellationToken.None);
        if (pending.IsCompletedSuccessfully)
        {
            return;
        }

        pending.AsTask().GetAwaiter().GetResult();
    }
}
