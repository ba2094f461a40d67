namespace Reflow.Soak;

/// <summary>One node of a <see cref="GraphPlan"/>.</summary>
/// <param name="Id">The node id (also the <c>from</c> of what a C# node emits).</param>
/// <param name="Kind">What it is.</param>
internal sealed record PlanNode(string Id, NodeKind Kind)
{
    /// <summary>For a relay: its supervision.</summary>
    public RelayPolicy Policy { get; init; }

    /// <summary>For a source: the messages it produces, in order.</summary>
    public IReadOnlyList<SoakMessage> Messages { get; init; } = [];

    public bool IsScript => Kind is NodeKind.JavaScript or NodeKind.Python or NodeKind.Wasm;
}
