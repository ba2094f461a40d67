using Reflow.Graphs;
using Reflow.Graphs.Validation;

namespace Reflow.Networks;

/// <summary>
/// Turns a graph (or a graph file in any <see cref="GraphFormat"/>) into a <see cref="NetworkDefinition"/>, resolving
/// its components in a <see cref="ComponentRegistry"/>; checks everything first and reports every problem at once.
/// </summary>
/// <example>
/// <code>
/// var registry = new ComponentRegistry().Add(Component.FromActor&lt;Doubler&gt;()).AddGraphFile("util/Scale", "scale.fbp");
/// NetworkDefinition definition = GraphNetworkLoader.LoadFile("main.fbp", registry);   // GraphLoadException lists every problem
/// await using Network network = Network.Create(definition);
/// await network.RunAsync();
/// </code>
/// </example>
/// <remarks>
/// <para><b>What becomes what.</b> Each node becomes an actor of its component, configured by the node's metadata
/// (JSON values as messages); each IIP (plain JSON → <see cref="Messages.Message"/>) becomes an initial packet; a
/// connection's <c>capacity</c> metadata sets the edge's capacity and <c>elastic: true</c> makes it elastic; the
/// graph's exported ports become the network's, and IIPs sent to them go to the ports they stand for. An index on a
/// port (<c>OUT[2]</c> in <c>.fbp</c>, <c>index</c> in JSON) connects that index of an addressable port
/// (<see cref="Actors.PortDefinition.Addressable"/>), and one of a port that is not addressable is an error; a
/// connection or IIP without an index takes the port's next free index (see <see cref="NetworkBuilder.Connect"/>). Port names
/// become the names the components declare, so in a case-insensitive graph <c>IN</c> reaches the actor as
/// <c>in</c>.</para>
/// <para><b>Subgraphs.</b> A node whose component is a registered graph, or a graph file (see
/// <see cref="ComponentRegistry"/> and the resolution rules below), is replaced by the graph's nodes, with ids
/// prefixed by the node's id and <c>/</c> (<c>outer/inner</c>), to any depth; the node's ports are the graph's
/// exported ports, rewired to the inner ports behind them, so a subgraph adds no hop. The subgraph's IIPs and
/// exported-port IIPs are kept (and delivered before the parent's); the parent's IIPs to the node go to the inner
/// ports; the node's metadata is inherited by every inner node, overriding the inner node's own entries
/// (<c>env_vars</c> are merged variable by variable). A subgraph that includes itself is an error naming the
/// chain.</para>
/// <para><b>Graph files as components.</b> After registered components and graphs, a component name that ends with
/// <c>.fbp</c> or <c>.json</c> names a graph file, and a name such that <c>name.fbp</c>, <c>name.json</c> or
/// <c>name.graph.json</c> exists does too (the DSL allows no dots in component names: <c>sub(graphs/scale)</c>).
/// Paths are relative to the directory of the graph that names them (see <see cref="GraphLoadOptions.BaseDirectory"/>
/// for the top graph).</para>
/// <para><b>Problems.</b> Every graph is validated with <see cref="GraphValidator"/> against the registry (unknown
/// components and ports, type mismatches, unfed required in-ports — an error here, since the network would refuse
/// them) and checked for what the runtime cannot take (<see cref="GraphLoadProblemCodes"/>). A subgraph's
/// problems name its file and the node that placed it. When the graphs have no error, the network builder checks
/// the flattened network (environment variables, …) and its problems are added. Loading throws
/// <see cref="GraphLoadException"/> with all of them; no actor is created.</para>
/// </remarks>
public static class GraphNetworkLoader
{
    /// <summary>Builds the network of <paramref name="graph"/>.</summary>
    /// <exception cref="GraphLoadException">The graph or one of its subgraphs has errors; lists every problem.</exception>
    public static NetworkDefinition Load(Graph graph, ComponentRegistry registry, GraphLoadOptions? options = null) =>
        Build(TopOf(graph, options), registry, options);

