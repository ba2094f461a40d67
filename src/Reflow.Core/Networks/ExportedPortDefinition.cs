namespace Reflow.Networks;

/// <summary>A node port the host can reach by name: feed an exported in-port, read an exported out-port.</summary>
/// <param name="Name">The name the host uses.</param>
/// <param name="Node">Index of the node.</param>
/// <param name="Port">Index of the node's port.</param>
public sealed record ExportedPortDefinition(string Name, int Node, int Port)
{
    /// <summary>The index of the node's addressable port the exported port stands for; -1 for a plain port.</summary>
    public int Index { get; init; } = -1;
}
