using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Protocol;
using Reflow.Graphs;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// A node's side of shipped scripts: refuses them unless the node accepts scripts, checks each path (it must stay in
/// the folder) and hash again (a node trusts no coordinator to have checked), writes them into a folder private to the
/// run (owner-only, removed with the part), and points the part graph's script components at those copies. They run
/// under this node's own grants and runtime settings only (a grant in the part graph is refused: <see cref="PartGrants"/>).
/// </summary>
internal sealed class PartScripts : IDisposable
{
    private readonly Dictionary<string, string> _local; // the coordinator's resolved path -> the private copy

    private PartScripts(string folder, Dictionary<string, string> local)
    {
        Folder = folder;
        _local = local;
    }

    /// <summary>The run's private folder.</summary>
    public string Folder { get; }

    /// <summary>Installs the scripts of a <c>prepare</c> request (<see cref="ControlRequest.Scripts"/>), or returns null when it has none.</summary>
    /// <param name="shipped">The request's scripts.</param>
    /// <param name="runId">The run (in the folder's name).</param>
    /// <param name="graphFolder">The coordinator's graph folder, as the request names it (<see cref="ControlRequest.BaseDirectory"/>).</param>
    /// <param name="node">This node's name, for the messages.</param>
    /// <param name="accept">Whether this node accepts scripts.</param>
    /// <exception cref="ClusterException">The node does not accept scripts, or a script's path or hash is not right.</exception>
    public static PartScripts? Install(IReadOnlyList<ShippedScript>? shipped, string runId, string? graphFolder, string node, bool accept)
    {
        if (shipped is not { Count: > 0 } scripts)
        {
            return null;
        }

        string names = string.Join(", ", scripts.Select(s => s.Path));
        if (!accept)
        {
            throw new ClusterException($"the coordinator sent {scripts.Count} script file(s) with this part ({names}), and node '{node}' does not accept scripts: start it with --accept-scripts (ClusterNodeOptions.AcceptScripts) to run them under its own grants, or install them on the node and drop them from the deployment's [scripts].");
        }

        foreach (ShippedScript script in scripts)
        {
            if (!ShippedScriptPaths.IsSafeRelative(script.Path, out string? problem))
            {
                throw new ClusterException($"the shipped script \"{script.Path}\" was refused: {problem}.");
            }

            string actual = ShippedScriptPaths.HashOf(script.Content ?? []);
            if (ShippedScriptPaths.ParseHash(script.Sha256 ?? "") != actual)
            {
                throw new ClusterException($"the shipped script \"{script.Path}\" was refused: its content has {actual}, not the {script.Sha256} it came with.");
            }
        }

        // Made owner-only (0700) by .NET on Unix: other users of the machine can neither read nor swap the scripts.
        string folder = Directory.CreateTempSubdirectory($"reflow-{runId}-{node}-").FullName;
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (ShippedScript script in scripts)
            {
                string target = Path.GetFullPath(script.Path, folder);
                if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ClusterException($"the shipped script \"{script.Path}\" was refused: it would be written outside the run's folder.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, script.Content);
                local[ShippedScriptPaths.Resolve(script.Path, graphFolder)] = target;
            }
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        return new PartScripts(folder, local);
    }

    /// <summary>
    /// Points every node of <paramref name="graph"/> that names a shipped script (as its component or its <c>file</c>
    /// setting, from the coordinator's graph folder <paramref name="graphFolder"/>) at the private copy.
    /// </summary>
    public Graph Apply(Graph graph, string? graphFolder)
    {
        foreach (GraphNode node in graph.Nodes.ToArray())
        {
            if (_local.TryGetValue(ShippedScriptPaths.Resolve(node.Component, graphFolder), out string? component))
            {
                graph.SetNodeComponent(node.Id, component);
            }

            if (node.Metadata.GetString(ScriptShipment.FileKey) is { Length: > 0 } file
                && _local.TryGetValue(ShippedScriptPaths.Resolve(file, graphFolder), out string? copy))
            {
                graph.SetNodeMetadata(node.Id, node.Metadata.With(ScriptShipment.FileKey, copy));
            }
        }

        return graph;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A script engine still holding a file: the temp cleaner takes it.
        }
    }
}
