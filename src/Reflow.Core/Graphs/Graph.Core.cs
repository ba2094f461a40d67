using System.Runtime.InteropServices;

namespace Reflow.Graphs;

// The primitive edits. Each applies one change without checking it (the public methods and the readers check
// first) and raises it; undo and redo replay changes through Apply, which maps each change to one primitive.
public sealed partial class Graph
{
    /// <summary>Applies a change recorded from this or an equal graph (undo and redo replay through here).</summary>
    internal void Apply(GraphChange change)
    {
        switch (change.Kind)
        {
            case GraphChangeKind.NodeAdded: InsertNode((GraphNode)change.After!, change.Position); break;
            case GraphChangeKind.NodeRemoved: DeleteNode(((GraphNode)change.Before!).Id); break;
            case GraphChangeKind.NodeRenamed: RenameNodeCore(((GraphNode)change.Before!).Id, ((GraphNode)change.After!).Id); break;
            case GraphChangeKind.NodeChanged: ReplaceNode((GraphNode)change.After!); break;
            case GraphChangeKind.ConnectionAdded: InsertConnection((GraphConnection)change.After!, change.Position); break;
            case GraphChangeKind.ConnectionRemoved: DeleteConnection(IndexOfConnection((GraphConnection)change.Before!, change.Position, exact: true)); break;
            case GraphChangeKind.ConnectionChanged:
                ReplaceConnection(IndexOfConnection((GraphConnection)change.Before!, change.Position, exact: true), (GraphConnection)change.After!);
                break;
            case GraphChangeKind.InitialAdded: InsertInitial(change.After!, change.Position); break;
            case GraphChangeKind.InitialRemoved: DeleteInitial(change.Before!, change.Position); break;
            case GraphChangeKind.PortAdded: InsertPort((ExportedPort)change.After!, change.Position); break;
            case GraphChangeKind.PortRemoved: DeletePort((ExportedPort)change.Before!); break;
            case GraphChangeKind.PortRenamed:
            case GraphChangeKind.PortChanged:
                ReplacePort((ExportedPort)change.Before!, (ExportedPort)change.After!);
                break;
            case GraphChangeKind.GroupAdded: InsertGroup((GraphGroup)change.After!, change.Position); break;
            case GraphChangeKind.GroupRemoved: DeleteGroup(((GraphGroup)change.Before!).Name); break;
            case GraphChangeKind.GroupRenamed:
            case GraphChangeKind.GroupChanged:
                ReplaceGroup(((GraphGroup)change.Before!).Name, (GraphGroup)change.After!);
                break;
            case GraphChangeKind.PropertiesChanged: ReplaceProperties((GraphMetadata)change.After!); break;
            default: break; // transaction markers: the history groups by them, there is nothing to apply
        }
    }

    private static int Clamp(int position, int count) => position < 0 || position > count ? count : position;

    private void InsertNode(GraphNode node, int position = -1)
    {
        position = Clamp(position, _nodes.Count);
        _nodes.Insert(position, node.Id, node);
        Raise(new GraphChange(GraphChangeKind.NodeAdded, null, node) { Position = position });
    }

    private void DeleteNode(string id)
    {
        int index = _nodes.IndexOf(id);
        GraphNode node = _nodes.GetAt(index).Value;
        _nodes.RemoveAt(index);
        Raise(new GraphChange(GraphChangeKind.NodeRemoved, node, null) { Position = index });
    }

    private void ReplaceNode(GraphNode after)
    {
        int index = _nodes.IndexOf(after.Id);
        GraphNode before = _nodes.GetAt(index).Value;
        _nodes.SetAt(index, after);
        Raise(new GraphChange(GraphChangeKind.NodeChanged, before, after) { Position = index });
    }

