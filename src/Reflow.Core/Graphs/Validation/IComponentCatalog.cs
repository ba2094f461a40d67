namespace Reflow.Graphs.Validation;

/// <summary>
/// What validation needs to know about components: their ports. The runtime's component registry is adapted to
/// this by a bridge in <c>Reflow.Networks</c>, so graphs stay independent of the runtime.
/// </summary>
public interface IComponentCatalog
{
    /// <summary>The ports of <paramref name="component"/>, or null when no such component is known.</summary>
    ComponentPorts? Find(string component);

    /// <summary>
    /// The ports of <paramref name="node"/>'s component. A catalog whose components take their ports from the node's
    /// settings (a script node) overrides this; the default is <see cref="Find"/> of the node's component name.
    /// </summary>
    ComponentPorts? FindForNode(GraphNode node) => Find((node ?? throw new ArgumentNullException(nameof(node))).Component);
}
