namespace Reflow.Networks;

/// <summary>
/// A node setting given when the graph is loaded (the CLI's <c>reflow run g.fbp --set node.key=value</c>): it replaces
/// the node's own value, or adds one. The value is text, typed by the component's configuration schema as <c>.fbp</c>
/// settings are (an integer, number or Boolean where the schema says so; JSON where the schema gives no type; text
/// otherwise). See <see cref="GraphLoadOptions.Settings"/>.
/// </summary>
/// <param name="Node">The node's id in the network: a node inside a subgraph is <c>outer/inner</c>.</param>
/// <param name="Key">The setting (a key of the node's metadata).</param>
/// <param name="Value">The value, as text.</param>
public sealed record NodeSetting(string Node, string Key, string Value)
{
    /// <summary><c>node.key=value</c>.</summary>
    public override string ToString() => $"{Node}.{Key}={Value}";
}
