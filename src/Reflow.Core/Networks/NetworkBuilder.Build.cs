using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Networks;

// Build: checks everything at once and resolves names to indexes (the fluent API that gathers the parts is in
// NetworkBuilder.cs).
public sealed partial class NetworkBuilder
{
    /// <summary>Checks the node's <c>pool</c> metadata (<see cref="ExecutionPools.MetadataKey"/>), if any: a value that is not a name is a problem.</summary>
    private static void CheckPool(string id, MessageObject? metadata, List<string> problems)
    {
        if (metadata is null || !metadata.TryGetValue(ExecutionPools.MetadataKey, out Message value)
            || (value.TryGetString(out string? pool) && !string.IsNullOrWhiteSpace(pool)))
        {
            return;
        }

        problems.Add($"node '{id}': metadata '{ExecutionPools.MetadataKey}' must name an execution pool (a non-empty string), not {value.Kind}");
    }

    /// <summary>Checks everything and resolves every name to an index.</summary>
    /// <param name="environment">Reads environment variables for the nodes' <c>env_vars</c>; the process environment when null.</param>
    /// <exception cref="NetworkValidationException">Anything is wrong; lists every problem.</exception>
    public NetworkDefinition Build(Func<string, string?>? environment = null)
    {
        var problems = new List<string>();
        var nodes = ImmutableArray.CreateBuilder<NodeDefinition>(_nodes.Count);
        var nodeIndex = new Dictionary<string, int>(_nodes.Count, StringComparer.Ordinal); // sized: 100 000 nodes regrown cost B7's start-up
        foreach ((string id, Component component, MessageObject? metadata) in _nodes)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                problems.Add("a node has an empty id");
                continue;
            }

            if (nodeIndex.ContainsKey(id))
            {
                problems.Add($"node '{id}' is added twice");
                continue;
            }

            ActorConfiguration configuration;
            string? baseDirectory = _baseDirectories.GetValueOrDefault(id);
            try
            {
                configuration = ActorConfiguration.Create(id, component.Description.Name, metadata, environment, baseDirectory);
            }
            catch (ActorConfigurationException ex)
            {
                // Reported here once; the node stays resolvable so its edges are not also reported as unknown.
                problems.AddRange(ex.Problems.Select(p => $"node '{id}': {p}"));
                configuration = ActorConfiguration.Create(id, component.Description.Name, MessageObject.Empty, environment, baseDirectory);
            }

            SupervisionPolicy? policy = _supervision.GetValueOrDefault(id);
            try
            {
                policy?.Validate(id);
            }
            catch (ArgumentException ex)
            {
                problems.Add(ex.Message);
            }

