using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Validation;

namespace Reflow.Networks;

/// <summary>
/// The components a graph can name, by their stable name (<c>core/Repeat</c>, <c>math/Add</c>): C# components and
/// graphs registered as components (subgraphs). <see cref="GraphNetworkLoader"/> resolves a graph's nodes here, and
/// graph validation checks them against it (the registry is an <see cref="IComponentCatalog"/>).
/// </summary>
/// <remarks>
/// <para>Names are case-sensitive and unique across components and graphs: registering a name twice throws.
/// Libraries add theirs with extension methods (<c>registry.AddStandardComponents()</c>).</para>
/// <para>The registry is filled once, then read: adding is not thread-safe, reading from several threads while
/// nobody adds is. A registered graph is kept by reference, so loads see later edits to it.</para>
/// <para>It lives in <c>Reflow.Networks</c> rather than <c>Reflow.Actors</c> because it holds graphs too, and the
/// actor layer depends on messages only.</para>
/// </remarks>
public sealed class ComponentRegistry : IComponentCatalog
{
    private readonly Dictionary<string, (Component Component, ComponentPorts Ports)> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubgraphSource> _graphs = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly Dictionary<string, (ComponentProvider Provider, ComponentDescription Description)> _configured = new(StringComparer.Ordinal);
    private readonly List<(string Extension, ComponentProvider Provider)> _fileExtensions = [];
    private readonly List<ComponentProvider> _providers = [];

    /// <summary>How many components and graphs are registered.</summary>
    public int Count => _names.Count;

    /// <summary>Every registered name, components and graphs, in the order they were added.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Registers <paramref name="component"/> under its <see cref="ComponentDescription.Name"/>.</summary>
    /// <exception cref="ArgumentException">The name is already registered.</exception>
    public ComponentRegistry Add(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        string name = component.Description.Name;
        Reserve(name);
        _components.Add(name, (component, ComponentResolver.Describe(component.Description)));
        return this;
    }

    /// <summary>Registers an attributed <see cref="Actor"/> class (see <see cref="Component.FromActor{TActor}"/>).</summary>
    /// <exception cref="ArgumentException">The name is already registered.</exception>
    /// <exception cref="ComponentDefinitionException">The class's attributes are invalid.</exception>
    public ComponentRegistry Add<TActor>() where TActor : Actor, new() => Add(Component.FromActor<TActor>());