    /// <summary>Renames a node and every reference to it as one change (one event, one undo step).</summary>
    private void RenameNodeCore(string oldId, string newId)
    {
        int index = _nodes.IndexOf(oldId);
        GraphNode before = _nodes.GetAt(index).Value;
        GraphNode after = before with { Id = newId };
        _nodes.RemoveAt(index);
        _nodes.Insert(index, newId, after);

        NodePort Rename(NodePort p) => p.Node == oldId ? p with { Node = newId } : p;
        _connectionCounts.Clear();
        for (int i = 0; i < _connections.Count; i++)
        {
            GraphConnection c = _connections[i];
            _connections[i] = c with { From = Rename(c.From), To = Rename(c.To) };
            CountConnection(_connections[i], +1);
        }

        for (int i = 0; i < _initials.Count; i++)
        {
            _initials[i] = _initials[i] with { To = Rename(_initials[i].To) };
        }

        foreach (OrderedDictionary<string, ExportedPort> ports in (ReadOnlySpan<OrderedDictionary<string, ExportedPort>>)[_inPorts, _outPorts])
        {
            for (int i = 0; i < ports.Count; i++)
            {
                ExportedPort port = ports.GetAt(i).Value;
                ports.SetAt(i, port with { Target = Rename(port.Target) });
            }
        }

        for (int i = 0; i < _groups.Count; i++)
        {
            GraphGroup group = _groups.GetAt(i).Value;
            _groups.SetAt(i, group with { Nodes = group.Nodes.Replace(oldId, newId) });
        }

        Raise(new GraphChange(GraphChangeKind.NodeRenamed, before, after) { Position = index });
    }

    /// <summary>
    /// The index of a connection between the ports of <paramref name="key"/>, or -1: the one at <paramref name="hint"/>
    /// when it fits (undo and redo record positions, which tell apart the copies of a repeated connection), else the
    /// first equal one (<paramref name="exact"/>: metadata too), else the first between the same ports.
    /// </summary>
    private int IndexOfConnection(GraphConnection key, int hint, bool exact)
    {
        if (!_connectionCounts.ContainsKey(key))
        {
            return -1;
        }

        var comparer = (ConnectionKeyComparer)_connectionCounts.Comparer;
        if (hint >= 0 && hint < _connections.Count && comparer.Equals(_connections[hint], key) && (!exact || _connections[hint].Equals(key)))
        {
            return hint;
        }

        int first = -1;
        for (int i = 0; i < _connections.Count; i++)
        {
            if (comparer.Equals(_connections[i], key))
            {
                if (!exact || _connections[i].Equals(key))
                {
                    return i;
                }

                first = first < 0 ? i : first;
            }
        }

        return first;
    }

    private void CountConnection(GraphConnection connection, int delta)
    {
        ref int count = ref CollectionsMarshal.GetValueRefOrAddDefault(_connectionCounts, connection, out _);
        count += delta;
        if (count == 0)
        {
            _connectionCounts.Remove(connection);
        }
    }

    private void InsertConnection(GraphConnection connection, int position = -1)
    {
        position = Clamp(position, _connections.Count);
        _connections.Insert(position, connection);
        CountConnection(connection, +1);
        Raise(new GraphChange(GraphChangeKind.ConnectionAdded, null, connection) { Position = position });
    }

    private void DeleteConnection(int index)
    {
        GraphConnection connection = _connections[index];
        _connections.RemoveAt(index);
        CountConnection(connection, -1);
        Raise(new GraphChange(GraphChangeKind.ConnectionRemoved, connection, null) { Position = index });
    }

    private void ReplaceConnection(int index, GraphConnection after)
    {
        GraphConnection before = _connections[index];
        CountConnection(before, -1);
        _connections[index] = after;
        CountConnection(after, +1);
        Raise(new GraphChange(GraphChangeKind.ConnectionChanged, before, after) { Position = index });
    }

    private void InsertInitial(object initial, int position = -1)
    {
        if (initial is GraphInitial nodeInitial)
        {
            position = Clamp(position, _initials.Count);
            _initials.Insert(position, nodeInitial);
        }
        else
        {
            position = Clamp(position, _portInitials.Count);
            _portInitials.Insert(position, (ExportedPortInitial)initial);
        }

        Raise(new GraphChange(GraphChangeKind.InitialAdded, null, initial) { Position = position });
    }

