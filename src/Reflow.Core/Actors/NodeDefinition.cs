namespace Reflow.Actors;

/// <summary>A node of a built network: its id, component and resolved configuration.</summary>
/// <remarks>
/// It lives in the Actors layer, not in Networks, because everything in it is actor vocabulary (a component, its
/// configuration, a supervision policy, a grant) and the scheduler needs all of it for each actor it runs: one
/// reference to this record per actor costs less than copying its parts into every actor cell, and keeps the
/// scheduler from depending on the network layer above it (DESIGN §2).
/// </remarks>
/// <param name="Index">The node's position in <see cref="Networks.NetworkDefinition.Nodes"/>.</param>
/// <param name="Id">The node id.</param>
/// <param name="Component">The component that makes the node's actor.</param>
/// <param name="Configuration">The node's resolved configuration.</param>
public sealed record NodeDefinition(int Index, string Id, Component Component, ActorConfiguration Configuration)
{
    /// <summary>The node's own supervision policy; null for the network's default (<see cref="Networks.NetworkOptions.Supervision"/>).</summary>
    public SupervisionPolicy? Supervision { get; init; }

    /// <summary>
    /// What the node may reach, in place of the network's grant (<see cref="Networks.NetworkOptions.Permissions"/>); null for the
    /// network's. Set with <see cref="Networks.NetworkBuilder.Permit"/>: a script node can get a grant of its own.
    /// </summary>
    public Permissions.PermissionSet? Permissions { get; init; }

    /// <summary>The execution pool the node runs on (its <c>pool</c> metadata); null for its component's (<see cref="ComponentDescription.Pool"/>).</summary>
    /// <remarks>Read from the configuration rather than kept in a field: a field of its own made every node 8 bytes
    /// larger (B7, bytes per idle actor, 505 → 513), and the pool is read only while the network is built.</remarks>
    public string? Pool =>
        Configuration.Values.TryGetValue(ExecutionPools.MetadataKey, out Messages.Message value) && value.TryGetString(out string? pool)
        && !string.IsNullOrWhiteSpace(pool) ? pool : null;
}
