namespace Reflow.Graphs.Validation;

/// <summary>
/// What validation needs to know about components: their ports. The runtime's component registry is adapted to
/// this by a bridge in <c>Reflow.Networks</c>, so graphs stay independent of the runtime.
/// </summary>
public interface IComponentCatalog
{
    /// <summary>The ports of <paramref name="component"/>, or null when no such component is known.</summary>
    ComponentPorts? Find(string component);
}
