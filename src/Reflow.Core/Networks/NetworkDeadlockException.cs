namespace Reflow.Networks;

/// <summary>
/// The network wedged: the actors in <see cref="Nodes"/> wait on each other in a cycle of full edges, so no
/// message can move again. Raise the capacities on the cycle, or mark one of its edges elastic
/// (<see cref="NetworkBuilder.Connect"/>).
/// </summary>
public sealed class NetworkDeadlockException : InvalidOperationException
{
    /// <summary>Creates the exception for the cycle <paramref name="nodes"/>, described edge by edge in <paramref name="message"/>.</summary>
    public NetworkDeadlockException(IReadOnlyList<string> nodes, string message) : base(message) => Nodes = nodes;

    /// <summary>The node ids of the cycle, each waiting on the next (and the last on the first).</summary>
    public IReadOnlyList<string> Nodes { get; }
}
