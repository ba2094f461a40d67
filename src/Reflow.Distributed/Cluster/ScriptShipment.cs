using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Protocol;
using Reflow.Graphs;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// The coordinator's side of shipped scripts: reads every file the deployment's <c>[scripts]</c> lists (relative to the
/// graph file's folder), checks each against its hash before anything runs, and tells which of them go with a part:
/// those its nodes name (as their component, or in a <c>file</c> setting), and the listed files no node of the graph
/// names (modules the named scripts import) with every part that gets a named one. Nothing else is ever read or sent.
/// </summary>
internal sealed class ScriptShipment
{
    /// <summary>The node setting that names a script file (Reflow.Scripting's <c>FileKey</c>; this library does not depend on the script host).</summary>
    internal const string FileKey = "file";

    private readonly string? _graphFolder;
    private readonly List<(string Resolved, ShippedScript Script)> _named = [];
    private readonly List<ShippedScript> _imported = [];

    private ScriptShipment(string? graphFolder) => _graphFolder = graphFolder;

    /// <summary>Ships nothing.</summary>
    public static ScriptShipment None { get; } = new(null);

    /// <summary>Reads and checks the deployment's scripts.</summary>
    /// <exception cref="DeploymentException">A listed file is missing, unreadable, or its SHA-256 is not the one listed (every such problem, each with file:line).</exception>
    public static ScriptShipment Load(DeploymentFile deployment, Graph graph, string? graphFolder)
    {
        if (deployment.Scripts.Count == 0)
        {
            return None;
        }

        var shipment = new ScriptShipment(graphFolder);
        HashSet<string> named = NamedScripts(graph, graphFolder);
        var problems = new List<string>();
        foreach ((string path, string expected) in deployment.Scripts)
        {
            // A deployment made in code skipped the reader's checks.
            if (!ShippedScriptPaths.IsSafeRelative(path, out string? unsafePath) || ShippedScriptPaths.ParseHash(expected) != expected)
            {
                problems.Add($"{deployment.Where("scripts", path)}: {unsafePath ?? "the hash must be \"sha256:\" and 64 lowercase hex digits"}");
                continue;
            }

            string file = Path.GetFullPath(path, graphFolder ?? Directory.GetCurrentDirectory());
            byte[] content;
            try
            {
                content = File.ReadAllBytes(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{deployment.Where("scripts", path)}: the script {file} cannot be read ({ex.Message})");
                continue;
            }

            string actual = ShippedScriptPaths.HashOf(content);
            if (actual != expected)
            {
                problems.Add($"{deployment.Where("scripts", path)}: the script {file} has {actual}, not the {expected} the deployment states: it changed since the deployment was written, or the hash is wrong; nothing was run");
                continue;
            }

            var script = new ShippedScript(path, expected, content);
            string resolved = ShippedScriptPaths.Resolve(path, graphFolder);
            if (named.Contains(resolved))
            {
                shipment._named.Add((resolved, script));
            }
            else
            {
                shipment._imported.Add(script);
            }
        }

        return problems.Count > 0 ? throw new DeploymentException(problems) : shipment;
    }

    /// <summary>The scripts that go with a part, or null when none does.</summary>
    public IReadOnlyList<ShippedScript>? For(Graph part)
    {
        if (_named.Count == 0)
        {
            return null;
        }

        HashSet<string> named = NamedScripts(part, _graphFolder);
        List<ShippedScript> scripts = [.. _named.Where(s => named.Contains(s.Resolved)).Select(s => s.Script)];
        return scripts.Count == 0 ? null : [.. scripts, .. _imported];
    }

    /// <summary>Every path a node of <paramref name="graph"/> names as a script: its component, or its <c>file</c> setting.</summary>
    internal static HashSet<string> NamedScripts(Graph graph, string? graphFolder)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (GraphNode node in graph.Nodes)
        {
            foreach (string name in ScriptNames(node))
            {
                named.Add(ShippedScriptPaths.Resolve(name, graphFolder));
            }
        }

        return named;
    }

    /// <summary>What a node may name as a script file: its component, and its <c>file</c> setting when that is text.</summary>
    internal static IEnumerable<string> ScriptNames(GraphNode node)
    {
        if (node.Component.Length > 0)
        {
            yield return node.Component;
        }

        if (node.Metadata.GetString(FileKey) is { Length: > 0 } file)
        {
            yield return file;
        }
    }
}
