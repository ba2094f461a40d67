using Reflow.Graphs;

namespace Reflow.Networks;

/// <summary>How <see cref="GraphNetworkLoader"/> turns a graph into a network. Immutable; start from <see cref="Default"/>.</summary>
public sealed record GraphLoadOptions
{
    /// <summary>The defaults: relative graph files resolve against the graph's own file (or the current directory), edges hold 1024 messages.</summary>
    public static GraphLoadOptions Default { get; } = new();

    /// <summary>
    /// Where a graph-file component name of the top graph (<c>sub.fbp</c>, <c>graphs/scale</c>) and a relative path in
    /// one of its nodes' settings (<c>io/ReadLines</c>'s <c>path</c>, through <see cref="Actors.ActorContext.ResolvePath"/>)
    /// resolve. When null: the directory of the graph's file for <see cref="GraphNetworkLoader.LoadFile"/>, the current
    /// directory for <see cref="GraphNetworkLoader.Load"/>. Names and paths inside a subgraph file always resolve
    /// against that file's directory.
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>
    /// Whether <c>.fbp</c> graph files (the top graph's and subgraph files') are read case-sensitively, port names kept
    /// as written (see <see cref="GraphFile.Load"/>); false, the default, lowercases them as the npm <c>fbp</c> parser does.
    /// </summary>
    public bool CaseSensitive { get; init; }

    /// <summary>
    /// Whether the top graph's node settings were written as text, as a <c>.fbp</c> file writes every value: each is then
    /// typed by its component's configuration schema (<c>delayMs=10</c> becomes the number 10), as
    /// <see cref="GraphNetworkLoader.LoadFile"/> types a <c>.fbp</c> file's. <see cref="GraphNetworkLoader.LoadFile"/>
    /// decides this from the file's extension and ignores it; for <see cref="GraphNetworkLoader.Load"/> it says where a
    /// graph built in code came from (a host that read a <c>.fbp</c> file itself). Subgraph files decide by their own
    /// extension.
    /// </summary>
    public bool TextSettings { get; init; }

    /// <summary>The default of <see cref="MaxNodes"/>: <c>actor_system.max_actors_per_node</c>'s default.</summary>
    public const int DefaultMaxNodes = 1_000_000;

    /// <summary>
    /// The most nodes the network may have once every subgraph is expanded. Checked while subgraphs are expanded, so
    /// a few small files that each use the next many times (ten nodes of ten nodes of …) are refused with a
    /// <see cref="GraphLoadProblemCodes.TooManyNodes"/> problem before their nodes fill memory.
    /// <c>ReflowOptions.ToGraphLoadOptions</c> sets it to <c>actor_system.max_actors_per_node</c>.
    /// </summary>
    public int MaxNodes { get; init; } = DefaultMaxNodes;

    /// <summary>The capacity of edges whose connection has no <c>capacity</c> metadata (at least 1).</summary>
    public int DefaultEdgeCapacity { get; init; } = NetworkBuilder.DefaultEdgeCapacity;

    /// <summary>
    /// Reads the environment variables that nodes ask for in their <c>env_vars</c> metadata; the process environment,
    /// unchecked, when null. The names are the graph's choice, so a host that runs graphs it does not trust passes a
    /// reader that checks them (<see cref="Permissions.PermissionSet.GetEnvironmentVariable"/>, which
    /// <c>ReflowOptions.ToGraphLoadOptions</c> uses): a refused variable is a load problem naming <c>--allow-env</c>.
    /// </summary>
    public Func<string, string?>? EnvironmentVariables { get; init; }

    /// <summary>
    /// Called with the builder once the graph is in it and before it is built: set supervision policies
    /// (<see cref="NetworkBuilder.Supervise"/>, with the network's node ids such as <c>outer/inner</c>) or add nodes.
    /// </summary>
    public Action<NetworkBuilder>? ConfigureBuilder { get; init; }

    /// <summary>
    /// Node settings that replace (or add to) the graph's, applied after subgraph inheritance and typed by each
    /// component's schema (see <see cref="NodeSetting"/>). A setting for a node the network does not have, for a key the
    /// component's schema does not list, or with a value that does not fit the schema's type is a load problem.
    /// </summary>
    public IReadOnlyList<NodeSetting> Settings { get; init; } = [];

    /// <summary>
    /// These options for a graph a host read from <paramref name="path"/> itself and loads with
    /// <see cref="GraphNetworkLoader.Load"/>: relative names and paths start at the file's directory
    /// (<see cref="BaseDirectory"/>), and a <c>.fbp</c> file's settings are typed from text (<see cref="TextSettings"/>) —
    /// the graph then loads as <see cref="GraphNetworkLoader.LoadFile"/> would load the file.
    /// </summary>
    /// <param name="path">The graph file's path, absolute or relative to the current directory.</param>
    public GraphLoadOptions ForGraphFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return this with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)), TextSettings = SubgraphSource.HasTextSettings(path) };
    }
}
