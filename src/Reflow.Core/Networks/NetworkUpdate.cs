namespace Reflow.Networks;

/// <summary>What <see cref="Network.UpdateAsync"/> changed: node and edge ids (as in <see cref="Actors.NodeDefinition.Id"/> and
/// <see cref="EdgeDefinition.Id"/>), each list in definition order (removed ones in the order of the definition they left).</summary>
/// <param name="AddedNodes">Nodes that were not in the network: a new actor was made and started.</param>
/// <param name="RemovedNodes">Nodes no longer in the definition: their actors drained what they had and stopped.</param>
/// <param name="ReplacedNodes">Nodes whose component or configuration changed: the old actor drained and stopped, a new one took its place.</param>
/// <param name="AddedEdges">Edges that were not in the network.</param>
/// <param name="RemovedEdges">Edges no longer in the definition (what was already sent on them is still delivered).</param>
/// <param name="InitialsSent">Initial packets delivered by the update: those new to the definition and every initial packet of a replaced node.</param>
public sealed record NetworkUpdate(
    IReadOnlyList<string> AddedNodes,
    IReadOnlyList<string> RemovedNodes,
    IReadOnlyList<string> ReplacedNodes,
    IReadOnlyList<string> AddedEdges,
    IReadOnlyList<string> RemovedEdges,
    int InitialsSent)
{
    /// <summary>Nothing changed: the definition described the network as it was.</summary>
    public bool IsEmpty =>
        AddedNodes.Count == 0 && RemovedNodes.Count == 0 && ReplacedNodes.Count == 0
        && AddedEdges.Count == 0 && RemovedEdges.Count == 0 && InitialsSent == 0;
}
