using Reflow.Graphs;

namespace Reflow.Networks;

/// <summary>A graph that can stand in for a component: a registered graph or a graph file.</summary>
/// <param name="Key">
/// What identifies it when looking for recursion: the full path of a file, or the <see cref="Graph"/> object of a
/// registered or in-memory graph (compared by reference).
/// </param>
/// <param name="Graph">The graph.</param>
/// <param name="Display">How problems name it: a file path, <c>registered graph 'name'</c>, <c>graph 'name'</c>.</param>
/// <param name="BaseDirectory">Where graph-file component names inside it resolve; the current directory when null.</param>
internal sealed record SubgraphSource(object Key, Graph Graph, string Display, string? BaseDirectory)
{
    /// <summary>
    /// The graph's node settings were written as text whatever type was meant (a <c>.fbp</c> file): they are typed by
    /// each component's configuration schema (see <see cref="SettingSchema"/>).
    /// </summary>
    public bool TextSettings { get; init; }

    /// <summary>Whether <paramref name="path"/> is a <c>.fbp</c> file, whose settings are text.</summary>
    public static bool HasTextSettings(string path) => string.Equals(Path.GetExtension(path), ".fbp", StringComparison.OrdinalIgnoreCase);
}
