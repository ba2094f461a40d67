using System.Text.Json;

namespace Reflow.Graphs;

/// <summary>
/// An IIP sent to one of the graph's exported in-ports rather than to a node. It follows the export: rename
/// or retarget the port and the packet goes with it; remove the port and the packet goes too.
/// </summary>
/// <remarks>
/// NoFlo JSON and the DSL cannot hold this form: their writers send the packet to the node port the export
/// targets, so it reads back as a <see cref="GraphInitial"/>.
/// </remarks>
/// <param name="InPort">The public name of the exported in-port.</param>
/// <param name="Data">The packet, as arbitrary JSON.</param>
/// <param name="Metadata">Anything a tool wants to keep with the IIP.</param>
public sealed record ExportedPortInitial(string InPort, JsonElement Data, GraphMetadata Metadata)
{
    /// <inheritdoc/>
    public bool Equals(ExportedPortInitial? other) =>
        other is not null && InPort == other.InPort && JsonElement.DeepEquals(Data, other.Data) && Metadata.Equals(other.Metadata);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(InPort, Data.ValueKind, Metadata);
}
