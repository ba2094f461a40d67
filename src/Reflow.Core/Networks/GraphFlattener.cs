using System.Text.Json;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Messages;

namespace Reflow.Networks;

/// <summary>
/// Puts a graph and, in place of each subgraph node, the subgraph's own nodes into a <see cref="NetworkBuilder"/>,
/// so a subgraph costs no hop of its own; and collects every problem of every graph involved.
/// </summary>
/// <remarks>
/// <para><b>Ids.</b> An inner node's id is the subgraph node's id, <c>/</c>, and its own id, at any depth
/// (<c>outer/mid/inner</c>).</para>
/// <para><b>Wiring.</b> A connection, IIP or export that reaches a subgraph node's port is rewired to the inner port
/// that the subgraph exports under that name (through as many levels as it takes). Connection metadata
/// (<c>capacity</c>, <c>elastic</c>) stays with the rewired edge. The subgraph's own connections, IIPs and
/// exported-port IIPs are kept; inner packets are delivered before the parent's. An index on a subgraph node's port
/// (<c>sub.IN[2]</c>) goes on to the addressable inner port its export stands for; an export of one index
/// (<c>INPORT=n.IN[1]:X</c>) is a plain port of the subgraph whose connections reach that index.</para>
/// <para><b>Names.</b> Port names are mapped to the names components declare (in a case-insensitive graph
/// <c>IN</c> reaches the actor as <c>in</c>), and names of a subgraph's exported ports are matched as the graph
/// that uses the subgraph says.</para>
/// <para><b>Problems.</b> Each graph is validated once (<see cref="GraphValidator"/> against the registry, plus
/// what the runtime cannot take), whatever the number of nodes that use it; a subgraph's problems are located by
/// its file and the first node that placed it: <c>inner.fbp (subgraph node 'outer/mid'), node 'x'</c>. What a
/// problem is about is left out of the builder, so the builder reports nothing twice.</para>
/// </remarks>
internal sealed partial class GraphFlattener(ComponentResolver resolver, NetworkBuilder builder, IReadOnlyList<NodeSetting> settings, int maxNodes = GraphLoadOptions.DefaultMaxNodes)
{
    private bool _tooManyNodes;
    private readonly List<GraphProblem> _problems = [];
    private readonly HashSet<GraphProblem> _reported = [];
    private readonly HashSet<string> _nodeIds = new(StringComparer.Ordinal);
    private readonly Dictionary<Graph, string> _locations = new(ReferenceEqualityComparer.Instance);
    private readonly List<(Graph Graph, object Item)> _skipped = [];

    /// <summary>Every problem found, in the order found.</summary>
    public IReadOnlyList<GraphProblem> Problems => _problems;

    /// <summary>Adds the top graph (with its subgraphs) and its exported ports.</summary>
    public void Add(SubgraphSource top)
    {
        var instance = new GraphInstance(top, "", null, GraphMetadata.Empty);
        _locations.Add(top.Graph, "");
        Check(instance);
        Expand(instance);
        foreach (ExportedPort port in instance.Graph.InPorts.Concat(instance.Graph.OutPorts))
        {
            if (Resolve(instance, port.Target, port.Direction, port, out (string Node, string Port, int? Index) target))
            {
                _ = port.Direction == PortDirection.In
                    ? builder.ExportInPort(port.Name, target.Node, target.Port, target.Index)
                    : builder.ExportOutPort(port.Name, target.Node, target.Port, target.Index);
            }
        }

        // Whatever was left out should have been reported; if nothing was, say so rather than build a network without it.
        if (!_problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            ReportUnusedSettings();
            foreach ((Graph graph, object item) in _skipped)
            {
                Report(graph, GraphLoadProblemCodes.InvalidNetwork, Describe(item), "it could not be resolved to a node port of the network");
            }
        }
    }

