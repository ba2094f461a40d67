using System.Text.Json;

namespace Reflow.Graphs;

/// <summary>An initial information packet (IIP): data delivered to a node's in-port when the network starts.</summary>
/// <param name="To">The in-port that receives it.</param>
/// <param name="Data">The packet, as arbitrary JSON (a string for the DSL's <c>'text'</c> form).</param>
/// <param name="Metadata">Anything a tool wants to keep with the IIP.</param>
public sealed record GraphInitial(NodePort To, JsonElement Data, GraphMetadata Metadata)
{
    /// <inheritdoc/>
    public bool Equals(GraphInitial? other) =>
        other is not null && To == other.To && JsonElement.DeepEquals(Data, other.Data) && Metadata.Equals(other.Metadata);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(To, Data.ValueKind, Metadata);

    /// <summary>The DSL-like form <c>data -&gt; to</c>.</summary>
    public override string ToString() => $"{JsonValues.ToJson(Data)} -> {To}";
}
