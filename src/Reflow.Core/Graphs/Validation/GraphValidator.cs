using System.Text.Json;
using Reflow.Graphs.Analysis;

namespace Reflow.Graphs.Validation;

/// <summary>
/// Checks a graph and returns every problem at once: against a component catalog (unknown components and ports,
/// indexes of ports that are not addressable, type mismatches, unconnected required in-ports) and on its own (a graph with no
/// nodes, orphan and unreachable nodes, cycles, and the duplicates its file had).
/// </summary>
/// <remarks>
/// Dangling references cannot exist in a <see cref="Graph"/>: its edits refuse a reference to a missing node, and
/// the readers fail with every such reference listed (<see cref="GraphFormatException.Problems"/>, code
/// <see cref="GraphProblemCodes.DanglingReference"/>). Port names are matched as <see cref="Graph.CaseSensitive"/>
/// says. Cycles are reported as <see cref="ProblemSeverity.Info"/>: they are legal at run time.
/// </remarks>
public static class GraphValidator
{
    /// <summary>Validates <paramref name="graph"/>; without a catalog only the structural checks run.</summary>
    public static GraphValidation Validate(Graph graph, IComponentCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var problems = new List<GraphProblem>(graph.LoadProblems);
        if (catalog is not null)
        {
            CheckComponents(graph, catalog, problems);
        }

        CheckStructure(graph, problems);
        return new GraphValidation([.. problems.OrderByDescending(p => p.Severity)]);
    }

    private static void CheckComponents(Graph graph, IComponentCatalog catalog, List<GraphProblem> problems)
    {
        var components = new Dictionary<string, ComponentPorts?>(StringComparer.Ordinal);
        foreach (GraphNode node in graph.Nodes)
        {
            ComponentPorts? ports = catalog.FindForNode(node);
            components[node.Id] = ports;
            if (ports is null)
            {
                problems.Add(Error(GraphProblemCodes.UnknownComponent, $"node '{node.Id}'", $"the component '{node.Component}' is not in the catalog"));
            }
        }

        // Looks a port up on its node's component; reports it when the component is known and lacks it.
        CatalogPort? Port(NodePort port, PortDirection direction, string location)
        {
            if (components[port.Node] is not ComponentPorts ports)
            {
                return null;
            }

            CatalogPort? found = ports.FindPort(direction, port.Port, graph.PortComparison);
            if (found is null)
            {
                string kind = direction == PortDirection.In ? "in-port" : "out-port";
                string known = string.Join(", ", (direction == PortDirection.In ? ports.InPorts : ports.OutPorts).Select(p => p.Name));
                problems.Add(Error(GraphProblemCodes.UnknownPort, location,
                    $"the component '{ports.Name}' of node '{port.Node}' has no {kind} '{port.Port}' (its {kind}s: {(known.Length == 0 ? "none" : known)})"));
            }
            else if (port.Index is int index && (!found.Addressable || index < 0 || index > found.MaxIndex))
            {
                string kind = direction == PortDirection.In ? "in-port" : "out-port";
                problems.Add(Error(GraphProblemCodes.InvalidPortIndex, location, found.Addressable
                    ? $"the {kind} '{found.Name}' of component '{ports.Name}' takes indexes {(found.MaxIndex is int max ? $"0 to {max}" : "from 0")}, not {index}"
                    : $"the {kind} '{found.Name}' of component '{ports.Name}' is not addressable: connect it without an index"));
            }

            return found;
        }

        foreach (GraphConnection connection in graph.Connections)
        {
            string location = "connection " + connection;
            CatalogPort? from = Port(connection.From, PortDirection.Out, location);
            CatalogPort? to = Port(connection.To, PortDirection.In, location);
            if (from is not null && to is not null && !PortTypes.CanConnect(from.Type, to.Type))
            {
                problems.Add(Error(GraphProblemCodes.TypeMismatch, location, $"an out-port of type {from.Type} cannot feed an in-port of type {to.Type}"));
            }
        }

        void CheckInitial(NodePort target, JsonElement data, string location)
        {
            if (Port(target, PortDirection.In, location) is CatalogPort port && !PortTypes.Accepts(port.Type, data))
            {
                problems.Add(Error(GraphProblemCodes.TypeMismatch, location,
                    $"the IIP {JsonValues.ToJson(data)} is {PortTypes.InferType(data)}, but the in-port {target} takes {port.Type}"));
            }
        }

        foreach (GraphInitial initial in graph.Initials)
        {
            CheckInitial(initial.To, initial.Data, "IIP -> " + initial.To);
        }

        foreach (ExportedPort port in graph.InPorts.Concat(graph.OutPorts))
        {
            Port(port.Target, port.Direction, $"exported {(port.Direction == PortDirection.In ? "in" : "out")}-port '{port.Name}'");
        }

        foreach (ExportedPortInitial initial in graph.ExportedPortInitials)
        {
            NodePort target = graph.GetExportedPort(PortDirection.In, initial.InPort)!.Target;
            CheckInitial(target, initial.Data, $"IIP -> exported in-port '{initial.InPort}'");
        }

        CheckRequiredPorts(graph, components, problems);
    }