    private void Expand(GraphInstance instance)
    {
        Graph graph = instance.Graph;
        foreach (GraphNode node in graph.Nodes)
        {
            if (_tooManyNodes)
            {
                return;
            }

            string id = instance.IdOf(node.Id);
            ResolvedComponent resolved = resolver.Resolve(node, instance.Source.BaseDirectory);
            if (resolved.Component is Component component)
            {
                if (_nodeIds.Count >= maxNodes)
                {
                    // Expanding stops here: a few files that use each other many times could otherwise fill memory.
                    _tooManyNodes = true;
                    Report(graph, GraphLoadProblemCodes.TooManyNodes, NodeLocation(node.Id),
                        $"the network would have more than {maxNodes} nodes once its subgraphs are expanded (the limit: actor_system.max_actors_per_node in reflow.toml, GraphLoadOptions.MaxNodes when embedding)");
                    return;
                }

                if (!_nodeIds.Add(id))
                {
                    Report(graph, GraphLoadProblemCodes.NodeIdCollision, NodeLocation(node.Id),
                        $"its network id '{id}' is taken by another node (the nodes of a subgraph get the subgraph node's id and '/' before their own)");
                    continue;
                }

                instance.Nodes.Add(node.Id, new GraphInstance.Binding(id, component, null));
                GraphMetadata settings = Settings(instance, node, id, component);
                builder.AddNode(id, component, GraphValues.ToConfiguration(settings));
                builder.SetBaseDirectory(id, instance.Source.BaseDirectory); // the file the node is written in: relative paths are the author's
                if (settings.TryGetValue(NodePermissions.Key, out JsonElement grant))
                {
                    if (NodePermissions.TryRead(grant, instance.Source.BaseDirectory, out Permissions.PermissionSet permissions, out string? problem))
                    {
                        builder.Permit(id, permissions);
                    }
                    else
                    {
                        Report(graph, GraphLoadProblemCodes.InvalidSetting, NodeLocation(node.Id), problem!);
                    }
                }
            }
            else if (resolved.Subgraph is SubgraphSource source)
            {
                if (Recursion(instance, source, id) is string chain)
                {
                    Report(graph, GraphLoadProblemCodes.RecursiveSubgraph, NodeLocation(node.Id), $"the subgraph includes itself: {chain}");
                    continue;
                }

                var child = new GraphInstance(source, id, instance, GraphValues.Inherit(node.Metadata, instance.Inherited)) { InheritedText = TextKeys(instance, node) };
                _subgraphIds.Add(id);
                instance.Nodes.Add(node.Id, new GraphInstance.Binding(id, null, child));
                if (_locations.TryAdd(source.Graph, $"{source.Display} (subgraph node '{id}')"))
                {
                    Check(child);
                }

                Expand(child);
            }

            // A node that resolves to nothing was reported by validation (unknown component) or by the resolver.
        }

        foreach (GraphConnection connection in graph.Connections)
        {
            if (Resolve(instance, connection.From, PortDirection.Out, connection, out (string Node, string Port, int? Index) from)
                && Resolve(instance, connection.To, PortDirection.In, connection, out (string Node, string Port, int? Index) to)
                && GraphValues.TryReadEdgeSettings(connection.Metadata, out int? capacity, out bool elastic, out _))
            {
                builder.Connect(from.Node, from.Port, to.Node, to.Port, capacity, elastic, from.Index, to.Index);
            }
        }

        foreach (GraphInitial initial in graph.Initials)
        {
            AddInitial(instance, initial.To, initial.Data, initial);
        }

        foreach (ExportedPortInitial initial in graph.ExportedPortInitials)
        {
            AddInitial(instance, graph.GetExportedPort(PortDirection.In, initial.InPort)!.Target, initial.Data, initial);
        }
    }

    private void AddInitial(GraphInstance instance, NodePort port, JsonElement data, object item)
    {
        if (Resolve(instance, port, PortDirection.In, item, out (string Node, string Port, int? Index) target) && GraphValues.TryToMessage(data, out Message value, out _))
        {
            builder.AddInitial(target.Node, target.Port, value, target.Index);
        }
    }

    /// <summary><see cref="TryResolve"/>, remembering what could not be resolved (see <see cref="Add"/>).</summary>
    private bool Resolve(GraphInstance instance, NodePort port, PortDirection direction, object item, out (string Node, string Port, int? Index) target)
    {
        if (TryResolve(instance, port, direction, out target))
        {
            return true;
        }

        _skipped.Add((instance.Graph, item));
        return false;
    }

    /// <summary>
    /// The network node, declared port name and index behind a node port of <paramref name="instance"/>'s graph,
    /// through any subgraphs: an index written on a subgraph's port goes on to the inner port its export stands for,
    /// and an export of one index (<c>node.OUT[1]</c>) supplies it.
    /// </summary>
    private static bool TryResolve(GraphInstance instance, NodePort port, PortDirection direction, out (string Node, string Port, int? Index) target)
    {
        int? index = port.Index;
        while (instance.Nodes.TryGetValue(port.Node, out GraphInstance.Binding binding))
        {
            bool caseSensitive = instance.Graph.CaseSensitive;
            if (binding.Component is Component component)
            {
                ComponentDescription description = component.Description;
                string? declared = Match(direction == PortDirection.In ? description.InPorts : description.OutPorts, p => p.Name, port.Port, caseSensitive)?.Name;
                target = (binding.Id, declared!, index);
                return declared is not null;
            }

            GraphInstance inner = binding.Subgraph!;
            ExportedPort? exported = Match(direction == PortDirection.In ? inner.Graph.InPorts : inner.Graph.OutPorts, p => p.Name, port.Port, caseSensitive);
            if (exported is null || (index is not null && exported.Target.Index is not null))
            {
                break; // an unknown port, or an index on an export of one index: reported by validation
            }

            index ??= exported.Target.Index;
            (instance, port) = (inner, exported.Target);
        }

        target = default;
        return false;
    }

