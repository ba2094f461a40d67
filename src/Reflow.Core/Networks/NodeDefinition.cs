using Reflow.Actors;

namespace Reflow.Networks;

/// <summary>A node of a built network: its id, component and resolved configuration.</summary>
/// <param name="Index">The node's position in <see cref="NetworkDefinition.Nodes"/>.</param>
/// <param name="Id">The node id.</param>
/// <param name="Component">The component that makes the node's actor.</param>
/// <param name="Configuration">The node's resolved configuration.</param>
public sealed record NodeDefinition(int Index, string Id, Component Component, ActorConfiguration Configuration)
{
    /// <summary>The node's own supervision policy; null for the network's default (<see cref="NetworkOptions.Supervision"/>).</summary>
    public SupervisionPolicy? Supervision { get; init; }

    /// <summary>
    /// What the node may reach, in place of the network's grant (<see cref="NetworkOptions.Permissions"/>); null for the
    /// network's. Set with <see cref="NetworkBuilder.Permit"/>: a script node can get a grant of its own.
    /// </summary>
    public Permissions.PermissionSet? Permissions { get; init; }
}