    /// <summary>
    /// Registers a graph as the component <paramref name="name"/>: a node of that component is replaced by the
    /// graph's nodes when a network is loaded, its exported ports standing for the node's ports.
    /// </summary>
    /// <param name="name">The component name graphs use for it.</param>
    /// <param name="graph">The graph (kept by reference).</param>
    /// <param name="baseDirectory">Where graph-file component names inside it resolve; the current directory when null.</param>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public ComponentRegistry AddGraph(string name, Graph graph, string? baseDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(graph);
        Reserve(name);
        _graphs.Add(name, new SubgraphSource(graph, graph, $"registered graph '{name}'", baseDirectory is null ? null : Path.GetFullPath(baseDirectory)));
        return this;
    }

    /// <summary>
    /// Reads a graph file (any <see cref="GraphFormat"/>) now and registers it as the component
    /// <paramref name="name"/>; graph-file component names inside it resolve relative to the file.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    /// <exception cref="GraphFormatException">The file is not a valid graph.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public ComponentRegistry AddGraphFile(string name, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfRegistered(name); // before the file is read
        string fullPath = Path.GetFullPath(path);
        return AddGraph(name, GraphFile.Load(fullPath), Path.GetDirectoryName(fullPath));
    }

    /// <summary>
    /// Adds a provider of components made from files or from a node's settings (the script runtimes): its
    /// configured component names are registered names from now on, and a graph may name a file with one of its
    /// extensions as a component.
    /// </summary>
    /// <exception cref="ArgumentException">One of its names is already registered, or another provider takes one of its file extensions.</exception>
    public ComponentRegistry AddProvider(ComponentProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        IReadOnlyList<ComponentDescription> configured = provider.ConfiguredComponents;
        IReadOnlyList<string> extensions = provider.FileExtensions;
        foreach (ComponentDescription description in configured)
        {
            ThrowIfRegistered(description.Name);
        }

        foreach (string extension in extensions)
        {
            if (extension is not ['.', _, ..])
            {
                throw new ArgumentException($"'{extension}' is not a file extension: expected a dot and a name, such as .js.", nameof(provider));
            }

            if (_fileExtensions.Find(e => string.Equals(e.Extension, extension, StringComparison.OrdinalIgnoreCase)) is { Provider: not null } taken)
            {
                throw new ArgumentException($"Files ending in {extension} are already made into components by {taken.Provider.GetType().Name}.", nameof(provider));
            }
        }

        foreach (ComponentDescription description in configured)
        {
            Reserve(description.Name);
            _configured.Add(description.Name, (provider, description));
        }

        foreach (string extension in extensions)
        {
            _fileExtensions.Add((extension, provider));
        }

        _providers.Add(provider);
        return this;
    }

    /// <summary>The providers added with <see cref="AddProvider"/>, in order.</summary>
    public IReadOnlyList<ComponentProvider> Providers => _providers;

    /// <summary>The description of a configured component name (see <see cref="ComponentProvider.ConfiguredComponents"/>), or null.</summary>
    public ComponentDescription? FindConfigured(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _configured.TryGetValue(name, out (ComponentProvider _, ComponentDescription Description) entry) ? entry.Description : null;
    }

    /// <summary>The provider of a configured component name, or null.</summary>
    internal ComponentProvider? ConfiguredProvider(string name) =>
        _configured.TryGetValue(name, out (ComponentProvider Provider, ComponentDescription _) entry) ? entry.Provider : null;

    /// <summary>The provider whose file extensions <paramref name="name"/> ends with, or null.</summary>
    internal ComponentProvider? FileProvider(string name)
    {
        foreach ((string extension, ComponentProvider provider) in _fileExtensions)
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is registered (as a component or a graph).</summary>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _components.ContainsKey(name) || _graphs.ContainsKey(name) || _configured.ContainsKey(name);
    }

    /// <summary>The C# component registered as <paramref name="name"/>, or null.</summary>
    public Component? FindComponent(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _components.TryGetValue(name, out (Component Component, ComponentPorts _) entry) ? entry.Component : null;
    }

    /// <summary>The graph registered as <paramref name="name"/>, or null.</summary>
    public Graph? FindGraph(string name) => FindSubgraph(name)?.Graph;

    /// <summary>
    /// The ports of the component or graph registered as <paramref name="component"/>, as graph validation sees
    /// them, or null when the name is not registered. A graph's ports are its exported ports, typed by the inner
    /// ports they stand for (<c>any</c> where those cannot be resolved).
    /// </summary>
    public ComponentPorts? Find(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (_components.TryGetValue(component, out (Component _, ComponentPorts Ports) entry))
        {
            return entry.Ports;
        }

        if (_configured.TryGetValue(component, out (ComponentProvider _, ComponentDescription Description) configured))
        {
            return ComponentResolver.Describe(configured.Description); // the node's settings decide its ports: see FindForNode
        }

        // A graph is described afresh each time: it may have been edited since it was registered.
        return _graphs.ContainsKey(component) ? new ComponentResolver(this, rootDirectory: null).Ports(component, baseDirectory: null) : null;
    }

    /// <summary>
    /// The ports of <paramref name="node"/>'s component: for a configured component, those of the component its
    /// provider makes from the node's settings (relative files from the current directory); else <see cref="Find"/>.
    /// </summary>
    public ComponentPorts? FindForNode(GraphNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _configured.ContainsKey(node.Component) || FileProvider(node.Component) is not null
            ? new ComponentResolver(this, rootDirectory: null).CatalogFor(baseDirectory: null).FindForNode(node)
            : Find(node.Component);
    }

    internal SubgraphSource? FindSubgraph(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _graphs.GetValueOrDefault(name);
    }

    private void Reserve(string name)
    {
        ThrowIfRegistered(name);
        _names.Add(name);
    }

    private void ThrowIfRegistered(string name)
    {
        if (_components.ContainsKey(name))
        {
            throw new ArgumentException($"The registry already has a component '{name}' (names are unique and case-sensitive).", nameof(name));
        }

        if (_graphs.ContainsKey(name))
        {
            throw new ArgumentException($"The registry already has a graph '{name}' (names are unique and case-sensitive).", nameof(name));
        }

        if (_configured.ContainsKey(name))
        {
            throw new ArgumentException($"The registry already has a configured component '{name}' (names are unique and case-sensitive).", nameof(name));
        }
    }
}
