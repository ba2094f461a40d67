using Reflow.Configuration;
using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Cli;

/// <summary>Reading graph files for the commands, with the errors every command reports the same way.</summary>
internal static class GraphFiles
{
    /// <summary>Reads a graph file (<paramref name="caseSensitive"/>: see <see cref="GraphFile.Load"/>).</summary>
    /// <exception cref="CliUsageException">The file does not exist.</exception>
    /// <exception cref="GraphFormatException">The file is not a valid graph.</exception>
    public static Graph Read(string path, bool caseSensitive = false)
    {
        EnsureExists(path);
        return GraphFile.Load(path, caseSensitive);
    }

    /// <summary>
    /// Reads, validates and builds a graph file's network (subgraphs flattened), with the node settings of
    /// <paramref name="assignments"/>, checking the configuration's limits.
    /// </summary>
    /// <exception cref="GraphLoadException">The graph has errors (unknown components or ports, a setting that does not fit, …); lists all.</exception>
    /// <exception cref="CliUsageException">A <c>--set</c> configuration key also names a node of the graph.</exception>
    public static NetworkDefinition Load(string path, ComponentRegistry registry, ReflowOptions options, Running.SetAssignments? assignments = null)
    {
        EnsureExists(path);
        GraphLoadOptions load = options.ToGraphLoadOptions();
        NetworkDefinition definition = GraphNetworkLoader.LoadFile(path, registry, assignments is null ? load : load with { Settings = assignments.Nodes });
        assignments?.EnsureUnambiguous(definition, path);
        options.EnsureWithinLimits(definition);
        return definition;
    }

    /// <summary>The name a run of <paramref name="path"/> reports in metrics: unique in this process, so a listener can tell runs apart.</summary>
    public static string NetworkName(string path) =>
        $"{Path.GetFileNameWithoutExtension(path)}#{Environment.ProcessId}.{Interlocked.Increment(ref s_runs)}";

    private static int s_runs;

    private static void EnsureExists(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException(Directory.Exists(path)
                ? $"{path} is a directory; give a graph file (.fbp or .json)."
                : $"The graph file {path} does not exist.");
        }
    }
}
