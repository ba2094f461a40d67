namespace Reflow.Graphs;

/// <summary>One port of one node: where a connection starts or ends, or what an IIP or exported port targets.</summary>
/// <param name="Node">The node's id.</param>
/// <param name="Port">The port name, as written in the graph (see <see cref="Graph.CaseSensitive"/> for how it is matched).</param>
/// <param name="Index">The element of an array port (<c>OUT[2]</c>), or null for the port as a whole.</param>
public readonly record struct NodePort(string Node, string Port, int? Index = null)
{
    /// <summary>The DSL form: <c>node.port</c> or <c>node.port[index]</c>.</summary>
    public override string ToString() => Index is int i ? $"{Node}.{Port}[{i}]" : $"{Node}.{Port}";

    internal bool Matches(NodePort other, StringComparison portComparison) =>
        string.Equals(Node, other.Node, StringComparison.Ordinal)
        && string.Equals(Port, other.Port, portComparison)
        && Index == other.Index;

    internal int GetHashCode(StringComparer portComparer) => HashCode.Combine(Node, portComparer.GetHashCode(Port), Index);
}