    /// <summary>The item named exactly <paramref name="name"/>, else (when matching ignores case) the first whose name differs only in case.</summary>
    private static T? Match<T>(IEnumerable<T> items, Func<T, string> nameOf, string name, bool caseSensitive) where T : class =>
        items.FirstOrDefault(i => string.Equals(nameOf(i), name, StringComparison.Ordinal))
        ?? (caseSensitive ? null : items.FirstOrDefault(i => string.Equals(nameOf(i), name, StringComparison.OrdinalIgnoreCase)));

    private static string? Recursion(GraphInstance instance, SubgraphSource source, string id)
    {
        var chain = new List<GraphInstance>();
        for (GraphInstance? i = instance; i is not null; i = i.Parent)
        {
            chain.Add(i);
        }

        if (!chain.Any(i => Equals(i.Source.Key, source.Key)))
        {
            return null;
        }

        chain.Reverse();
        IEnumerable<string> steps = chain.Skip(1).Select(i => $"node '{i.NodeId}' ({i.Source.Display})");
        return string.Join(" → ", [chain[0].Source.Display, .. steps, $"node '{id}' ({source.Display})"]);
    }

    /// <summary>Validates a graph against the registry and checks what the runtime cannot take; once per graph.</summary>
    private void Check(GraphInstance instance)
    {
        Graph graph = instance.Graph;
        string? baseDirectory = instance.Source.BaseDirectory;
        var unresolved = new Dictionary<string, ResolvedComponent>(StringComparer.Ordinal);
        foreach (GraphNode node in graph.Nodes)
        {
            if (resolver.Resolve(node, baseDirectory) is { ProblemCode: not null } failed)
            {
                unresolved[NodeLocation(node.Id)] = failed;
            }
        }

        foreach (GraphProblem problem in GraphValidator.Validate(graph, resolver.CatalogFor(baseDirectory)).Problems)
        {
            if (problem.Code == GraphProblemCodes.UnknownComponent && unresolved.TryGetValue(problem.Location, out ResolvedComponent failed))
            {
                Report(graph, problem with { Code = failed.ProblemCode!, Message = failed.Problem! }); // say why the graph file is not a component
            }
            else
            {
                // The network builder refuses an unfed required in-port: at load time it is an error.
                Report(graph, problem.Code == GraphProblemCodes.UnconnectedRequiredPort ? problem with { Severity = ProblemSeverity.Error } : problem);
            }
        }

        foreach (GraphNode node in graph.Nodes)
        {
            foreach (string problem in GraphValues.Problems(node.Metadata))
            {
                Report(graph, GraphLoadProblemCodes.InvalidValue, NodeLocation(node.Id), problem);
            }
        }

        foreach (GraphConnection connection in graph.Connections)
        {
            if (!GraphValues.TryReadEdgeSettings(connection.Metadata, out _, out _, out string? problem))
            {
                Report(graph, GraphLoadProblemCodes.InvalidEdgeSettings, Describe(connection), problem!);
            }
        }

        foreach (GraphInitial initial in graph.Initials)
        {
            CheckInitial(graph, initial, initial.Data);
        }

        foreach (ExportedPortInitial initial in graph.ExportedPortInitials)
        {
            CheckInitial(graph, initial, initial.Data);
        }
    }

    private void CheckInitial(Graph graph, object item, JsonElement data)
    {
        if (!GraphValues.TryToMessage(data, out _, out string? problem))
        {
            Report(graph, GraphLoadProblemCodes.InvalidValue, Describe(item), problem!);
        }
    }

    private static string NodeLocation(string id) => $"node '{id}'"; // as GraphValidator writes it

    /// <summary>Where a connection, IIP or exported port is, as <see cref="GraphValidator"/> writes it (made only when a problem needs it).</summary>
    private static string Describe(object item) => item switch
    {
        GraphConnection connection => "connection " + connection,
        GraphInitial initial => "IIP -> " + initial.To,
        ExportedPortInitial initial => $"IIP -> exported in-port '{initial.InPort}'",
        ExportedPort port => $"exported {(port.Direction == PortDirection.In ? "in" : "out")}-port '{port.Name}'",
        _ => item.ToString() ?? "",
    };

    private void Report(Graph graph, string code, string location, string message) =>
        Report(graph, new GraphProblem(ProblemSeverity.Error, code, location, message));

    /// <summary>Records a problem of <paramref name="graph"/>, located in its file when it is a subgraph; the same problem once.</summary>
    private void Report(Graph graph, GraphProblem problem)
    {
        string prefix = _locations[graph];
        GraphProblem located = prefix.Length == 0 ? problem : problem with { Location = $"{prefix}, {problem.Location}" };
        if (_reported.Add(located))
        {
            _problems.Add(located);
        }
    }
}
