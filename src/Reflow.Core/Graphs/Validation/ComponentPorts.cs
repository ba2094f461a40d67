namespace Reflow.Graphs.Validation;

/// <summary>A component's in-ports and out-ports, as validation sees them.</summary>
/// <param name="Name">The component's name.</param>
/// <param name="InPorts">Its in-ports.</param>
/// <param name="OutPorts">Its out-ports.</param>
public sealed record ComponentPorts(string Name, IReadOnlyList<CatalogPort> InPorts, IReadOnlyList<CatalogPort> OutPorts)
{
    /// <summary>The port of <paramref name="direction"/> (In = in-ports) called <paramref name="name"/> under <paramref name="comparison"/>, or null.</summary>
    public CatalogPort? FindPort(PortDirection direction, string name, StringComparison comparison = StringComparison.Ordinal)
    {
        foreach (CatalogPort port in direction == PortDirection.In ? InPorts : OutPorts)
        {
            if (string.Equals(port.Name, name, comparison))
            {
                return port;
            }
        }

        return null;
    }
}
