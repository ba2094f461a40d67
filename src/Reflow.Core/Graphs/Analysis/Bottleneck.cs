namespace Reflow.Graphs.Analysis;

/// <summary>A place in a graph where throughput is likely to be limited (a candidate, to check with measurements).</summary>
/// <param name="Kind">Why it is a candidate.</param>
/// <param name="Nodes">The node, or the nodes of a chain in order.</param>
/// <param name="Reason">The numbers behind it, in English.</param>
public sealed record Bottleneck(BottleneckKind Kind, IReadOnlyList<string> Nodes, string Reason);
