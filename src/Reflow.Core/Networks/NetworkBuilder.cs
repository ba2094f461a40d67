using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Networks;

/// <summary>
/// Builds a network in code: nodes, edges, initial packets and exported ports, by name. Nothing is checked until
/// <see cref="Build"/>, which resolves every name to an index and reports every problem at once.
/// </summary>
/// <example>
/// <code>
/// NetworkDefinition network = new NetworkBuilder()
///     .AddNode("numbers", numbers)
///     .AddNode("double", doubler)
///     .Connect("numbers", "out", "double", "in")
///     .AddInitial("double", "factor", Message.Integer(2))
///     .ExportOutPort("result", "double", "out")
///     .Build();
/// </code>
/// </example>
public sealed partial class NetworkBuilder
{
    /// <summary>The capacity of an edge that does not set its own.</summary>
    public const int DefaultEdgeCapacity = 1024;

    private readonly int _defaultEdgeCapacity;
    private readonly List<(string Id, Component Component, MessageObject? Metadata)> _nodes = [];
    private readonly Dictionary<string, SupervisionPolicy> _supervision = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PermissionSet> _permissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _baseDirectories = new(StringComparer.Ordinal);
    private readonly List<(string FromNode, string FromPort, string ToNode, string ToPort, int? Capacity, bool Elastic, int? FromIndex, int? ToIndex)> _edges = [];
    private readonly List<(string Node, string Port, Message Value, int? Index)> _initials = [];
    private readonly List<(string Name, string Node, string Port, int? Index)> _exportedInPorts = [];
    private readonly List<(string Name, string Node, string Port, int? Index)> _exportedOutPorts = [];

    /// <summary>Creates a builder.</summary>
    /// <param name="defaultEdgeCapacity">The capacity of edges that do not set one (at least 1).</param>
    public NetworkBuilder(int defaultEdgeCapacity = DefaultEdgeCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultEdgeCapacity, 1);
        _defaultEdgeCapacity = defaultEdgeCapacity;
    }

    /// <summary>Adds a node: one actor of <paramref name="component"/>, configured by <paramref name="metadata"/>.</summary>
    public NetworkBuilder AddNode(string id, Component component, MessageObject? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(component);
        _nodes.Add((id, component, metadata));
        return this;
    }

    /// <summary>Sets how node <paramref name="id"/> is supervised when its actor throws (otherwise the network's default policy).</summary>
    public NetworkBuilder Supervise(string id, SupervisionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(policy);
        _supervision[id] = policy;
        return this;
    }

    /// <summary>
    /// Gives node <paramref name="id"/> a grant of its own (<see cref="NodeDefinition.Permissions"/>), in place of the
    /// network's <see cref="NetworkOptions.Permissions"/>: a node that needs more, or one that should get less.
    /// </summary>
    public NetworkBuilder Permit(string id, PermissionSet permissions)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(permissions);
        _permissions[id] = permissions;
        return this;
    }

    /// <summary>
    /// Sets where relative paths in node <paramref name="id"/>'s settings resolve (<see cref="ActorConfiguration.BaseDirectory"/>):
    /// the graph loader sets the directory of the graph file each node came from. Null (the default): the current directory.
    /// </summary>
    public NetworkBuilder SetBaseDirectory(string id, string? directory)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (directory is null)
        {
            _baseDirectories.Remove(id);
        }
        else
        {
            _baseDirectories[id] = directory;
        }

        return this;
    }

    /// <summary>
    /// Connects an out-port to an in-port. Out-ports fan out (every edge gets every message); in-ports fan in. A
    /// connection made twice exists twice: each message crosses both. An addressable port
    /// (<see cref="PortDefinition.Addressable"/>) is connected at an index; without one, the connection takes the
    /// port's next free index (the lowest that no connection names and no earlier one took), as NoFlo does.
    /// </summary>
    /// <param name="fromNode">The source node.</param>
    /// <param name="fromPort">The source node's out-port.</param>
    /// <param name="toNode">The target node.</param>
    /// <param name="toPort">The target node's in-port.</param>
    /// <param name="capacity">Messages the edge holds before its producer is held back; the builder's default when null.</param>
    /// <param name="elastic">The edge never holds its producer back (see <see cref="EdgeDefinition.Elastic"/>): mark one edge of a cycle that could otherwise fill up and wedge.</param>
    /// <param name="fromIndex">The index of an addressable out-port (<c>OUT[2]</c>: 2); null for a plain port or the next free index.</param>
    /// <param name="toIndex">The index of an addressable in-port; null for a plain port or the next free index.</param>
    public NetworkBuilder Connect(
        string fromNode, string fromPort, string toNode, string toPort, int? capacity = null, bool elastic = false, int? fromIndex = null, int? toIndex = null)
    {
        ArgumentNullException.ThrowIfNull(fromNode);
        ArgumentNullException.ThrowIfNull(fromPort);
        ArgumentNullException.ThrowIfNull(toNode);
        ArgumentNullException.ThrowIfNull(toPort);
        _edges.Add((fromNode, fromPort, toNode, toPort, capacity, elastic, fromIndex, toIndex));
        return this;
    }

    /// <summary>Adds an initial information packet, delivered to the in-port at start before any other input.</summary>
    /// <param name="node">The target node.</param>
    /// <param name="port">Its in-port.</param>
    /// <param name="value">The packet.</param>
    /// <param name="index">The index of an addressable in-port; null for a plain port or the next free index (see <see cref="Connect"/>).</param>
    public NetworkBuilder AddInitial(string node, string port, Message value, int? index = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(port);
        _initials.Add((node, port, value, index));
        return this;
    }

    /// <summary>Lets the host send to a node's in-port under <paramref name="name"/>.</summary>
    /// <param name="name">The name the host uses.</param>
    /// <param name="node">The node.</param>
    /// <param name="port">Its in-port.</param>
    /// <param name="index">The index of an addressable in-port; null for a plain port or the next free index (see <see cref="Connect"/>).</param>
    public NetworkBuilder ExportInPort(string name, string node, string port, int? index = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(port);
        _exportedInPorts.Add((name, node, port, index));
        return this;
    }

    /// <summary>Lets the host read a node's out-port under <paramref name="name"/>.</summary>
    /// <param name="name">The name the host uses.</param>
    /// <param name="node">The node.</param>
    /// <param name="port">Its out-port.</param>
    /// <param name="index">The index of an addressable out-port; null for a plain port or the next free index (see <see cref="Connect"/>).</param>
    public NetworkBuilder ExportOutPort(string name, string node, string port, int? index = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(port);
        _exportedOutPorts.Add((name, node, port, index));
        return this;
    }
}
