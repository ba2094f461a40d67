using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Validation;

namespace Reflow.Networks;

/// <summary>
/// Resolves the component names of graphs for one load, with caches: a registered component, a registered graph,
/// or a graph file; and describes each as graph validation sees it (<see cref="ComponentPorts"/>).
/// </summary>
/// <remarks>
/// A name is tried in this order: a registered component; a registered graph; a configured component (made from the
/// node's settings by its <see cref="ComponentProvider"/>, once per node); a file a provider makes components of (by
/// its extension, <c>./parse.js</c>); a graph file — the name itself when it ends with <c>.fbp</c> or <c>.json</c>,
/// else the name with <c>.fbp</c>, <c>.json</c> or <c>.graph.json</c> appended when such a file exists (so a graph may
/// name a subgraph without its extension). Files resolve relative to the directory of the graph that names them, and
/// each is read once per load.
/// </remarks>
internal sealed class ComponentResolver
{
    private static readonly string[] s_graphExtensions = [".fbp", ".json"];
    private static readonly string[] s_probedExtensions = [".fbp", ".json", ".graph.json"];

    private readonly ComponentRegistry _registry;
    private readonly string _rootDirectory;
    private readonly Dictionary<(string Name, string? BaseDirectory), ResolvedComponent> _resolved = [];
    private readonly Dictionary<(string Name, string? BaseDirectory), ComponentPorts?> _ports = [];
    private readonly Dictionary<string, ResolvedComponent> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<GraphNode, ResolvedComponent> _nodes = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> _describing = [];
    private readonly bool _caseSensitive;
    private int _recursions; // how often a graph was met again while being described

    /// <param name="registry">The registry.</param>
    /// <param name="rootDirectory">File paths in problems are relative to it; the current directory when null.</param>
    /// <param name="caseSensitive">Whether subgraph <c>.fbp</c> files are read case-sensitively.</param>
    public ComponentResolver(ComponentRegistry registry, string? rootDirectory, bool caseSensitive = false)
    {
        _registry = registry;
        _caseSensitive = caseSensitive;
        _rootDirectory = rootDirectory ?? Directory.GetCurrentDirectory();
    }

    /// <summary>What <paramref name="node"/>'s component stands for: made from its settings when it is a configured component, else <see cref="Resolve(string, string?)"/>.</summary>
    public ResolvedComponent Resolve(GraphNode node, string? baseDirectory)
    {
        if (_registry.ConfiguredProvider(node.Component) is not ComponentProvider provider)
        {
            return Resolve(node.Component, baseDirectory);
        }

        if (!_nodes.TryGetValue(node, out ResolvedComponent resolved))
        {
            resolved = Create(() => provider.CreateForNode(node.Component, node.Metadata, baseDirectory), $"node '{node.Id}' cannot be made from its settings");
            _nodes.Add(node, resolved);
        }

        return resolved;
    }

    /// <summary>The ports of <paramref name="node"/>'s component (see <see cref="Resolve(GraphNode, string?)"/>), or null when it resolves to nothing.</summary>
    public ComponentPorts? Ports(GraphNode node, string? baseDirectory) =>
        _registry.ConfiguredProvider(node.Component) is null ? Ports(node.Component, baseDirectory)
        : Resolve(node, baseDirectory).Component is Component component ? Describe(component.Description)
        : null;

    /// <summary>What <paramref name="component"/> stands for in a graph whose graph-file names resolve against <paramref name="baseDirectory"/>.</summary>
    public ResolvedComponent Resolve(string component, string? baseDirectory)
    {
        if (!_resolved.TryGetValue((component, baseDirectory), out ResolvedComponent resolved))
        {
            resolved = ResolveUncached(component, baseDirectory);
            _resolved.Add((component, baseDirectory), resolved);
        }

        return resolved;
    }