    private void DeleteInitial(object initial, int position = -1)
    {
        int index = initial is GraphInitial nodeInitial
            ? RemoveAt(_initials, nodeInitial, position)
            : RemoveAt(_portInitials, (ExportedPortInitial)initial, position);
        Raise(new GraphChange(GraphChangeKind.InitialRemoved, initial, null) { Position = index });

        // Equal packets to one port are interchangeable, but the recorded position keeps undo exact.
        static int RemoveAt<T>(List<T> list, T item, int hint)
        {
            int index = hint >= 0 && hint < list.Count && EqualityComparer<T>.Default.Equals(list[hint], item) ? hint : list.IndexOf(item);
            list.RemoveAt(index);
            return index;
        }
    }

    private OrderedDictionary<string, ExportedPort> PortsOf(PortDirection direction) =>
        direction == PortDirection.In ? _inPorts : _outPorts;

    private void InsertPort(ExportedPort port, int position = -1)
    {
        OrderedDictionary<string, ExportedPort> ports = PortsOf(port.Direction);
        position = Clamp(position, ports.Count);
        ports.Insert(position, port.Name, port);
        Raise(new GraphChange(GraphChangeKind.PortAdded, null, port) { Position = position });
    }

    private void DeletePort(ExportedPort port)
    {
        OrderedDictionary<string, ExportedPort> ports = PortsOf(port.Direction);
        int index = ports.IndexOf(port.Name);
        ExportedPort removed = ports.GetAt(index).Value;
        ports.RemoveAt(index);
        Raise(new GraphChange(GraphChangeKind.PortRemoved, removed, null) { Position = index });
    }

    private void ReplacePort(ExportedPort before, ExportedPort after)
    {
        OrderedDictionary<string, ExportedPort> ports = PortsOf(before.Direction);
        int index = ports.IndexOf(before.Name);
        before = ports.GetAt(index).Value;
        ports.RemoveAt(index);
        ports.Insert(index, after.Name, after);
        bool renamed = !string.Equals(before.Name, after.Name, StringComparison.Ordinal);
        if (renamed && before.Direction == PortDirection.In)
        {
            for (int i = 0; i < _portInitials.Count; i++)
            {
                if (PortComparer.Equals(_portInitials[i].InPort, before.Name))
                {
                    _portInitials[i] = _portInitials[i] with { InPort = after.Name };
                }
            }
        }

        Raise(new GraphChange(renamed ? GraphChangeKind.PortRenamed : GraphChangeKind.PortChanged, before, after) { Position = index });
    }

    private void InsertGroup(GraphGroup group, int position = -1)
    {
        position = Clamp(position, _groups.Count);
        _groups.Insert(position, group.Name, group);
        Raise(new GraphChange(GraphChangeKind.GroupAdded, null, group) { Position = position });
    }

    private void DeleteGroup(string name)
    {
        int index = _groups.IndexOf(name);
        GraphGroup group = _groups.GetAt(index).Value;
        _groups.RemoveAt(index);
        Raise(new GraphChange(GraphChangeKind.GroupRemoved, group, null) { Position = index });
    }

    private void ReplaceGroup(string oldName, GraphGroup after)
    {
        int index = _groups.IndexOf(oldName);
        GraphGroup before = _groups.GetAt(index).Value;
        _groups.RemoveAt(index);
        _groups.Insert(index, after.Name, after);
        GraphChangeKind kind = oldName == after.Name ? GraphChangeKind.GroupChanged : GraphChangeKind.GroupRenamed;
        Raise(new GraphChange(kind, before, after) { Position = index });
    }

    private void ReplaceProperties(GraphMetadata after)
    {
        GraphMetadata before = _properties;
        _properties = after;
        Raise(new GraphChange(GraphChangeKind.PropertiesChanged, before, after));
    }
}
