using System.Collections.Immutable;

namespace Reflow.Graphs;

public sealed partial class Graph
{
    /// <summary>The group called <paramref name="name"/>, or null.</summary>
    public GraphGroup? GetGroup(string name) => _groups.TryGetValue(name, out GraphGroup? group) ? group : null;

    /// <summary>Adds a group of existing nodes (a node listed twice is kept once).</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or a node is missing.</exception>
    public GraphGroup AddGroup(string name, IEnumerable<string> nodes, GraphMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(nodes);
        if (_groups.ContainsKey(name))
        {
            throw new ArgumentException($"The graph already has a group '{name}'.", nameof(name));
        }

        ImmutableArray<string> members = [.. nodes.Distinct(StringComparer.Ordinal)];
        foreach (string node in members)
        {
            RequireNode(node, nameof(nodes));
        }

        var group = new GraphGroup(name, members, metadata ?? GraphMetadata.Empty);
        InsertGroup(group);
        return group;
    }

    /// <summary>Removes a group (its nodes stay).</summary>
    public void RemoveGroup(string name) => DeleteGroup(RequireGroup(name).Name);

    /// <summary>Renames a group.</summary>
    public void RenameGroup(string oldName, string newName)
    {
        GraphGroup group = RequireGroup(oldName);
        ArgumentException.ThrowIfNullOrEmpty(newName);
        if (oldName == newName)
        {
            return;
        }

        if (_groups.ContainsKey(newName))
        {
            throw new ArgumentException($"The graph already has a group '{newName}'.", nameof(newName));
        }

        ReplaceGroup(oldName, group with { Name = newName });
    }

    /// <summary>Adds a node to a group (nothing changes when it is a member already).</summary>
    public void AddToGroup(string name, string node)
    {
        GraphGroup group = RequireGroup(name);
        RequireNode(node, nameof(node));
        if (!group.Nodes.Contains(node))
        {
            ReplaceGroup(name, group with { Nodes = group.Nodes.Add(node) });
        }
    }

    /// <summary>Removes a node from a group.</summary>
    /// <exception cref="ArgumentException">The group is missing or the node is not in it.</exception>
    public void RemoveFromGroup(string name, string node)
    {
        GraphGroup group = RequireGroup(name);
        if (!group.Nodes.Contains(node))
        {
            throw new ArgumentException($"The group '{name}' has no node '{node}'.", nameof(node));
        }

        ReplaceGroup(name, group with { Nodes = group.Nodes.Remove(node) });
    }

    /// <summary>Replaces a group's metadata.</summary>
    public void SetGroupMetadata(string name, GraphMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        GraphGroup group = RequireGroup(name);
        if (!group.Metadata.Equals(metadata))
        {
            ReplaceGroup(name, group with { Metadata = metadata });
        }
    }

    private GraphGroup RequireGroup(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _groups.TryGetValue(name, out GraphGroup? group) ? group : throw new ArgumentException($"The graph has no group '{name}'.", nameof(name));
    }
}