    /// <summary>The ports of <paramref name="component"/> (see <see cref="Resolve(string, string?)"/>), or null when it resolves to nothing.</summary>
    public ComponentPorts? Ports(string component, string? baseDirectory)
    {
        if (!_ports.TryGetValue((component, baseDirectory), out ComponentPorts? ports))
        {
            ResolvedComponent resolved = Resolve(component, baseDirectory);
            int recursions = _recursions;
            ports = resolved.Component is Component made ? _registry.Find(component) ?? Describe(made.Description) // a file's component is not registered
                : resolved.Subgraph is SubgraphSource graph ? Describe(component, graph)
                : null;

            // A description that met a recursion is only half known (the recursive part untyped): not kept.
            if (recursions == _recursions)
            {
                _ports[(component, baseDirectory)] = ports;
            }
        }

        return ports;
    }

    /// <summary>A catalog for validating a graph whose graph-file names resolve against <paramref name="baseDirectory"/>.</summary>
    public IComponentCatalog CatalogFor(string? baseDirectory) => new Catalog(this, baseDirectory);

    /// <summary>A component's ports as validation sees them; types are the <see cref="PortType"/> names in lower case.</summary>
    public static ComponentPorts Describe(ComponentDescription description) => new(
        description.Name,
        [.. description.InPorts.Select(p => new CatalogPort(p.Name, TypeName(p.Type), p.Required, p.Default is not null) { Addressable = p.Addressable, MaxIndex = MaxIndex(p) })],
        [.. description.OutPorts.Select(p => new CatalogPort(p.Name, TypeName(p.Type)) { Addressable = p.Addressable, MaxIndex = MaxIndex(p) })]);

    /// <summary>The highest index validation lets a graph name: the runtime's limit where the port sets none.</summary>
    private static int? MaxIndex(PortDefinition port) => port.Addressable ? port.HighestIndex : null;

    private static string TypeName(PortType type) => type.ToString().ToLowerInvariant();

    /// <summary>
    /// A graph's ports are its exported ports, typed (and required) as the inner ports they stand for, and addressable
    /// when they stand for a whole addressable port (one exported at an index, <c>node.OUT[1]</c>, is a plain port).
    /// </summary>
    private ComponentPorts Describe(string name, SubgraphSource source)
    {
        Graph graph = source.Graph;
        if (!_describing.Add(source.Key))
        {
            // Recursion (reported by the loader): the names are known, the types are not.
            _recursions++;
            return new ComponentPorts(name, [.. graph.InPorts.Select(p => new CatalogPort(p.Name))], [.. graph.OutPorts.Select(p => new CatalogPort(p.Name))]);
        }

        try
        {
            return new ComponentPorts(name, [.. graph.InPorts.Select(p => Describe(source, p))], [.. graph.OutPorts.Select(p => Describe(source, p))]);
        }
        finally
        {
            _describing.Remove(source.Key);
        }
    }

    private CatalogPort Describe(SubgraphSource source, ExportedPort port)
    {
        Graph graph = source.Graph;
        GraphNode node = graph.GetNode(port.Target.Node)!; // a graph's exports always target one of its nodes
        CatalogPort? inner = Ports(node.Component, source.BaseDirectory)?.FindPort(port.Direction, port.Target.Port, graph.PortComparison);
        string type = inner?.Type ?? "any";
        bool addressable = inner?.Addressable == true && port.Target.Index is null;
        int? maxIndex = addressable ? inner!.MaxIndex : null;
        if (port.Direction == PortDirection.Out)
        {
            return new CatalogPort(port.Name, type) { Addressable = addressable, MaxIndex = maxIndex };
        }

        bool fedInside = graph.Connections.Any(c => SamePort(graph, c.To, port.Target)) || graph.Initials.Any(i => SamePort(graph, i.To, port.Target));
        bool fedByDefault = graph.ExportedPortInitials.Any(i => graph.PortComparer.Equals(i.InPort, port.Name));
        return new CatalogPort(
            port.Name,
            type,
            Required: inner is { Required: true, HasDefault: false } && !fedInside && !fedByDefault,
            HasDefault: inner?.HasDefault == true || fedByDefault)
        {
            Addressable = addressable,
            MaxIndex = maxIndex,
        };
    }

