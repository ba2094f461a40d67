namespace Reflow.Graphs;

/// <summary>A node of a graph: an instance of a component. Immutable; the graph replaces it on every change.</summary>
/// <param name="Id">The node's id, unique in its graph (case-sensitive).</param>
/// <param name="Component">The component's name, resolved by a registry when a network is built.</param>
/// <param name="Metadata">Position, label, configuration and anything else a tool or actor wants to keep.</param>
public sealed record GraphNode(string Id, string Component, GraphMetadata Metadata);
