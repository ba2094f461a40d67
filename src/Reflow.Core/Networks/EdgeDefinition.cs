namespace Reflow.Networks;

/// <summary>A resolved edge: node and port indices, so the runtime never looks a name up.</summary>
/// <param name="FromNode">Index of the source node.</param>
/// <param name="FromPort">Index of the source node's out-port.</param>
/// <param name="ToNode">Index of the target node.</param>
/// <param name="ToPort">Index of the target node's in-port.</param>
/// <param name="Capacity">How many messages the edge holds before its producer is held back.</param>
public sealed record EdgeDefinition(int FromNode, int FromPort, int ToNode, int ToPort, int Capacity)
{
    /// <summary>
    /// The edge never holds its producer back: it grows past <see cref="Capacity"/> instead. For breaking the
    /// deadlock of a cycle of full edges; both ends run on one worker, so the excess waits in that worker's
    /// local queue. Memory is then bounded only by what the cycle produces.
    /// </summary>
    public bool Elastic { get; init; }

    /// <summary>The index of the addressable out-port <see cref="FromPort"/> the edge leaves (<c>OUT[2]</c>: 2); -1 for a plain port.</summary>
    public int FromIndex { get; init; } = -1;

    /// <summary>The index of the addressable in-port <see cref="ToPort"/> the edge reaches; -1 for a plain port.</summary>
    public int ToIndex { get; init; } = -1;

    /// <summary>
    /// The edge's stable id, as a graph file writes the connection: <c>source.OUT[1] -> target.IN</c> (the index only
    /// for an addressable port), with <c> #2</c>, <c> #3</c>… appended to the second and later copies of a connection
    /// written more than once. The same in every load of the same graph; set by <see cref="NetworkDefinition"/>.
    /// </summary>
    public string Id { get; internal init; } = "";
}