    private static void CheckRequiredPorts(Graph graph, Dictionary<string, ComponentPorts?> components, List<GraphProblem> problems)
    {
        var fed = new HashSet<(string Node, string Port)>(graph.Connections.Select(c => (c.To.Node, Key(graph, c.To.Port)))
            .Concat(graph.Initials.Select(i => (i.To.Node, Key(graph, i.To.Port))))
            .Concat(graph.InPorts.Select(p => (p.Target.Node, Key(graph, p.Target.Port)))));
        foreach (GraphNode node in graph.Nodes)
        {
            if (components[node.Id] is not ComponentPorts ports)
            {
                continue;
            }

            foreach (CatalogPort port in ports.InPorts.Where(p => p.Required && !p.HasDefault && !fed.Contains((node.Id, Key(graph, p.Name)))))
            {
                problems.Add(new GraphProblem(ProblemSeverity.Warning, GraphProblemCodes.UnconnectedRequiredPort, $"node '{node.Id}'",
                    $"the required in-port '{port.Name}' has no connection, IIP, export or default"));
            }
        }
    }

    private static string Key(Graph graph, string port) => graph.CaseSensitive ? port : port.ToUpperInvariant();

    private static void CheckStructure(Graph graph, List<GraphProblem> problems)
    {
        if (graph.Nodes.Count == 0)
        {
            // An empty file (or one of only comments) would otherwise "run" and complete at once, doing nothing.
            problems.Add(Error(GraphProblemCodes.EmptyGraph, "graph", "the graph has no nodes: declare at least one, e.g. a(Component) in .fbp"));
            return;
        }

        var connected = new HashSet<string>(graph.Connections.SelectMany(c => new[] { c.From.Node, c.To.Node }), StringComparer.Ordinal);
        var exported = new HashSet<string>(graph.InPorts.Concat(graph.OutPorts).Select(p => p.Target.Node), StringComparer.Ordinal);
        var orphans = new HashSet<string>(StringComparer.Ordinal);
        if (graph.Nodes.Count > 1)
        {
            foreach (GraphNode node in graph.Nodes.Where(n => !connected.Contains(n.Id) && !exported.Contains(n.Id)))
            {
                orphans.Add(node.Id);
                problems.Add(new GraphProblem(ProblemSeverity.Warning, GraphProblemCodes.OrphanNode, $"node '{node.Id}'",
                    "the node has no connections and no exported port, so nothing flows through it"));
            }
        }

        // Entry points: nodes nothing flows into, nodes with an IIP, and nodes behind exported in-ports.
        var entries = new HashSet<string>(graph.Initials.Select(i => i.To.Node).Concat(graph.InPorts.Select(p => p.Target.Node)), StringComparer.Ordinal);
        var hasInput = new HashSet<string>(graph.Connections.Select(c => c.To.Node), StringComparer.Ordinal);
        entries.UnionWith(graph.Nodes.Select(n => n.Id).Where(id => !hasInput.Contains(id)));
        HashSet<string> reached = GraphAnalysis.ReachableFrom(graph, entries);

        foreach (GraphNode node in graph.Nodes.Where(n => !reached.Contains(n.Id) && !orphans.Contains(n.Id)))
        {
            problems.Add(new GraphProblem(ProblemSeverity.Warning, GraphProblemCodes.UnreachableNode, $"node '{node.Id}'",
                "no packet can reach the node: nothing upstream of it is a source, has an IIP or is exported"));
        }

        foreach (IReadOnlyList<string> cycle in GraphAnalysis.CyclicComponents(graph))
        {
            problems.Add(new GraphProblem(ProblemSeverity.Info, GraphProblemCodes.Cycle, "nodes " + string.Join(", ", cycle.Select(n => $"'{n}'")),
                "the nodes form a cycle: legal, but bounded edges around it can fill and deadlock (mark one elastic if it must buffer)"));
        }
    }

    private static GraphProblem Error(string code, string location, string message) => new(ProblemSeverity.Error, code, location, message);
}
