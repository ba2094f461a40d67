namespace Reflow.Actors;

/// <summary>
/// An actor with no in-ports that produces messages until it says it is done: the runtime calls
/// <see cref="Produce"/> whenever its out-edges have room, so a source is throttled by backpressure instead of
/// filling memory.
/// </summary>
public abstract class SourceActor : Actor
{
    /// <summary>
    /// Emits the next chunk (keep it bounded: a few hundred messages at most per call) and says whether more
    /// follow.
    /// </summary>
    public abstract SourceStatus Produce(ActorContext context);

    /// <summary>Sources have no in-ports, so nothing is ever received.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public sealed override void Receive(ActorContext context) =>
        throw new InvalidOperationException($"Node '{context.NodeId}' is a source ({context.Component.Name}) and has no in-ports to receive on.");
}