            CheckPool(id, metadata, problems); // NodeDefinition.Pool reads it from the configuration
            nodeIndex.Add(id, nodes.Count);
            nodes.Add(new NodeDefinition(nodes.Count, id, component, configuration) { Supervision = policy, Permissions = _permissions.GetValueOrDefault(id) });
        }

        foreach (string id in _supervision.Keys)
        {
            if (!nodeIndex.ContainsKey(id))
            {
                problems.Add($"a supervision policy is set for node '{id}', which is not in the network");
            }
        }

        foreach (string id in _permissions.Keys.Where(id => !nodeIndex.ContainsKey(id)))
        {
            problems.Add($"permissions are set for node '{id}', which is not in the network");
        }

        var resolver = new Resolver(nodes, nodeIndex, problems);
        var indexes = new PortIndexes(problems);
        var connectedInPorts = new HashSet<(int Node, int Port)>(_edges.Count + _initials.Count + _exportedInPorts.Count);
        var resolvedEdges = new List<(BuildSubject What, NodeDefinition Source, int SourcePort, NodeDefinition Target, int TargetPort, int Capacity, bool Elastic, int? FromIndex, int? ToIndex)>(_edges.Count);
        foreach ((string fromNode, string fromPort, string toNode, string toPort, int? capacity, bool elastic, int? fromIndex, int? toIndex) in _edges)
        {
            var edge = BuildSubject.Edge(fromNode, fromPort, fromIndex, toNode, toPort, toIndex);
            bool fromOk = resolver.TryOutPort(edge, fromNode, fromPort, out NodeDefinition? source, out int sourcePort);
            bool toOk = resolver.TryInPort(edge, toNode, toPort, out NodeDefinition? target, out int targetPort);
            int resolvedCapacity = capacity ?? _defaultEdgeCapacity;
            if (resolvedCapacity < 1)
            {
                problems.Add($"{edge}: capacity must be at least 1, not {resolvedCapacity}");
            }

            if (!fromOk || !toOk)
            {
                continue;
            }

            PortDefinition output = source!.Component.Description.OutPorts[sourcePort];
            PortDefinition input = target!.Component.Description.InPorts[targetPort];
            if (!PortTypeRules.CanConnect(output.Type, input.Type))
            {
                problems.Add($"{edge}: the out-port carries {output.Type} but the in-port accepts {input.Type}");
            }

            indexes.Reserve(edge, source, output: true, sourcePort, fromIndex);
            indexes.Reserve(edge, target, output: false, targetPort, toIndex);
            connectedInPorts.Add((target.Index, targetPort));
            if (elastic && source.Component.Description.MayBlock != target.Component.Description.MayBlock)
            {
                problems.Add($"{edge}: an elastic edge needs both ends on one thread, but only one of them may block (and runs on the blocking pool)");
            }

            resolvedEdges.Add((edge, source, sourcePort, target, targetPort, Math.Max(resolvedCapacity, 1), elastic, fromIndex, toIndex));
        }

        var resolvedInitials = new List<(BuildSubject What, NodeDefinition Target, int TargetPort, Message Value, int? Index)>(_initials.Count);
        foreach ((string node, string port, Message value, int? index) in _initials)
        {
            var what = BuildSubject.Initial(node, port, index);
            if (!resolver.TryInPort(what, node, port, out NodeDefinition? target, out int targetPort))
            {
                continue;
            }

            PortType type = target!.Component.Description.InPorts[targetPort].Type;
            if (!type.Accepts(value.Kind))
            {
                problems.Add($"{what}: the value is {value.Kind} but the in-port accepts {type}");
            }

            indexes.Reserve(what, target, output: false, targetPort, index);
            connectedInPorts.Add((target.Index, targetPort));
            resolvedInitials.Add((what, target, targetPort, value, index));
        }

        var exportedInPorts = Export("in-port", _exportedInPorts, resolver, problems, indexes, connectedInPorts);
        var exportedOutPorts = Export("out-port", _exportedOutPorts, resolver, problems, indexes, connected: null);

        // Indexes last: a connection without one takes the lowest index that none of the port's connections names.
        var edges = ImmutableArray.CreateBuilder<EdgeDefinition>(resolvedEdges.Count);
        foreach (var e in resolvedEdges)
        {
            edges.Add(new EdgeDefinition(e.Source.Index, e.SourcePort, e.Target.Index, e.TargetPort, e.Capacity)
            {
                Elastic = e.Elastic,
                FromIndex = indexes.Assign(e.What, e.Source, output: true, e.SourcePort, e.FromIndex),
                ToIndex = indexes.Assign(e.What, e.Target, output: false, e.TargetPort, e.ToIndex),
            });
        }

        var initials = ImmutableArray.CreateBuilder<InitialDefinition>(resolvedInitials.Count);
        foreach (var i in resolvedInitials)
        {
            initials.Add(new InitialDefinition(i.Target.Index, i.TargetPort, i.Value, FromDefault: false) { ToIndex = indexes.Assign(i.What, i.Target, output: false, i.TargetPort, i.Index) });
        }

        ImmutableArray<ExportedPortDefinition> exportedIn = AssignIndexes(exportedInPorts, indexes, output: false);
        ImmutableArray<ExportedPortDefinition> exportedOut = AssignIndexes(exportedOutPorts, indexes, output: true);

        foreach (NodeDefinition node in nodes)
        {
            ImmutableArray<PortDefinition> inPorts = node.Component.Description.InPorts;
            for (int port = 0; port < inPorts.Length; port++)
            {
                if (connectedInPorts.Contains((node.Index, port)))
                {
                    continue;
                }

                if (inPorts[port].Default is Message fallback)
                {
                    initials.Add(new InitialDefinition(node.Index, port, fallback, FromDefault: true));
                }
                else if (inPorts[port].Required)
                {
                    problems.Add($"node '{node.Id}' ({node.Component.Description.Name}): required in-port '{inPorts[port].Name}' is not connected, exported, or given an initial packet or default");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new NetworkValidationException(problems);
        }

        return new NetworkDefinition(nodes.ToImmutable(), edges.ToImmutable(), initials.ToImmutable(), exportedIn, exportedOut);
    }

    private static List<(BuildSubject What, string Name, NodeDefinition Node, int Port, int? Index)> Export(
        string kind,
        List<(string Name, string Node, string Port, int? Index)> declared,
        Resolver resolver,
        List<string> problems,
        PortIndexes indexes,
        HashSet<(int Node, int Port)>? connected)
    {
        var exported = new List<(BuildSubject What, string Name, NodeDefinition Node, int Port, int? Index)>(declared.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string name, string node, string port, int? index) in declared)
        {
            var what = new BuildSubject("exported {0} '{1}' ({2}.{3})", kind, name, node, BuildSubject.PortText(port, index));
            if (string.IsNullOrWhiteSpace(name) || !names.Add(name))
            {
                problems.Add($"{what}: the name is empty or used twice");
                continue;
            }

            bool resolved = connected is null
                ? resolver.TryOutPort(what, node, port, out NodeDefinition? target, out int portIndex)
                : resolver.TryInPort(what, node, port, out target, out portIndex);
            if (resolved)
            {
                connected?.Add((target!.Index, portIndex));
                indexes.Reserve(what, target!, output: connected is null, portIndex, index);
                exported.Add((what, name, target!, portIndex, index));
            }
        }

        return exported;
    }

    private static ImmutableArray<ExportedPortDefinition> AssignIndexes(
        List<(BuildSubject What, string Name, NodeDefinition Node, int Port, int? Index)> exported, PortIndexes indexes, bool output)
    {
        var definitions = ImmutableArray.CreateBuilder<ExportedPortDefinition>(exported.Count);
        foreach (var e in exported)
        {
            definitions.Add(new ExportedPortDefinition(e.Name, e.Node.Index, e.Port) { Index = indexes.Assign(e.What, e.Node, output, e.Port, e.Index) });
        }

        return definitions.ToImmutable();
    }

    /// <summary>Resolves node and port names, adding a problem that lists the valid names when one is wrong.</summary>
    private sealed class Resolver(ImmutableArray<NodeDefinition>.Builder nodes, Dictionary<string, int> nodeIndex, List<string> problems)
    {
        public bool TryInPort(BuildSubject what, string node, string port, out NodeDefinition? definition, out int index) =>
            TryPort(what, node, port, input: true, out definition, out index);

        public bool TryOutPort(BuildSubject what, string node, string port, out NodeDefinition? definition, out int index) =>
            TryPort(what, node, port, input: false, out definition, out index);

        private bool TryPort(BuildSubject what, string node, string port, bool input, out NodeDefinition? definition, out int index)
        {
            index = -1;
            if (!nodeIndex.TryGetValue(node, out int nodeIndexValue))
            {
                definition = null;
                problems.Add($"{what}: there is no node '{node}' (nodes: {string.Join(", ", nodes.Select(n => n.Id))})");
                return false;
            }

            definition = nodes[nodeIndexValue];
            ComponentDescription component = definition.Component.Description;
            index = input ? component.IndexOfInPort(port) : component.IndexOfOutPort(port);
            if (index >= 0)
            {
                return true;
            }

            ImmutableArray<PortDefinition> ports = input ? component.InPorts : component.OutPorts;
            problems.Add($"{what}: node '{node}' ({component.Name}) has no {(input ? "in" : "out")}-port '{port}' " +
                $"({(ports.IsEmpty ? "it has none" : "it has: " + string.Join(", ", ports.Select(p => p.Name)))})");
            return false;
        }
    }
}
