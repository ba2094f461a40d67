namespace Reflow.Networks;

/// <summary>
/// The codes of the <see cref="Graphs.GraphProblem"/>s that loading a graph into a network adds to those of graph
/// validation (<see cref="Graphs.GraphProblemCodes"/>). All are errors.
/// </summary>
public static class GraphLoadProblemCodes
{
    /// <summary>A node's component names a graph file (<c>.fbp</c>, <c>.json</c>) that does not exist.</summary>
    public const string SubgraphNotFound = nameof(SubgraphNotFound);

    /// <summary>A node names a file that a <see cref="ComponentProvider"/> makes components of (a script), and the file does not exist.</summary>
    public const string ComponentFileNotFound = nameof(ComponentFileNotFound);

    /// <summary>A <see cref="ComponentProvider"/> could not make a node's component from its file or settings (a script that does not parse, a missing source).</summary>
    public const string InvalidComponent = nameof(InvalidComponent);

    /// <summary>A node's component names a graph file that cannot be read or is not a valid graph.</summary>
    public const string UnreadableSubgraph = nameof(UnreadableSubgraph);

    /// <summary>A subgraph includes itself, directly or through other subgraphs; the message names the chain.</summary>
    public const string RecursiveSubgraph = nameof(RecursiveSubgraph);

    /// <summary>
    /// The network would have more nodes than <see cref="GraphLoadOptions.MaxNodes"/> once its subgraphs are expanded
    /// (<c>actor_system.max_actors_per_node</c>); subgraphs past the limit are not expanded.
    /// </summary>
    public const string TooManyNodes = nameof(TooManyNodes);

    /// <summary>Two nodes get the same id in the network once subgraph node ids are prefixed (<c>a/b</c> beside subgraph <c>a</c>'s node <c>b</c>).</summary>
    public const string NodeIdCollision = nameof(NodeIdCollision);

    /// <summary>An IIP or a node metadata value cannot become a message (nested too deeply, a number out of range).</summary>
    public const string InvalidValue = nameof(InvalidValue);

    /// <summary>A connection's <c>capacity</c> or <c>elastic</c> metadata is not a positive whole number or a Boolean.</summary>
    public const string InvalidEdgeSettings = nameof(InvalidEdgeSettings);

    /// <summary>
    /// A node setting does not fit the type its component's configuration schema gives it (<c>delayMs=abc</c> where a
    /// number is expected), or a setting given at load time (<see cref="GraphLoadOptions.Settings"/>) names a node the
    /// network does not have or a key the component's schema does not list.
    /// </summary>
    public const string InvalidSetting = nameof(InvalidSetting);

    /// <summary>The network builder refused the flattened network (an environment variable a node requires is not set, …).</summary>
    public const string InvalidNetwork = nameof(InvalidNetwork);
}
