namespace Reflow.Graphs;

public sealed partial class Graph
{
    /// <summary>The node called <paramref name="id"/>, or null.</summary>
    public GraphNode? GetNode(string id) => _nodes.TryGetValue(id, out GraphNode? node) ? node : null;

    /// <summary>Whether a node called <paramref name="id"/> exists.</summary>
    public bool HasNode(string id) => _nodes.ContainsKey(id);

    /// <summary>Adds a node.</summary>
    /// <exception cref="ArgumentException">The id or component is empty, or the id is taken.</exception>
    public GraphNode AddNode(string id, string component, GraphMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(component);
        if (_nodes.ContainsKey(id))
        {
            throw new ArgumentException($"The graph already has a node '{id}'.", nameof(id));
        }

        var node = new GraphNode(id, component, metadata ?? GraphMetadata.Empty);
        InsertNode(node);
        return node;
    }

    /// <summary>
    /// Removes a node and everything attached to it: its connections, IIPs, the exported ports that target it
    /// (with their IIPs) and its group memberships, as one transaction (one undo step).
    /// </summary>
    /// <exception cref="ArgumentException">There is no such node.</exception>
    public void RemoveNode(string id)
    {
        RequireNode(id);
        using (Transaction("remove node " + id))
        {
            for (int i = _connections.Count - 1; i >= 0; i--)
            {
                if (_connections[i].From.Node == id || _connections[i].To.Node == id)
                {
                    DeleteConnection(i);
                }
            }

            for (int i = _initials.Count - 1; i >= 0; i--)
            {
                if (_initials[i].To.Node == id)
                {
                    DeleteInitial(_initials[i], i);
                }
            }

            foreach (ExportedPort port in InPorts.Concat(OutPorts).Where(p => p.Target.Node == id).ToList())
            {
                RemoveExportedPortCore(port);
            }

            foreach (GraphGroup group in Groups.Where(g => g.Nodes.Contains(id)).ToList())
            {
                ReplaceGroup(group.Name, group with { Nodes = group.Nodes.Remove(id) });
            }

            DeleteNode(id);
        }
    }

    /// <summary>Renames a node; its connections, IIPs, exports and groups follow (one change).</summary>
    /// <exception cref="ArgumentException">There is no node <paramref name="oldId"/>, or <paramref name="newId"/> is empty or taken.</exception>
    public void RenameNode(string oldId, string newId)
    {
        RequireNode(oldId);
        ArgumentException.ThrowIfNullOrEmpty(newId);
        if (oldId == newId)
        {
            return;
        }

        if (_nodes.ContainsKey(newId))
        {
            throw new ArgumentException($"Cannot rename '{oldId}' to '{newId}': the graph already has a node '{newId}'.", nameof(newId));
        }

        RenameNodeCore(oldId, newId);
    }

    /// <summary>Replaces a node's metadata.</summary>
    public void SetNodeMetadata(string id, GraphMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        GraphNode node = RequireNode(id);
        if (!node.Metadata.Equals(metadata))
        {
            ReplaceNode(node with { Metadata = metadata });
        }
    }

    /// <summary>Merges <paramref name="patch"/> into a node's metadata (a JSON null removes a key).</summary>
    public void UpdateNodeMetadata(string id, GraphMetadata patch) => SetNodeMetadata(id, RequireNode(id).Metadata.Merge(patch));

    /// <summary>Changes the component a node instantiates.</summary>
    public void SetNodeComponent(string id, string component)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        GraphNode node = RequireNode(id);
        if (node.Component != component)
        {
            ReplaceNode(node with { Component = component });
        }
    }

    private GraphNode RequireNode(string id, string? paramName = "id")
    {
        ArgumentNullException.ThrowIfNull(id, paramName);
        return _nodes.TryGetValue(id, out GraphNode? node)
            ? node
            : throw new ArgumentException($"The graph has no node '{id}'.", paramName);
    }
}
