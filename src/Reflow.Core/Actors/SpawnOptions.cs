namespace Reflow.Actors;

/// <summary>How <see cref="ActorContext.Spawn"/> wires and supervises a child actor. See docs/spawning.md.</summary>
public sealed record SpawnOptions
{
    /// <summary>No reply port, the default capacity, the parent's supervision policy, no name.</summary>
    public static SpawnOptions Default { get; } = new();

    /// <summary>
    /// The parent's in-port that receives what the child emits: each out-port of the child (except <c>error</c>) gets an
    /// edge to it, and a final failure of the child arrives there as an <see cref="Messages.MessageKind.Error"/>
    /// message. Null (the default): the child's out-ports stay unconnected (what it emits is dropped and counted).
    /// </summary>
    public string? ReplyTo { get; init; }

    /// <summary>
    /// The capacity of each edge from the parent into the child (messages sent and not yet handled); a full edge holds
    /// the parent back, as a full out-edge does. Null: <see cref="Networks.NetworkBuilder.DefaultEdgeCapacity"/>. The edge
    /// back to the parent is not bounded (see docs/spawning.md: a bounded loop between two actors can deadlock).
    /// </summary>
    public int? Capacity { get; init; }

    /// <summary>How the child's failures are handled; null: the parent's own policy.</summary>
    public SupervisionPolicy? Supervision { get; init; }

    /// <summary>A name in the child's id (<c>parent/name#3</c>); null: the number alone (<c>parent/3</c>).</summary>
    public string? Name { get; init; }
}