    private static bool SamePort(Graph graph, NodePort a, NodePort b) => a.Node == b.Node && graph.PortComparer.Equals(a.Port, b.Port);

    private ResolvedComponent ResolveUncached(string component, string? baseDirectory)
    {
        if (_registry.FindComponent(component) is Component registered)
        {
            return new ResolvedComponent(Component: registered);
        }

        if (_registry.FindSubgraph(component) is SubgraphSource graph)
        {
            return new ResolvedComponent(Subgraph: graph);
        }

        if (component.Contains('\0', StringComparison.Ordinal))
        {
            return default; // not a path on any system (GetFullPath would throw)
        }

        string directory = baseDirectory ?? Directory.GetCurrentDirectory();
        if (_registry.FileProvider(component) is ComponentProvider provider)
        {
            string file = Path.GetFullPath(component, directory);
            return File.Exists(file)
                ? LoadComponentFile(provider, file)
                : new ResolvedComponent(ProblemCode: GraphLoadProblemCodes.ComponentFileNotFound, Problem: $"the file '{component}' does not exist (looked for {file})");
        }

        if (s_graphExtensions.Any(e => component.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            string path = Path.GetFullPath(component, directory);
            return File.Exists(path)
                ? LoadFile(path)
                : new ResolvedComponent(ProblemCode: GraphLoadProblemCodes.SubgraphNotFound, Problem: $"the graph file '{component}' does not exist (looked for {path})");
        }

        foreach (string extension in s_probedExtensions)
        {
            string path = Path.GetFullPath(component + extension, directory);
            if (File.Exists(path))
            {
                return LoadFile(path);
            }
        }

        return default;
    }

    private ResolvedComponent LoadComponentFile(ComponentProvider provider, string path)
    {
        if (!_files.TryGetValue(path, out ResolvedComponent loaded))
        {
            loaded = Create(() => provider.CreateFromFile(path), $"the file {Path.GetRelativePath(_rootDirectory, path)} cannot be a component");
            _files.Add(path, loaded);
        }

        return loaded;
    }

    /// <summary>Runs a provider; what it refuses becomes the node's problem, prefixed with <paramref name="what"/>.</summary>
    private static ResolvedComponent Create(Func<Component> create, string what)
    {
        try
        {
            return new ResolvedComponent(Component: create() ?? throw new ComponentDefinitionException("the provider made no component"));
        }
        catch (Exception ex) when (ex is ComponentDefinitionException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new ResolvedComponent(ProblemCode: GraphLoadProblemCodes.InvalidComponent, Problem: $"{what}: {ex.Message}");
        }
    }

    private ResolvedComponent LoadFile(string path)
    {
        if (_files.TryGetValue(path, out ResolvedComponent loaded))
        {
            return loaded;
        }

        string display = Path.GetRelativePath(_rootDirectory, path);
        try
        {
            loaded = new ResolvedComponent(Subgraph: new SubgraphSource(path, GraphFile.Load(path, _caseSensitive), display, Path.GetDirectoryName(path))
            {
                TextSettings = SubgraphSource.HasTextSettings(path),
            });
        }
        catch (Exception ex) when (ex is GraphFormatException or IOException or UnauthorizedAccessException)
        {
            loaded = new ResolvedComponent(ProblemCode: GraphLoadProblemCodes.UnreadableSubgraph, Problem: $"the graph file {display} cannot be used: {ex.Message}");
        }

        _files.Add(path, loaded);
        return loaded;
    }

    private sealed class Catalog(ComponentResolver resolver, string? baseDirectory) : IComponentCatalog
    {
        public ComponentPorts? Find(string component) => resolver.Ports(component, baseDirectory);

        public ComponentPorts? FindForNode(GraphNode node) => resolver.Ports(node, baseDirectory);
    }
}