    /// <summary>Reads a graph file (<c>.fbp</c>, Reflow JSON or NoFlo JSON, see <see cref="GraphFile.Load"/>) and builds its network.</summary>
    /// <exception cref="GraphFormatException">The file is not a valid graph.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="GraphLoadException">The graph or one of its subgraphs has errors; lists every problem.</exception>
    public static NetworkDefinition LoadFile(string path, ComponentRegistry registry, GraphLoadOptions? options = null) =>
        Build(TopOfFile(path, options), registry, options);

    /// <summary>
    /// Every problem that loading <paramref name="graph"/> would report, with the warnings and notes of validation;
    /// <see cref="GraphValidation.IsValid"/> says whether it would load.
    /// </summary>
    public static GraphValidation Validate(Graph graph, ComponentRegistry registry, GraphLoadOptions? options = null) =>
        new(Compile(TopOf(graph, options), registry, options, out _, out _));

    /// <summary>Reads a graph file and returns every problem that loading it would report (see <see cref="Validate"/>).</summary>
    /// <exception cref="GraphFormatException">The file is not a valid graph.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GraphValidation ValidateFile(string path, ComponentRegistry registry, GraphLoadOptions? options = null) =>
        new(Compile(TopOfFile(path, options), registry, options, out _, out _));

    private static SubgraphSource TopOf(Graph graph, GraphLoadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string? directory = options?.BaseDirectory is string d ? Path.GetFullPath(d) : null;
        return new SubgraphSource(graph, graph, graph.Name is string name ? $"graph '{name}'" : "the graph", directory) { TextSettings = options?.TextSettings ?? false };
    }

    private static SubgraphSource TopOfFile(string path, GraphLoadOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string? directory = options?.BaseDirectory is string d ? Path.GetFullPath(d) : Path.GetDirectoryName(fullPath);
        return new SubgraphSource(fullPath, GraphFile.Load(path, options?.CaseSensitive ?? false), path, directory) { TextSettings = SubgraphSource.HasTextSettings(path) };
    }

    private static NetworkDefinition Build(SubgraphSource top, ComponentRegistry registry, GraphLoadOptions? options)
    {
        IReadOnlyList<GraphProblem> problems = Compile(top, registry, options, out NetworkDefinition? definition, out Exception? builderError);
        return definition ?? throw new GraphLoadException(top.Display, problems, builderError);
    }

    /// <summary>Flattens, validates and (when no graph has an error) builds; returns every problem, errors first.</summary>
    private static IReadOnlyList<GraphProblem> Compile(
        SubgraphSource top, ComponentRegistry registry, GraphLoadOptions? options, out NetworkDefinition? definition, out Exception? builderError)
    {
        ArgumentNullException.ThrowIfNull(registry);
        options ??= GraphLoadOptions.Default;
        var builder = new NetworkBuilder(options.DefaultEdgeCapacity);
        var flattener = new GraphFlattener(new ComponentResolver(registry, top.BaseDirectory, options.CaseSensitive), builder, options.Settings, options.MaxNodes);
        flattener.Add(top);
        var problems = new List<GraphProblem>(flattener.Problems);
        definition = null;
        builderError = null;
        if (!problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            options.ConfigureBuilder?.Invoke(builder);
            try
            {
                definition = builder.Build(options.EnvironmentVariables);
            }
            catch (NetworkValidationException ex)
            {
                builderError = ex;
                problems.AddRange(ex.Problems.Select(ToProblem));
            }
        }

        return [.. problems.OrderByDescending(p => p.Severity)];
    }

    /// <summary>A builder problem (<c>edge a.out -&gt; b.in: …</c>, <c>node 'a': …</c>) as a graph problem located in the network.</summary>
    private static GraphProblem ToProblem(string problem)
    {
        int colon = problem.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0
            ? new GraphProblem(ProblemSeverity.Error, GraphLoadProblemCodes.InvalidNetwork, "network " + problem[..colon], problem[(colon + 2)..])
            : new GraphProblem(ProblemSeverity.Error, GraphLoadProblemCodes.InvalidNetwork, "network", problem);
    }
}
