namespace Reflow.Graphs;

public sealed partial class Graph
{
    /// <summary>The exported port <paramref name="name"/> of <paramref name="direction"/>, or null.</summary>
    public ExportedPort? GetExportedPort(PortDirection direction, string name) =>
        PortsOf(direction).TryGetValue(name, out ExportedPort? port) ? port : null;

    /// <summary>Exports a node port under a public name.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken in that direction, or the node is missing.</exception>
    public ExportedPort ExportPort(PortDirection direction, string name, NodePort target, GraphMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        CheckPort(target, nameof(target));
        if (PortsOf(direction).ContainsKey(name))
        {
            throw new ArgumentException($"The graph already has an exported {Describe(direction)} '{name}'.", nameof(name));
        }

        var port = new ExportedPort(direction, name, target, metadata ?? GraphMetadata.Empty);
        InsertPort(port);
        return port;
    }

    /// <summary>Exports <c>node.port</c> as the in-port <paramref name="name"/>.</summary>
    public ExportedPort ExportInPort(string name, string node, string port, GraphMetadata? metadata = null) =>
        ExportPort(PortDirection.In, name, new NodePort(node, port), metadata);

    /// <summary>Exports <c>node.port</c> as the out-port <paramref name="name"/>.</summary>
    public ExportedPort ExportOutPort(string name, string node, string port, GraphMetadata? metadata = null) =>
        ExportPort(PortDirection.Out, name, new NodePort(node, port), metadata);

    /// <summary>Removes an exported port and the IIPs sent to it (one transaction).</summary>
    /// <exception cref="ArgumentException">There is no such port.</exception>
    public void RemoveExportedPort(PortDirection direction, string name) => RemoveExportedPortCore(RequireExportedPort(direction, name));

    /// <summary>Renames an exported port; IIPs sent to it follow.</summary>
    /// <exception cref="ArgumentException">There is no such port, or the new name is empty or taken.</exception>
    public void RenameExportedPort(PortDirection direction, string oldName, string newName)
    {
        ExportedPort port = RequireExportedPort(direction, oldName);
        ArgumentException.ThrowIfNullOrEmpty(newName);
        if (port.Name == newName)
        {
            return;
        }

        // A change of case only is a rename, not a clash, in a case-insensitive graph.
        if (PortsOf(direction).TryGetValue(newName, out ExportedPort? other) && !ReferenceEquals(other, port))
        {
            throw new ArgumentException($"The graph already has an exported {Describe(direction)} '{newName}'.", nameof(newName));
        }

        ReplacePort(port, port with { Name = newName });
    }

    /// <summary>Points an exported port at another node port.</summary>
    public void SetExportedPortTarget(PortDirection direction, string name, NodePort target)
    {
        ExportedPort port = RequireExportedPort(direction, name);
        CheckPort(target, nameof(target));
        if (port.Target != target)
        {
            ReplacePort(port, port with { Target = target });
        }
    }

    /// <summary>Replaces an exported port's metadata.</summary>
    public void SetExportedPortMetadata(PortDirection direction, string name, GraphMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ExportedPort port = RequireExportedPort(direction, name);
        if (!port.Metadata.Equals(metadata))
        {
            ReplacePort(port, port with { Metadata = metadata });
        }
    }

    private void RemoveExportedPortCore(ExportedPort port)
    {
        using (Transaction("remove port " + port.Name))
        {
            if (port.Direction == PortDirection.In)
            {
                RemoveExportedPortInitials(port.Name);
            }

            DeletePort(port);
        }
    }

    private ExportedPort RequireExportedPort(PortDirection direction, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return PortsOf(direction).TryGetValue(name, out ExportedPort? port)
            ? port
            : throw new ArgumentException($"The graph has no exported {Describe(direction)} '{name}'.", nameof(name));
    }

    private static string Describe(PortDirection direction) => direction == PortDirection.In ? "in-port" : "out-port";
}
