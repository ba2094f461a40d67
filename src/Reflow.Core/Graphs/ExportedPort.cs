namespace Reflow.Graphs;

/// <summary>
/// A port of the graph as a whole: a public name for one node's port. A graph with exported ports can be used
/// as a component inside another graph, and a host sends to and reads from these ports.
/// </summary>
/// <param name="Direction">In or out.</param>
/// <param name="Name">The public name, unique per direction (matched as <see cref="Graph.CaseSensitive"/> says).</param>
/// <param name="Target">The node port behind it.</param>
/// <param name="Metadata">Position and anything else a tool wants to keep.</param>
public sealed record ExportedPort(PortDirection Direction, string Name, NodePort Target, GraphMetadata Metadata);
