namespace Reflow.Graphs;

/// <summary>
/// One change to a graph, with the value before and after it (see <see cref="GraphChangeKind"/> for which
/// is set). Subscribers of <see cref="Graph.Changed"/> receive changes in the order they happen, after the
/// graph has applied them. Applying the changes of a transaction backwards with Before and After swapped
/// undoes it, which is what <see cref="GraphHistory"/> does.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Before">The element before the change, or null for an addition.</param>
/// <param name="After">The element after the change, or null for a removal.</param>
public sealed record GraphChange(GraphChangeKind Kind, object? Before, object? After)
{
    /// <summary>
    /// Where the element is (after an addition) or was (before a removal) in its graph's ordered list (nodes,
    /// connections, IIPs, exported ports of its direction, groups), so undoing a removal puts it back in
    /// place; -1 when it does not apply.
    /// </summary>
    public int Position { get; init; } = -1;

    /// <summary>The change that undoes this one.</summary>
    public GraphChange Inverse() => InverseKind() with { Position = Position };

    private GraphChange InverseKind() => Kind switch
    {
        GraphChangeKind.NodeAdded => new(GraphChangeKind.NodeRemoved, After, null),
        GraphChangeKind.NodeRemoved => new(GraphChangeKind.NodeAdded, null, Before),
        GraphChangeKind.ConnectionAdded => new(GraphChangeKind.ConnectionRemoved, After, null),
        GraphChangeKind.ConnectionRemoved => new(GraphChangeKind.ConnectionAdded, null, Before),
        GraphChangeKind.InitialAdded => new(GraphChangeKind.InitialRemoved, After, null),
        GraphChangeKind.InitialRemoved => new(GraphChangeKind.InitialAdded, null, Before),
        GraphChangeKind.PortAdded => new(GraphChangeKind.PortRemoved, After, null),
        GraphChangeKind.PortRemoved => new(GraphChangeKind.PortAdded, null, Before),
        GraphChangeKind.GroupAdded => new(GraphChangeKind.GroupRemoved, After, null),
        GraphChangeKind.GroupRemoved => new(GraphChangeKind.GroupAdded, null, Before),
        GraphChangeKind.TransactionStarted => new(GraphChangeKind.TransactionEnded, After, null),
        GraphChangeKind.TransactionEnded => new(GraphChangeKind.TransactionStarted, null, Before),
        _ => new(Kind, After, Before), // renames and changes swap their two values
    };
}
