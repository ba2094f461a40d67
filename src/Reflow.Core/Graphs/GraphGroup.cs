using System.Collections.Immutable;

namespace Reflow.Graphs;

/// <summary>A named set of nodes (for editors and documentation; it changes nothing at run time).</summary>
/// <param name="Name">The group's name, unique in its graph.</param>
/// <param name="Nodes">The ids of its nodes, in order, each once.</param>
/// <param name="Metadata">Description, colour and anything else a tool wants to keep.</param>
public sealed record GraphGroup(string Name, ImmutableArray<string> Nodes, GraphMetadata Metadata)
{
    /// <inheritdoc/>
    public bool Equals(GraphGroup? other) =>
        other is not null && Name == other.Name && Nodes.SequenceEqual(other.Nodes) && Metadata.Equals(other.Metadata);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Nodes.Length, Metadata);
}
