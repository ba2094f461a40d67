namespace Reflow.Graphs;

/// <summary>
/// An edge from an out-port to an in-port; out-ports may fan out and in-ports fan in. A graph may hold the same
/// (<see cref="From"/>, <see cref="To"/>) pair more than once: a connection written twice exists twice (as in the
/// reference <c>fbp</c> parser and NoFlo), and a network delivers each message on every copy.
/// </summary>
/// <param name="From">The out-port messages leave.</param>
/// <param name="To">The in-port they arrive at.</param>
/// <param name="Metadata">Per-edge settings (<c>capacity</c>, <c>elastic</c>, NoFlo's <c>route</c>, …).</param>
public sealed record GraphConnection(NodePort From, NodePort To, GraphMetadata Metadata)
{
    /// <summary>The metadata key of an edge's bounded capacity (a positive integer); the network's default when absent.</summary>
    public const string CapacityKey = "capacity";

    /// <summary>The edge's capacity from its metadata, when it has one that is an integer.</summary>
    public long? Capacity => Metadata.GetInt64(CapacityKey);

    /// <summary>The DSL form <c>from -&gt; to</c>.</summary>
    public override string ToString() => $"{From} -> {To}";
}
