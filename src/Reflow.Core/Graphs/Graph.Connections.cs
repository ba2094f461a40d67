namespace Reflow.Graphs;

public sealed partial class Graph
{
    /// <summary>
    /// Connects an out-port to an in-port. A connection that already exists is added again: the graph then holds it
    /// twice, as the FBP formats do when a file writes it twice, and a network built from it delivers each message
    /// on both.
    /// </summary>
    /// <exception cref="ArgumentException">A node is missing, a port name is empty or an index is negative.</exception>
    public GraphConnection Connect(NodePort from, NodePort to, GraphMetadata? metadata = null)
    {
        CheckPort(from, nameof(from));
        CheckPort(to, nameof(to));
        var connection = new GraphConnection(from, to, metadata ?? GraphMetadata.Empty);
        InsertConnection(connection);
        return connection;
    }

    /// <summary>Connects <c>fromNode.fromPort</c> to <c>toNode.toPort</c> (see <see cref="Connect(NodePort, NodePort, GraphMetadata?)"/>).</summary>
    public GraphConnection Connect(string fromNode, string fromPort, string toNode, string toPort, GraphMetadata? metadata = null) =>
        Connect(new NodePort(fromNode, fromPort), new NodePort(toNode, toPort), metadata);

    /// <summary>The first connection between two ports, or null.</summary>
    public GraphConnection? GetConnection(NodePort from, NodePort to)
    {
        int index = IndexOfConnection(new GraphConnection(from, to, GraphMetadata.Empty), -1, exact: false);
        return index < 0 ? null : _connections[index];
    }

    /// <summary>Every connection between two ports, in order: more than one when the connection was made more than once.</summary>
    public IReadOnlyList<GraphConnection> GetConnections(NodePort from, NodePort to)
    {
        var key = new GraphConnection(from, to, GraphMetadata.Empty);
        if (!_connectionCounts.ContainsKey(key))
        {
            return [];
        }

        var comparer = (ConnectionKeyComparer)_connectionCounts.Comparer;
        return [.. _connections.Where(c => comparer.Equals(c, key))];
    }

    /// <summary>
    /// Removes every connection between two ports: a connection made twice is removed twice, as one change when
    /// there is one and one transaction (one undo step) when there are several. To remove only one of them, use
    /// <see cref="RemoveConnectionAt"/>.
    /// </summary>
    /// <returns>How many connections were removed (at least one).</returns>
    /// <exception cref="ArgumentException">There is no such connection.</exception>
    public int Disconnect(NodePort from, NodePort to)
    {
        int first = RequireConnection(from, to);
        var key = _connections[first];
        int count = _connectionCounts[key];
        if (count == 1)
        {
            DeleteConnection(first);
            return 1;
        }

        var comparer = (ConnectionKeyComparer)_connectionCounts.Comparer;
        using (Transaction($"disconnect {from} -> {to}"))
        {
            for (int i = _connections.Count - 1; i >= first; i--)
            {
                if (comparer.Equals(_connections[i], key))
                {
                    DeleteConnection(i);
                }
            }
        }

        return count;
    }

    /// <summary>Removes the connection at <paramref name="index"/> in <see cref="Connections"/> (one of a repeated connection, say).</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no connection at that index.</exception>
    public void RemoveConnectionAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _connections.Count);
        DeleteConnection(index);
    }

    /// <summary>Replaces a connection's metadata (capacity, route, …); a connection made more than once gets it on every copy.</summary>
    /// <exception cref="ArgumentException">There is no such connection.</exception>
    public void SetConnectionMetadata(NodePort from, NodePort to, GraphMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        int first = RequireConnection(from, to);
        var comparer = (ConnectionKeyComparer)_connectionCounts.Comparer;
        GraphConnection key = _connections[first];
        bool several = _connectionCounts[key] > 1;
        if (several)
        {
            StartTransaction($"set metadata of {from} -> {to}");
        }

        try
        {
            for (int i = first; i < _connections.Count; i++)
            {
                if (comparer.Equals(_connections[i], key) && !_connections[i].Metadata.Equals(metadata))
                {
                    ReplaceConnection(i, _connections[i] with { Metadata = metadata });
                }
            }
        }
        finally
        {
            if (several)
            {
                EndTransaction();
            }
        }
    }

    /// <summary>The connections that leave <paramref name="node"/>.</summary>
    public IEnumerable<GraphConnection> OutgoingConnections(string node) => _connections.Where(c => c.From.Node == node);

    /// <summary>The connections that arrive at <paramref name="node"/>.</summary>
    public IEnumerable<GraphConnection> IncomingConnections(string node) => _connections.Where(c => c.To.Node == node);

    private int RequireConnection(NodePort from, NodePort to)
    {
        int index = IndexOfConnection(new GraphConnection(from, to, GraphMetadata.Empty), -1, exact: false);
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
