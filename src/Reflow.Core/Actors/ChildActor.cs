namespace Reflow.Actors;

/// <summary>
/// A child actor an actor spawned while the network runs (<see cref="ActorContext.Spawn"/>): the handle its parent
/// sends through (<see cref="ActorContext.Send(ChildActor, in Messages.Message)"/>) and completes
/// (<see cref="ActorContext.Complete"/>). Only the parent that spawned it may use it. See docs/spawning.md.
/// </summary>
/// <remarks>
/// The child runs on its parent's worker, over its own bounded edges, and is collected (its actor stopped, its cell
/// and edges released) once its input is completed and everything it emitted has reached the parent.
/// </remarks>
public abstract class ChildActor
{
    private protected ChildActor(string id, ComponentDescription component)
    {
        Id = id;
        Component = component;
    }

    /// <summary>
    /// The child's id: its parent's node id, a slash and its number among the parent's spawns (from 1): <c>parent/3</c>;
    /// with <see cref="SpawnOptions.Name"/>, the name and <c>#</c> before the number: <c>parent/worker#3</c>.
    /// </summary>
    public string Id { get; }

    /// <summary>The child's component.</summary>
    public ComponentDescription Component { get; }

    /// <summary>Whether the child's input has ended (<see cref="ActorContext.Complete"/>, or its parent stopped): nothing more can be sent to it.</summary>
    public bool IsInputCompleted { get; private protected set; }

    /// <summary>Whether the child has finished and been collected: its actor stopped, everything it emitted reached the parent.</summary>
    public bool IsCollected { get; private protected set; }

    /// <inheritdoc />
    public override string ToString() => Id;
}
