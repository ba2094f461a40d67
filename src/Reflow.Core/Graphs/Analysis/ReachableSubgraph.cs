namespace Reflow.Graphs.Analysis;

/// <summary>What a packet leaving a node can reach.</summary>
/// <param name="Start">The node it starts from.</param>
/// <param name="Nodes">Every node reachable from <paramref name="Start"/> (itself included), in graph order.</param>
/// <param name="Connections">The connections between those nodes, in graph order.</param>
/// <param name="ExitPoints">The reachable nodes where flow leaves: no outgoing connection, or an exported out-port on them.</param>
public sealed record ReachableSubgraph(string Start, IReadOnlyList<string> Nodes, IReadOnlyList<GraphConnection> Connections, IReadOnlyList<string> ExitPoints);
