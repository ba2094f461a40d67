namespace Reflow.Graphs;

public sealed partial class Graph
{
    /// <summary>Connects an out-port to an in-port.</summary>
    /// <exception cref="ArgumentException">A node is missing, a port name is empty, or the connection exists.</exception>
    public GraphConnection Connect(NodePort from, NodePort to, GraphMetadata? metadata = null)
    {
        CheckPort(from, nameof(from));
        CheckPort(to, nameof(to));
        var connection = new GraphConnection(from, to, metadata ?? GraphMetadata.Empty);
        if (_connectionKeys.Contains(connection))
        {
            throw new ArgumentException($"The graph already has the connection {connection}.", nameof(to));
        }

        InsertConnection(connection);
        return connection;
    }

    /// <summary>Connects <c>fromNode.fromPort</c> to <c>toNode.toPort</c>.</summary>
    public GraphConnection Connect(string fromNode, string fromPort, string toNode, string toPort, GraphMetadata? metadata = null) =>
        Connect(new NodePort(fromNode, fromPort), new NodePort(toNode, toPort), metadata);

    /// <summary>The connection between two ports, or null.</summary>
    public GraphConnection? GetConnection(NodePort from, NodePort to)
    {
        int index = IndexOfConnection(new GraphConnection(from, to, GraphMetadata.Empty));
        return index < 0 ? null : _connections[index];
    }

    /// <summary>Removes the connection between two ports.</summary>
    /// <exception cref="ArgumentException">There is no such connection.</exception>
    public void Disconnect(NodePort from, NodePort to) => DeleteConnection(RequireConnection(from, to));

    /// <summary>Replaces a connection's metadata (capacity, route, …).</summary>
    public void SetConnectionMetadata(NodePort from, NodePort to, GraphMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        int index = RequireConnection(from, to);
        if (!_connections[index].Metadata.Equals(metadata))
        {
            ReplaceConnection(index, _connections[index] with { Metadata = metadata });
        }
    }

    /// <summary>The connections that leave <paramref name="node"/>.</summary>
    public IEnumerable<GraphConnection> OutgoingConnections(string node) => _connections.Where(c => c.From.Node == node);

    /// <summary>The connections that arrive at <paramref name="node"/>.</summary>
    public IEnumerable<GraphConnection> IncomingConnections(string node) => _connections.Where(c => c.To.Node == node);

    private int RequireConnection(NodePort from, NodePort to)
    {
        int index = IndexOfConnection(new GraphConnection(from, to, GraphMetadata.Empty));
        return index >= 0 ? index : throw new ArgumentException($"The graph has no connection {from} -> {to}.", nameof(from));
    }

    private void CheckPort(NodePort port, string paramName)
    {
        RequireNode(port.Node, paramName);
        if (string.IsNullOrEmpty(port.Port))
        {
            throw new ArgumentException($"The port of {port.Node} must not be empty.", paramName);
        }

        if (port.Index < 0)
        {
            throw new ArgumentException($"The index of {port} must not be negative.", paramName);
        }
    }
}
