using Reflow.Messages;

namespace Reflow.Networks;

/// <summary>An initial information packet: delivered to a node's in-port when the network starts, before any other input.</summary>
/// <param name="ToNode">Index of the target node.</param>
/// <param name="ToPort">Index of the target in-port.</param>
/// <param name="Value">The message.</param>
/// <param name="FromDefault">Whether it is the port's declared default rather than an IIP of the graph.</param>
public sealed record InitialDefinition(int ToNode, int ToPort, Message Value, bool FromDefault)
{
    /// <summary>The index of the addressable in-port <see cref="ToPort"/> the packet reaches; -1 for a plain port.</summary>
    public int ToIndex { get; init; } = -1;
}
